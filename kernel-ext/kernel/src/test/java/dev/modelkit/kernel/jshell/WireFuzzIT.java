package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZMQ;

/**
 * Issue 15: malformed, unauthenticated and replayed messages sent straight to the real kernel
 * jar's ZeroMQ ports on 127.0.0.1. After every one the kernel must still answer on that channel
 * and run a valid execute_request; no unauthenticated code may run; every drop leaves a log line.
 * Bounded: a fixed list of kinds on shell and control, plus {@value #RANDOM_MESSAGES} seeded
 * random messages; each wait is at most {@value #REPLY_MS} ms.
 */
class WireFuzzIT {
    static final int RANDOM_MESSAGES = 40;
    static final long REPLY_MS = 20_000;
    /** Small limit for the test, so the over-limit frame stays cheap; the default is 64 MiB. */
    static final int FRAME_LIMIT = 4 << 20;

    @TempDir
    static Path tmp;
    private static Process kernel;
    private static Path logFile;
    private static WireClient client;
    private static String key;
    private static final Map<String, String> RESULTS = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        key = HexFormat.of().formatHex(new Random(15).ints(16, 0, 256).collect(
                java.io.ByteArrayOutputStream::new, (b, i) -> b.write(i), (a, b) -> { }).toByteArray());
        int[] ports = freePorts(5);
        kernel = startKernel(connectionFile("conn.json", key, ports), logFile = tmp.resolve("kernel.log"));
        client = new WireClient(key, ports[0], ports[1], ports[2]);
        WireClient.Reply info = null;
        for (int i = 0; i < 10 && info == null; i++) { // the first connect may miss the first message
            info = client.request(client.shell, "kernel_info_request", new JsonObject(), 6000);
        }
        assertNotNull(info, "kernel never answered kernel_info; log:\n" + log());
    }

    @AfterAll
    static void stop() throws Exception {
        RESULTS.forEach((k, v) -> System.out.println("wire fuzz: " + k + " -> " + v));
        if (client != null) {
            WireClient.Reply r = client.request(client.control, "shutdown_request", new JsonObject(), 10_000);
            client.close();
            assertNotNull(r, "shutdown_request on control got no reply");
        }
        if (kernel != null && !kernel.waitFor(20, TimeUnit.SECONDS)) {
            kernel.destroyForcibly();
            fail("kernel did not exit after shutdown_request");
        }
    }

    static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> open = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
            open.add(s);
            ports[i] = s.getLocalPort();
        }
        for (ServerSocket s : open) {
            s.close();
        }
        return ports;
    }

    /** Ports: shell, control, stdin, hb, iopub. {@code key == null} leaves the field out. */
    static Path connectionFile(String name, String key, int[] ports) throws IOException {
        JsonObject c = new JsonObject();
        c.addProperty("ip", "127.0.0.1");
        c.addProperty("transport", "tcp");
        c.addProperty("shell_port", ports[0]);
        c.addProperty("control_port", ports[1]);
        c.addProperty("stdin_port", ports[2]);
        c.addProperty("hb_port", ports[3]);
        c.addProperty("iopub_port", ports[4]);
        c.addProperty("signature_scheme", "hmac-sha256");
        if (key != null) {
            c.addProperty("key", key);
        }
        return Files.writeString(tmp.resolve(name), c.toString());
    }

    static Process startKernel(Path connection, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Jupyter.javaBin(), "-Xmx512m", "-jar", Jupyter.kernelJar().toString(),
                connection.toString());
        pb.environment().put("MODELKIT_MAX_FRAME_BYTES", String.valueOf(FRAME_LIMIT));
        pb.environment().remove("JPY_PARENT_PID");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    static String log() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static long dropLines(String channel) {
        return log().lines().filter(l -> l.startsWith("[modelkit wire] " + channel + ": dropped a message: ")).count();
    }

    /** Waits until the log holds {@code expected} drop lines for {@code channel}; returns the newest. */
    static String awaitDropLine(String channel, long expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + REPLY_MS;
        while (System.currentTimeMillis() < deadline) {
            List<String> lines = log().lines()
                    .filter(l -> l.startsWith("[modelkit wire] " + channel + ": dropped a message: ")).toList();
            if (lines.size() >= expected) {
                return lines.get(lines.size() - 1);
            }
            Thread.sleep(20);
        }
        fail("no log line for a dropped message on " + channel + "; log:\n" + log());
        return null;
    }

    /** The kernel still serves {@code socket}'s channel and shell still executes code. */
    static void assertStillServing(ZMQ.Socket socket, String after) {
        WireClient.Reply info = client.request(socket, "kernel_info_request", new JsonObject(), REPLY_MS);
        assertNotNull(info, "no kernel_info_reply after " + after + "; log:\n" + log());
        WireClient.Reply exec = client.request(client.shell, "execute_request", WireClient.execute("1 + 1"), REPLY_MS);
        assertNotNull(exec, "no execute_reply after " + after + "; log:\n" + log());
        assertEquals("ok", exec.content().get("status").getAsString(), exec.content().toString());
    }

    static String probeCode(Path file) {
        return "java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + file.toString().replace("\\", "\\\\")
                + "\"), \"ran\\n\", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);";
    }

    /**
     * One kind of bad message: {@code expect} is the kind the log line must name, {@code build} makes its frames (given a header), {@code errorReply}
     * says whether the protocol lets the kernel answer it with an error reply.
     */
    record Kind(String expect, String name, boolean errorReply, Function<JsonObject, List<byte[]>> build) {
    }

    static List<Kind> kinds(String channel) {
        byte[] empty = WireClient.utf8("{}");
        Path probe = tmp.resolve("probe-" + channel);
        return List.of(
                new Kind("bad signature", "execute_request signed with the wrong key", false,
                        h -> client.frames("0123456789abcdef", WireClient.utf8(h), empty, empty,
                                WireClient.utf8(WireClient.execute(probeCode(probe))))),
                new Kind("bad signature", "execute_request with an empty signature", false,
                        h -> client.frames("", WireClient.utf8(h), empty, empty,
                                WireClient.utf8(WireClient.execute(probeCode(probe))))),
                new Kind("bad framing", "too few frames", false, h -> List.of(WireClient.DELIMITER, "sig".getBytes(), WireClient.utf8(h))),
                new Kind("bad framing", "no <IDS|MSG> delimiter", false, h -> List.of(WireClient.utf8(h), empty, empty, empty)),
                new Kind("non-JSON header", "signed header that is not JSON", false,
                        h -> client.frames(key, unique("{not json ", h), empty, empty, empty)),
                new Kind("wrongly typed header", "signed header that is a JSON array", false,
                        h -> client.frames(key, unique("[1, 2, ", h, "]"), empty, empty, empty)),
                new Kind("non-JSON header", "signed header that is not UTF-8", false,
                        h -> {
                            byte[] text = unique("{}", h);
                            text[0] = (byte) 0xff; // not UTF-8; the msg_id keeps it unique, so no replay
                            return client.frames(key, text, empty, empty, empty);
                        }),
                new Kind("wrongly typed field", "signed header whose msg_id is a number", false, h -> {
                    h.addProperty("msg_id", 42);
                    return client.frames(key, WireClient.utf8(h), empty, empty, empty);
                }),
                new Kind("missing field", "signed header without msg_type", false, h -> {
                    h.remove("msg_type");
                    return client.frames(key, WireClient.utf8(h), empty, empty, empty);
                }),
                new Kind("wrongly typed content", "signed execute_request whose content is a JSON array", true,
                        h -> client.frames(key, WireClient.utf8(h), empty, empty, "[1,2,3]".getBytes())),
                new Kind("wrongly typed parent_header", "signed execute_request whose parent_header is a string", true,
                        h -> client.frames(key, WireClient.utf8(h), "\"x\"".getBytes(), empty,
                                WireClient.utf8(WireClient.execute("1")))),
                new Kind("non-JSON metadata", "signed execute_request whose metadata is not JSON", true,
                        h -> client.frames(key, WireClient.utf8(h), empty, "{{".getBytes(),
                                WireClient.utf8(WireClient.execute("1")))),
                new Kind("missing field", "signed execute_request without code", true,
                        h -> client.frames(key, WireClient.utf8(h), empty, empty, empty)),
                new Kind("wrongly typed field", "signed execute_request whose code is a number", true, h -> {
                    JsonObject c = WireClient.execute("1");
                    c.addProperty("code", 7);
                    return client.frames(key, WireClient.utf8(h), empty, empty, WireClient.utf8(c));
                }),
                new Kind("wrongly typed field", "signed complete_request whose cursor_pos is a string", true, h -> {
                    h.addProperty("msg_type", "complete_request");
                    JsonObject c = new JsonObject();
                    c.addProperty("code", "Math.");
                    c.addProperty("cursor_pos", "5");
                    return client.frames(key, WireClient.utf8(h), empty, empty, WireClient.utf8(c));
                }),
                new Kind("unknown msg_type", "signed unknown msg_type", false, h -> {
                    h.addProperty("msg_type", "no_such_request");
                    return client.frames(key, WireClient.utf8(h), empty, empty, empty);
                }),
                new Kind("frame too large", "unsigned message with an 8 MiB frame (limit " + FRAME_LIMIT + ")", false,
                        h -> client.frames("", WireClient.utf8(h), empty, empty, new byte[8 << 20])),
                new Kind("bad framing", "a single empty frame", false, h -> List.of(new byte[0])));
    }

    /**
     * Bytes that are different for every message: the kernel's replay history spans channels (as
     * Jupyter's Session does), so the same bad bytes sent on control would be refused as a replay.
     */
    static byte[] unique(String prefix, JsonObject header, String... suffix) {
        return (prefix + "\"" + header.get("msg_id").getAsString() + "\"" + String.join("", suffix))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void everyBadMessageIsDroppedLoggedAndTheKernelKeepsServing() throws Exception {
        for (String channel : List.of("shell", "control")) {
            ZMQ.Socket socket = channel.equals("shell") ? client.shell : client.control;
            for (Kind kind : kinds(channel)) {
                long before = dropLines(channel);
                JsonObject header = client.header("execute_request");
                String msgId = header.get("msg_id").getAsString();
                WireClient.send(socket, kind.build().apply(header));
                String line = awaitDropLine(channel, before + 1);
                assertTrue(line.contains("dropped a message: " + kind.expect()), kind.name() + ": " + line);
                String result = "dropped, logged \"" + line.substring(line.indexOf("dropped")) + "\"";
                if (kind.errorReply()) {
                    WireClient.Reply r = client.await(socket, msgId, REPLY_MS);
                    assertNotNull(r, kind.name() + " on " + channel + ": no error reply");
                    assertEquals("error", r.content().get("status").getAsString(), r.content().toString());
                    result += ", error reply " + r.msgType() + " (" + r.content().get("evalue").getAsString() + ")";
                }
                assertStillServing(socket, kind.name() + " on " + channel);
                RESULTS.put(channel + ": " + kind.name(), result + ", kernel still serving");
            }
            assertFalse(Files.exists(tmp.resolve("probe-" + channel)), "unauthenticated code ran on " + channel);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void badStdinMessagesAreDroppedWhileACellWaitsForInput() throws Exception {
        JsonObject h = client.header("execute_request");
        JsonObject content = WireClient.execute(
                "String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();\n"
                + "if (!\"typed\".equals(line)) throw new IllegalStateException(\"read \" + line);"); // ok only if read
        content.addProperty("allow_stdin", true);
        WireClient.send(client.shell, client.signed(h, content));
        WireClient.Reply ask = client.await(client.stdin, h.get("msg_id").getAsString(), REPLY_MS);
        assertNotNull(ask, "no input_request on stdin; log:\n" + log());
        assertEquals("input_request", ask.msgType());
        JsonObject parent = ask.header();
        JsonObject value = new JsonObject();
        value.addProperty("value", "typed");
        JsonObject noValue = new JsonObject();
        List<List<byte[]>> bad = List.of(
                client.frames("0123456789abcdef", WireClient.utf8(client.header("input_reply")), WireClient.utf8(parent),
                        WireClient.utf8("{}"), WireClient.utf8(value)),
                client.signedReply(client.header("input_reply"), parent, noValue),
                client.signedReply(client.header("execute_request"), parent, WireClient.execute("1")),
                List.of(WireClient.DELIMITER, "x".getBytes()));
        List<String> kinds = List.of("bad signature", "missing field", "unexpected msg_type on stdin", "bad framing");
        for (int i = 0; i < bad.size(); i++) {
            long before = dropLines("stdin");
            WireClient.send(client.stdin, bad.get(i));
            String line = awaitDropLine("stdin", before + 1);
            assertTrue(line.contains(kinds.get(i)), line);
            RESULTS.put("stdin, while a cell waits for input: " + kinds.get(i),
                    "dropped, logged \"" + line.substring(line.indexOf("dropped")) + "\", the cell keeps waiting");
        }
        WireClient.send(client.stdin, client.signedReply(client.header("input_reply"), parent, value));
        WireClient.Reply done = client.await(client.shell, h.get("msg_id").getAsString(), REPLY_MS);
        assertNotNull(done, "the cell never finished; log:\n" + log());
        assertEquals("ok", done.content().get("status").getAsString(), done.content().toString());
        assertStillServing(client.shell, "bad stdin messages");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aReplayedSignedRequestRunsOnce() throws Exception {
        Path counter = tmp.resolve("replay-counter");
        JsonObject h = client.header("execute_request");
        List<byte[]> frames = client.signed(h, WireClient.execute(probeCode(counter)));
        WireClient.send(client.shell, frames);
        assertNotNull(client.await(client.shell, h.get("msg_id").getAsString(), REPLY_MS), "the original got no reply");
        long before = dropLines("shell");
        WireClient.send(client.shell, frames);
        String line = awaitDropLine("shell", before + 1);
        assertTrue(line.contains("replayed message"), line);
        assertStillServing(client.shell, "a replay");
        assertEquals("ran\n", Files.readString(counter), "the replayed request ran again");
        RESULTS.put("shell: replay of a signed execute_request", "dropped, logged \"" + line.substring(line.indexOf("dropped"))
                + "\", ran once, kernel still serving");
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void seededRandomFramesNeverStopTheKernel() throws Exception {
        Random random = new Random(20261201L);
        for (int i = 0; i < RANDOM_MESSAGES; i++) {
            String channel = i % 2 == 0 ? "shell" : "control";
            ZMQ.Socket socket = channel.equals("shell") ? client.shell : client.control;
            List<byte[]> frames = new ArrayList<>();
            int n = 1 + random.nextInt(8);
            for (int f = 0; f < n; f++) {
                byte[] b = new byte[random.nextInt(random.nextBoolean() ? 16 : 4096)];
                random.nextBytes(b);
                frames.add(b);
            }
            if (random.nextBoolean()) { // sometimes framed, so the signature check is what refuses it
                frames.add(random.nextInt(frames.size() + 1), WireClient.DELIMITER);
            }
            long before = dropLines(channel);
            WireClient.send(socket, frames);
            awaitDropLine(channel, before + 1);
            assertStillServing(socket, "random message " + i + " on " + channel);
        }
        RESULTS.put("shell+control: " + RANDOM_MESSAGES + " seeded random messages of 1-9 random frames",
                "all dropped and logged, kernel still serving");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aConnectionFileWithoutKeyIsRefusedAndAnEmptyKeyWarns() throws Exception {
        Path noKeyLog = tmp.resolve("nokey.log");
        Process noKey = startKernel(connectionFile("nokey.json", null, freePorts(5)), noKeyLog);
        assertTrue(noKey.waitFor(60, TimeUnit.SECONDS), "a kernel without key kept running");
        assertEquals(2, noKey.exitValue());
        assertTrue(Files.readString(noKeyLog).contains("\"key\" is missing"), Files.readString(noKeyLog));

        int[] ports = freePorts(5);
        Path emptyLog = tmp.resolve("emptykey.log");
        Process open = startKernel(connectionFile("emptykey.json", "", ports), emptyLog);
        try (WireClient unsigned = new WireClient("", ports[0], ports[1], ports[2])) {
            WireClient.Reply r = null;
            for (int i = 0; i < 10 && r == null; i++) {
                r = unsigned.request(unsigned.shell, "execute_request", WireClient.execute("2 + 3"), 6000);
            }
            assertNotNull(r, "the empty-key kernel did not answer; log:\n" + Files.readString(emptyLog));
            assertEquals("ok", r.content().get("status").getAsString());
            assertTrue(Files.readString(emptyLog).contains("\"key\" is empty: messages are NOT authenticated"),
                    Files.readString(emptyLog));
            unsigned.request(unsigned.control, "shutdown_request", new JsonObject(), 10_000);
        } finally {
            if (!open.waitFor(20, TimeUnit.SECONDS)) {
                open.destroyForcibly();
            }
        }
        RESULTS.put("connection file without \"key\"", "kernel exits 2 naming the field");
        RESULTS.put("connection file with \"key\": \"\"", "kernel runs unsigned messages and warns in its log");
    }
}
