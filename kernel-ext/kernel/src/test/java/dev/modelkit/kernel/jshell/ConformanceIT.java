package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jupyter's generic kernel conformance suite, {@code jupyter_kernel_test} (Debian's
 * python3-jupyter-kernel-test), run on the installed kernel with every sample set filled
 * ({@code src/test/python/conformance_test.py}). Skipped with a message when the module is
 * missing, unless MODELKIT_REQUIRE_JUPYTER=1.
 */
class ConformanceIT {
    @TempDir
    Path prefix;

    @Test
    void jupyterKernelTestPassesEveryTest() throws Exception {
        Jupyter.assume();
        Jupyter.Result probe = Jupyter.run(List.of(Jupyter.PYTHON, "-c", "import jupyter_kernel_test"), Map.of(), 60);
        if (probe.exit() != 0) {
            String why = "jupyter_kernel_test is missing (Debian package python3-jupyter-kernel-test)";
            if ("1".equals(System.getenv("MODELKIT_REQUIRE_JUPYTER"))) {
                fail("MODELKIT_REQUIRE_JUPYTER=1 but " + why + ": " + probe.out());
            }
            Assumptions.abort("skipped: " + why + " (set MODELKIT_REQUIRE_JUPYTER=1 to make this a failure)");
        }
        Jupyter.installKernel(prefix, "-Xmx512m");
        Map<String, String> env = new HashMap<>(Jupyter.jupyterEnv(prefix));
        env.put("MODELKIT_KERNEL_NAME", Jupyter.KERNEL_NAME);
        env.put("PYTHONPATH", Jupyter.pythonScript("conformance_test.py").getParent().toString());
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        Jupyter.Result r = Jupyter.run(List.of(Jupyter.PYTHON, "-m", "unittest", "-v", "conformance_test"), env, 600);
        System.out.println(r.out());
        assertEquals(0, r.exit(), "jupyter_kernel_test failed:\n" + r.out());
        assertFalse(r.out().contains("skipped"), "a conformance test was skipped:\n" + r.out());
    }
}
