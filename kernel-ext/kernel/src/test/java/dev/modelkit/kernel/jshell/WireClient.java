package dev.modelkit.kernel.jshell;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A raw Jupyter client on 127.0.0.1 for the wire tests: signs (or mis-signs) and frames messages by
 * hand, so the test can send exactly the broken bytes it means to.
 */
final class WireClient implements AutoCloseable {
    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    private final ZContext ctx = new ZContext();
    private final String key;
    private final String session = UUID.randomUUID().toString();
    final ZMQ.Socket shell;
    final ZMQ.Socket control;
    /** Shares shell's identity, as jupyter_client's does: the kernel routes input_request by it. */
    final ZMQ.Socket stdin;

    WireClient(String key, int shellPort, int controlPort, int stdinPort) {
        this.key = key;
        this.shell = dealer(shellPort);
        this.control = dealer(controlPort);
        this.stdin = dealer(stdinPort);
    }

    private ZMQ.Socket dealer(int port) {
        ZMQ.Socket s = ctx.createSocket(SocketType.DEALER);
        s.setIdentity(session.getBytes(StandardCharsets.US_ASCII));
        s.setLinger(0);
        s.setReceiveTimeOut(200);
        s.connect("tcp://127.0.0.1:" + port);
        return s;
    }

    JsonObject header(String msgType) {
        JsonObject h = new JsonObject();
        h.addProperty("msg_id", UUID.randomUUID().toString());
        h.addProperty("username", "fuzz");
        h.addProperty("session", session);
        h.addProperty("date", Instant.now().toString());
        h.addProperty("msg_type", msgType);
        h.addProperty("version", "5.3");
        return h;
    }

    static byte[] utf8(Object json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    String sign(String withKey, byte[]... parts) {
        if (withKey.isEmpty()) {
            return "";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(withKey.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The frames of a message signed with {@code withKey}: delimiter, signature, the four JSON parts. */
    List<byte[]> frames(String withKey, byte[] header, byte[] parent, byte[] metadata, byte[] content) {
        List<byte[]> f = new ArrayList<>();
        f.add(DELIMITER);
        f.add(sign(withKey, header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII));
        f.add(header);
        f.add(parent);
        f.add(metadata);
        f.add(content);
        return f;
    }

    List<byte[]> signed(JsonObject header, Object content) {
        return frames(key, utf8(header), utf8("{}"), utf8("{}"), utf8(content));
    }

    static void send(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    /** A reply: its header, parent header and content. */
    record Reply(JsonObject header, JsonObject parent, JsonObject content) {
        String msgType() {
            return header.get("msg_type").getAsString();
        }
    }

    /** Waits up to {@code timeoutMs} for the reply whose parent is {@code msgId}; null if none came. */
    Reply await(ZMQ.Socket socket, String msgId, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            List<byte[]> frames = new ArrayList<>();
            byte[] f = socket.recv(0);
            if (f == null) {
                continue;
            }
            frames.add(f);
            while (socket.hasReceiveMore()) {
                frames.add(socket.recv(0));
            }
            int d = 0;
            while (d < frames.size() && !java.util.Arrays.equals(DELIMITER, frames.get(d))) {
                d++;
            }
            if (frames.size() < d + 6) {
                continue;
            }
            JsonObject header = JsonParser.parseString(new String(frames.get(d + 2), StandardCharsets.UTF_8)).getAsJsonObject();
            JsonObject parent = JsonParser.parseString(new String(frames.get(d + 3), StandardCharsets.UTF_8)).getAsJsonObject();
            JsonObject content = JsonParser.parseString(new String(frames.get(d + 5), StandardCharsets.UTF_8)).getAsJsonObject();
            if (parent.has("msg_id") && parent.get("msg_id").getAsString().equals(msgId)) {
                return new Reply(header, parent, content);
            }
        }
        return null;
    }

    /** Sends a signed request and waits for its reply. */
    Reply request(ZMQ.Socket socket, String msgType, JsonObject content, long timeoutMs) {
        JsonObject h = header(msgType);
        send(socket, signed(h, content));
        return await(socket, h.get("msg_id").getAsString(), timeoutMs);
    }

    /** The frames of a signed message whose parent is {@code parent} (a reply, such as input_reply). */
    List<byte[]> signedReply(JsonObject header, JsonObject parent, Object content) {
        return frames(key, utf8(header), utf8(parent), utf8("{}"), utf8(content));
    }

    static JsonObject execute(String code) {
        JsonObject c = new JsonObject();
        c.addProperty("code", code);
        c.addProperty("silent", false);
        c.addProperty("store_history", true);
        c.add("user_expressions", new JsonObject());
        c.addProperty("allow_stdin", false);
        c.addProperty("stop_on_error", true);
        return c;
    }

    @Override
    public void close() {
        ctx.close();
    }
}
