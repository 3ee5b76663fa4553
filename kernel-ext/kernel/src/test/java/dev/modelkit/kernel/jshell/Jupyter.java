package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * What the kernel tests need from the machine: Debian's Python with jupyter_client/nbconvert, the
 * shaded kernel jar, and a kernelspec installed from it into a temporary prefix.
 */
final class Jupyter {
    static final String PYTHON = "/usr/bin/python3";
    static final String KERNEL_NAME = "modelkit-test";

    private Jupyter() {
    }

    /** Fails when env MODELKIT_REQUIRE_JUPYTER=1 and Jupyter is missing; otherwise skips. */
    static void assume() {
        String why = missing();
        if (why == null) {
            return;
        }
        if ("1".equals(System.getenv("MODELKIT_REQUIRE_JUPYTER"))) {
            fail("MODELKIT_REQUIRE_JUPYTER=1 but " + why);
        }
        Assumptions.abort("skipped: " + why + " (set MODELKIT_REQUIRE_JUPYTER=1 to make this a failure)");
    }

    private static String missing() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return PYTHON + " is not installed";
        }
        for (String command : List.of("/usr/bin/jupyter", "/usr/bin/jupyter-nbconvert")) {
            if (!Files.isExecutable(Path.of(command))) {
                return command + " is not installed (Debian packages jupyter-core, jupyter-nbconvert)";
            }
        }
        try {
            Result r = run(List.of(PYTHON, "-c", "import jupyter_client, nbconvert, nbclient"), Map.of(), 60);
            return r.exit == 0 ? null : "Debian's Jupyter (jupyter_client, nbconvert, nbclient) is missing: " + r.out;
        } catch (IOException e) {
            return "cannot run " + PYTHON + ": " + e.getMessage();
        }
    }

    static Path kernelJar() {
        Path jar = Path.of(System.getProperty("modelkit.kernel.jar", "target/modelkit-kernel.jar"));
        assertTrue(Files.isRegularFile(jar), "shaded kernel jar missing (run through `verify`): " + jar);
        return jar;
    }

    static Path pythonScript(String name) {
        return Path.of(System.getProperty("modelkit.python.dir", "src/test/python")).resolve(name).toAbsolutePath();
    }

    /** Installs the kernelspec with the real installer; returns the prefix (JUPYTER_PATH = prefix/share/jupyter). */
    static Path installKernel(Path prefix, String heap) throws IOException {
        Result r = run(List.of(javaBin(), "-jar", kernelJar().toString(), "install", "--prefix", prefix.toString(),
                "--name", KERNEL_NAME), Map.of("MODELKIT_KERNEL_HEAP", heap), 120);
        assertTrue(r.exit == 0, "install failed: " + r.out);
        return prefix;
    }

    static Map<String, String> jupyterEnv(Path prefix) {
        return Map.of("JUPYTER_PATH", prefix.resolve("share/jupyter").toString(),
                "PYDEVD_DISABLE_FILE_VALIDATION", "1");
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    record Result(int exit, String out) {
    }

    /** Runs a command to completion, stdout and stderr merged. */
    static Result run(List<String> cmd, Map<String, String> env, int timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out after " + timeoutSeconds + " s: " + cmd);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
