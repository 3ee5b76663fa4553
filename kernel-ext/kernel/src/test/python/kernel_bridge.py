"""Drives one running kernel with the real Jupyter client, on behalf of a JUnit test.

Usage: /usr/bin/python3 kernel_bridge.py KERNEL_NAME   (kernelspec found through JUPYTER_PATH)

Starts the kernel with jupyter_client's KernelManager (random free ports, written connection
file, HMAC signing), then answers one JSON request per stdin line with one JSON line on stdout:
  {"op": "execute", "code": "...", "interrupt_on": "text"?, "timeout": s?}
      -> {"reply": {...}, "iopub": [{"msg_type": ..., "content": {...}}, ...]}
  {"op": "kernel_info" | "is_complete" | "complete" | "inspect", ...}  -> {"reply": {...}}
  (an execute that times out answers {"timeout": true, "iopub": [...]})
  {"op": "alive"} -> {"alive": bool};  {"op": "shutdown"} -> {"alive": bool}
"interrupt_on" sends an interrupt once a stream message containing that text arrived.
"""
import json
import queue
import sys
import time

from jupyter_client.manager import KernelManager


def send(obj):
    sys.stdout.write(json.dumps(obj, default=str) + "\n")
    sys.stdout.flush()


def shell_reply(kc, msg_id, timeout):
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg["content"]


def execute(km, kc, req):
    timeout = req.get("timeout", 120)
    msg_id = kc.execute(req["code"], allow_stdin=False)
    interrupt_on = req.get("interrupt_on")
    iopub = []
    deadline = time.monotonic() + timeout
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            return {"timeout": True, "iopub": iopub}
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        iopub.append({"msg_type": msg["msg_type"], "content": msg["content"]})
        if interrupt_on and msg["msg_type"] == "stream" and interrupt_on in msg["content"]["text"]:
            interrupt_on = None
            km.interrupt_kernel()
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    return {"reply": shell_reply(kc, msg_id, timeout), "iopub": iopub}


def main():
    km = KernelManager(kernel_name=sys.argv[1])
    started = time.monotonic()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=90)
    except RuntimeError as e:
        send({"ready": False, "error": str(e)})
        km.shutdown_kernel(now=True)
        return
    send({"ready": True, "seconds": time.monotonic() - started})
    for line in sys.stdin:
        req = json.loads(line)
        op = req["op"]
        try:
            if op == "execute":
                send(execute(km, kc, req))
            elif op == "kernel_info":
                send({"reply": shell_reply(kc, kc.kernel_info(), 30)})
            elif op == "is_complete":
                send({"reply": shell_reply(kc, kc.is_complete(req["code"]), 30)})
            elif op == "complete":
                send({"reply": shell_reply(kc, kc.complete(req["code"], req["cursor_pos"]), 60)})
            elif op == "inspect":
                send({"reply": shell_reply(kc, kc.inspect(req["code"], req["cursor_pos"], req.get("detail_level", 0)), 60)})
            elif op == "alive":
                send({"alive": km.is_alive()})
            elif op == "shutdown":
                kc.stop_channels()
                km.shutdown_kernel(now=False)
                send({"alive": km.is_alive()})
                return
            else:
                send({"error": "unknown op " + op})
        except Exception as e:  # report, keep serving: the Java side asserts on it
            send({"error": type(e).__name__ + ": " + str(e)})
    if km.is_alive():
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
