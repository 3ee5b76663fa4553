package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fifty kernel starts in a row, each by Jupyter's own client up to the first result of {@code 1 + 1}:
 * a start that hangs, dies or loses its first reply fails the build. Each start does the least a
 * notebook does (start, connect, one cell, shut down), so the 50 take a few minutes at most.
 */
class KernelStartsIT {
    static final int STARTS = 50;

    @TempDir
    static Path prefix;

    @Test
    void fiftyStartsInARowAllReachAFirstResult() throws Exception {
        Jupyter.assume();
        Jupyter.installKernel(prefix, "-Xmx512m");
        Jupyter.Result r = Jupyter.run(List.of(Jupyter.PYTHON, Jupyter.pythonScript("start_kernels.py").toString(),
                Jupyter.KERNEL_NAME, String.valueOf(STARTS)), Jupyter.jupyterEnv(prefix), 900);
        assertEquals(0, r.exit(), r.out());
        List<JsonObject> starts = new ArrayList<>();
        JsonObject done = null;
        for (String line : r.out().lines().toList()) {
            if (!line.startsWith("{")) {
                continue;  // the kernel's own stderr lines (incubator warning, extension status)
            }
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            if (o.has("done")) {
                done = o;
            } else {
                starts.add(o);
            }
        }
        assertEquals(STARTS, starts.size(), r.out());
        double slowest = 0;
        double sum = 0;
        for (JsonObject s : starts) {
            assertTrue(s.has("result") && !s.get("result").isJsonNull() && s.get("result").getAsString().equals("2"),
                    "start " + s.get("start") + " did not reach its first result: " + s);
            slowest = Math.max(slowest, s.get("result_s").getAsDouble());
            sum += s.get("result_s").getAsDouble();
        }
        System.out.printf("%d starts in %.1f s: start -> first result mean %.2f s, slowest %.2f s%n",
                STARTS, done.get("seconds").getAsDouble(), sum / STARTS, slowest);
    }
}
