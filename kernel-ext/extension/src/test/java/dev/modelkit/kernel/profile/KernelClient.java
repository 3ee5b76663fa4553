package dev.modelkit.kernel.profile;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.JupyterSocket;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.request.ExecuteRequest;
import io.github.spencerpark.jupyter.messages.request.KernelInfoRequest;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A kernel served on a real {@link JupyterConnection} (ZMQ over loopback TCP, signed messages)
 * and a client talking to it with basekernel's own socket and message classes: what a notebook
 * front end does, in one JVM.
 */
final class KernelClient implements AutoCloseable {

    private final JupyterConnection connection;
    private final ZMQ.Context ctx = ZMQ.context(1);
    private final Client shell;
    private final Client iopub;

    KernelClient(BaseKernel kernel) throws Exception {
        JupyterSocket.JUPYTER_LOGGER.setLevel(Level.WARNING);
        String key = UUID.randomUUID().toString();
        KernelConnectionProperties props = KernelConnectionProperties.parse("{"
                + "\"ip\":\"127.0.0.1\",\"transport\":\"tcp\",\"signature_scheme\":\"hmac-sha256\","
                + "\"key\":\"" + key + "\",\"control_port\":" + freePort() + ",\"shell_port\":" + freePort()
                + ",\"stdin_port\":" + freePort() + ",\"hb_port\":" + freePort()
                + ",\"iopub_port\":" + freePort() + "}");
        connection = new JupyterConnection(props);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();

        HMACGenerator hmac = props.createHMACGenerator();
        shell = new Client(ctx, SocketType.DEALER, hmac);
        shell.connect("tcp://127.0.0.1:" + props.getShellPort());
        iopub = new Client(ctx, SocketType.SUB, hmac);
        iopub.subscribe(new byte[0]);
        iopub.connect("tcp://127.0.0.1:" + props.getIopubPort());
        awaitIopub();
    }

    /** A SUB socket misses what is published before it has joined: ask until a status arrives. */
    private void awaitIopub() {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            shell.sendMessage(new Message<>(new Header<>(MessageType.KERNEL_INFO_REQUEST), new KernelInfoRequest()));
            if (poll(shell, 5_000)) {
                read(shell);
            }
            while (poll(iopub, 200)) {
                if (read(iopub).type().equals("status")) {
                    drain();
                    return;
                }
            }
        }
        throw new IllegalStateException("the kernel's iopub channel never answered");
    }

    private void drain() {
        while (poll(iopub, 300)) {
            read(iopub);
        }
    }

    /**
     * Executes a cell and returns what the kernel published on iopub for it (until it went idle)
     * followed by the execute reply.
     */
    List<Raw> execute(String code, long timeoutMillis) {
        Message<ExecuteRequest> request = new Message<>(new Header<>(MessageType.EXECUTE_REQUEST),
                new ExecuteRequest(code, false, true, Map.of(), false, true));
        shell.sendMessage(request);
        String id = request.getHeader().getId();
        List<Raw> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0 || !poll(iopub, left)) {
                throw new IllegalStateException("no idle status within " + timeoutMillis + " ms; got " + out);
            }
            Raw m = read(iopub);
            if (!id.equals(m.parentId())) {
                continue;
            }
            if (m.type().equals("status") && m.content().get("execution_state").getAsString().equals("idle")) {
                break;
            }
            out.add(m);
        }
        if (!poll(shell, 10_000)) {
            throw new IllegalStateException("no execute reply");
        }
        out.add(read(shell));
        return out;
    }

    /**
     * One message as the wire carries it. Read as raw JSON because basekernel's own decoders are
     * written for the kernel's side (its status decoder, for one, cannot read a status).
     */
    record Raw(String type, String parentId, JsonObject content) {

        /** A display's {@code data[mime]} as text. */
        String data(String mime) {
            JsonElement e = content.getAsJsonObject("data").get(mime);
            return e == null ? null : e.getAsString();
        }

        /** The {@code transient.display_id}, or null. */
        String displayId() {
            JsonObject t = content.getAsJsonObject("transient");
            return t == null || !t.has("display_id") ? null : t.get("display_id").getAsString();
        }
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Reads one multipart message: identities, delimiter, signature, header, parent, metadata, content. */
    private static Raw read(ZMQ.Socket socket) {
        byte[] frame = socket.recv();
        while (!"<IDS|MSG>".equals(new String(frame, StandardCharsets.US_ASCII))) {
            frame = socket.recv();
        }
        socket.recvStr();  // signature: the kernel side verifies ours; this test reads its content
        JsonObject header = JsonParser.parseString(utf8(socket.recv())).getAsJsonObject();
        JsonObject parent = JsonParser.parseString(utf8(socket.recv())).getAsJsonObject();
        utf8(socket.recv());  // metadata
        JsonObject content = JsonParser.parseString(utf8(socket.recv())).getAsJsonObject();
        while (socket.hasReceiveMore()) {
            socket.recv();  // buffers
        }
        return new Raw(header.get("msg_type").getAsString(),
                parent.has("msg_id") ? parent.get("msg_id").getAsString() : null, content);
    }

    private boolean poll(ZMQ.Socket socket, long millis) {
        ZMQ.Poller poller = ctx.poller(1);
        try {
            poller.register(socket, ZMQ.Poller.POLLIN);
            return poller.poll(millis) > 0 && poller.pollin(0);
        } finally {
            poller.close();
        }
    }

    @Override
    public void close() {
        shell.close();
        iopub.close();
        connection.close();
        ctx.term();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** basekernel's signed socket, connecting where the kernel's binds. */
    private static final class Client extends JupyterSocket {

        Client(ZMQ.Context ctx, SocketType type, HMACGenerator hmac) {
            super(ctx, type, hmac, Logger.getLogger("test-client"));
            setLinger(0);
        }

        @Override
        public void bind(KernelConnectionProperties props) {
            throw new UnsupportedOperationException("a client connects");
        }
    }
}
