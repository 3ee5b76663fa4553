package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * One real kernel process, started and spoken to by Jupyter's own client ({@code kernel_bridge.py}
 * over jupyter_client), for the lifetime of a test class.
 */
final class KernelSession implements AutoCloseable {
    private final Process bridge;
    private final Writer toBridge;
    private final BufferedReader fromBridge;

    KernelSession(Path prefix, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Jupyter.PYTHON, Jupyter.pythonScript("kernel_bridge.py").toString(),
                Jupyter.KERNEL_NAME);
        pb.environment().putAll(Jupyter.jupyterEnv(prefix));
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT); // kernel log lines go to the test log
        bridge = pb.start();
        toBridge = new OutputStreamWriter(bridge.getOutputStream(), StandardCharsets.UTF_8);
        fromBridge = new BufferedReader(new InputStreamReader(bridge.getInputStream(), StandardCharsets.UTF_8));
        JsonObject hello = read();
        assertTrue(hello.get("ready").getAsBoolean(), "kernel did not become ready: " + hello);
    }

    private JsonObject read() throws IOException {
        String line = fromBridge.readLine();
        if (line == null) {
            fail("kernel bridge exited");
        }
        return JsonParser.parseString(line).getAsJsonObject();
    }

    JsonObject request(JsonObject req) throws IOException {
        toBridge.write(req + "\n");
        toBridge.flush();
        JsonObject answer = read();
        if (answer.has("error")) {
            fail("bridge error for " + req + ": " + answer.get("error"));
        }
        return answer;
    }

    Execution execute(String code) throws IOException {
        JsonObject req = new JsonObject();
        req.addProperty("op", "execute");
        req.addProperty("code", code);
        return new Execution(request(req));
    }

    /** Executes and sends an interrupt once stdout shows {@code marker}. */
    Execution executeAndInterrupt(String code, String marker) throws IOException {
        JsonObject req = new JsonObject();
        req.addProperty("op", "execute");
        req.addProperty("code", code);
        req.addProperty("interrupt_on", marker);
        req.addProperty("timeout", 60);
        return new Execution(request(req));
    }

    JsonObject reply(String op, String code, int cursor) throws IOException {
        JsonObject req = new JsonObject();
        req.addProperty("op", op);
        if (code != null) {
            req.addProperty("code", code);
            req.addProperty("cursor_pos", cursor);
        }
        return request(req).getAsJsonObject("reply");
    }

    boolean alive() throws IOException {
        JsonObject req = new JsonObject();
        req.addProperty("op", "alive");
        return request(req).get("alive").getAsBoolean();
    }

    /** Asks the kernel to shut down; returns whether it is still alive afterwards. */
    boolean shutdown() throws IOException {
        JsonObject req = new JsonObject();
        req.addProperty("op", "shutdown");
        return request(req).get("alive").getAsBoolean();
    }

    @Override
    public void close() throws IOException {
        toBridge.close();
        try {
            if (!bridge.waitFor(30, TimeUnit.SECONDS)) {
                bridge.destroyForcibly();
            }
        } catch (InterruptedException e) {
            bridge.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The shell reply and the IOPub messages of one execute_request. */
    record Execution(JsonObject raw) {
        JsonObject reply() {
            assertTrue(raw.has("reply"), "execute timed out; IOPub so far: " + raw.get("iopub"));
            return raw.getAsJsonObject("reply");
        }

        String status() {
            return reply().get("status").getAsString();
        }

        List<JsonObject> iopub(String msgType) {
            List<JsonObject> out = new ArrayList<>();
            for (JsonElement m : raw.getAsJsonArray("iopub")) {
                if (m.getAsJsonObject().get("msg_type").getAsString().equals(msgType)) {
                    out.add(m.getAsJsonObject().getAsJsonObject("content"));
                }
            }
            return out;
        }

        /** text/plain of the execute_result, or null when the cell had no value. */
        String result() {
            List<JsonObject> r = iopub("execute_result");
            return r.isEmpty() ? null : r.get(0).getAsJsonObject("data").get("text/plain").getAsString();
        }

        String stream(String name) {
            StringBuilder b = new StringBuilder();
            for (JsonObject s : iopub("stream")) {
                if (s.get("name").getAsString().equals(name)) {
                    b.append(s.get("text").getAsString());
                }
            }
            return b.toString();
        }

        JsonObject error() {
            List<JsonObject> e = iopub("error");
            assertTrue(e.size() == 1, "expected one error message: " + raw);
            return e.get(0);
        }

        String traceback() {
            JsonArray tb = error().getAsJsonArray("traceback");
            StringBuilder b = new StringBuilder();
            tb.forEach(l -> b.append(l.getAsString()).append('\n'));
            return b.toString();
        }
    }
}
