"""Jupyter's own kernel conformance suite (jupyter_kernel_test) against the ModelKit kernel.

Run by ConformanceIT: /usr/bin/python3 -m unittest -v conformance_test, with JUPYTER_PATH
pointing at a prefix holding the kernelspec named in env MODELKIT_KERNEL_NAME. Every sample
set the suite knows is filled, so no test is skipped for want of a sample.
"""
import os
import unittest

import jupyter_kernel_test as jkt
from jupyter_client.utils import run_sync


class ModelKitKernelTests(jkt.KernelTests):
    kernel_name = os.environ.get("MODELKIT_KERNEL_NAME", "modelkit")
    language_name = "java"
    file_extension = ".java"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("a warning");'

    # JShell's suggestions; "Math.ma" has one continuation, the max overloads' "max(".
    completion_samples = [
        {"text": "Math.ma", "matches": {"max("}},
        {"text": "String.valueO", "matches": {"valueOf("}},
        {"text": "Sys"},
    ]

    complete_code_samples = ["1 + 1", "int x = 1;", "void f() {}\nf();", "import java.util.*;"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "Math.max(1,", "class A {", 'String s = "a" +']
    invalid_code_samples = ["1 + )", "}", "int x = 1; }", '"no end']

    # Right after the name (the suite puts the cursor at the end of the code).
    code_inspect_sample = "Math.max"

    code_generate_error = 'throw new IllegalStateException("boom");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"ab" + "cd"', "result": "abcd"},
        {"code": "java.util.List.of(1, 2)", "result": "[1, 2]"},
    ]
    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "6 ? 7"  # SQLite GLOB, as IPython: ? is one character

    code_display_data = [
        {"code": 'display("shown")', "mime": "text/plain"},
        {"code": 'display("<b>bold</b>", "text/html")', "mime": "text/html"},
    ]

    # IPython's help syntax: the documentation comes back as the execute_reply's "page" payload.
    code_page_something = "Math.max?"

    code_clear_output = 'System.out.println("gone"); clearOutput();'

    def test_inspect_cursor_inside_name(self):
        self.flush_channels()
        code = "Math.max(1, 2)"
        msg_id = self.kc.inspect(code, cursor_pos=code.index("max") + 1)
        reply = self.get_non_kernel_info_reply(timeout=jkt.TIMEOUT)
        jkt.validate_message(reply, "inspect_reply", msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertTrue(reply["content"]["found"])
        self.assertIn("max(", reply["content"]["data"]["text/plain"])

    def test_is_complete_suggests_indent(self):
        self.flush_channels()
        for code, indent in (("for (int i = 0; i < 3; i++) {", "    "),
                             ("void f() {\n    if (true) {", "        ")):
            msg_id = self.kc.is_complete(code)
            reply = self.get_non_kernel_info_reply(timeout=jkt.TIMEOUT)
            jkt.validate_message(reply, "is_complete_reply", msg_id)
            self.assertEqual(reply["content"]["status"], "incomplete")
            self.assertEqual(reply["content"]["indent"], indent, code)

    def test_update_display_data(self):
        self.flush_channels()
        reply, output = self.execute_helper('String id = display("first");\nupdateDisplay(id, "second");')
        self.assertEqual(reply["content"]["status"], "ok")
        kinds = [m["msg_type"] for m in output]
        self.assertEqual(kinds, ["display_data", "update_display_data"], kinds)
        shown, updated = output
        self.assertEqual(shown["content"]["transient"]["display_id"], updated["content"]["transient"]["display_id"])
        self.assertEqual(updated["content"]["data"]["text/plain"], "second")

    def test_clear_output_wait(self):
        self.flush_channels()
        reply, output = self.execute_helper("clearOutput(true);")
        self.assertEqual(reply["content"]["status"], "ok")
        clears = [m for m in output if m["msg_type"] == "clear_output"]
        self.assertEqual(len(clears), 1)
        self.assertTrue(clears[0]["content"]["wait"])


if __name__ == "__main__":
    unittest.main()
