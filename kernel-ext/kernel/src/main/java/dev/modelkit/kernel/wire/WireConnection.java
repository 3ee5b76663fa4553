package dev.modelkit.kernel.wire;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;

import dev.modelkit.kernel.jshell.StartTrace;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.JupyterSocket;
import io.github.spencerpark.jupyter.channels.ShellChannel;
import io.github.spencerpark.jupyter.channels.ShellHandler;
import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.KernelTimestamp;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageContext;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.adapters.HistoryRequestAdapter;
import io.github.spencerpark.jupyter.messages.publish.PublishClearOutput;
import io.github.spencerpark.jupyter.messages.publish.PublishStatus;
import io.github.spencerpark.jupyter.messages.reply.KernelInfoReply;
import org.zeromq.ZMQ;

/**
 * The kernel's side of the Jupyter wire: binds the five sockets of a connection file and serves
 * shell, control and heartbeat, each on its own thread blocked in a ZeroMQ poll (no sleeping
 * loop, so a reply leaves as soon as its handler is done). Control has its own thread because an
 * interrupt must be served while a cell runs on shell, and a ZeroMQ socket is used by one thread.
 *
 * <p>Every message is checked before a handler sees it ({@link Envelope}, {@link ContentRules}):
 * a bad one is logged once, with its kind and never its payload, and dropped; a well-framed,
 * authenticated request with bad content gets an error reply. Nothing a peer sends ends a loop.
 * The handlers are basekernel's ({@link BaseKernel#becomeHandlerForConnection}), plus
 * {@code kernel_info} with a status and {@code history}, which basekernel lacks.
 */
public final class WireConnection extends JupyterConnection {
    /** Largest accepted frame unless env {@value #MAX_FRAME_ENV} says otherwise: room for any real cell. */
    public static final long DEFAULT_MAX_FRAME_BYTES = 64L << 20;
    public static final String MAX_FRAME_ENV = "MODELKIT_MAX_FRAME_BYTES";
    /** More frames than this in one message is not Jupyter (identities + 6 + a few buffers). */
    static final int MAX_FRAMES = 4096;
    /** A poll wakes at once for a message; the timeout only bounds how late a loop sees a shutdown. */
    private static final int POLL_TIMEOUT_MS = 200;
    private static final int LINGER_MS = 1000;

    private static final Type MAP = new TypeToken<Map<String, Object>>() {
    }.getType();
    /** Reads request content into basekernel's types, as basekernel's own socket does. */
    private static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(io.github.spencerpark.jupyter.messages.request.HistoryRequest.class,
                    HistoryRequestAdapter.INSTANCE)
            .create();

    private final KernelConnectionProperties props;
    private final Signer signer;
    private final long maxFrameBytes;
    private final WireLog log;
    private final ZMQ.Context pollContext = ZMQ.context(1);
    private final SessionHistory history = new SessionHistory();
    private final List<Thread> loops = new ArrayList<>();
    private volatile boolean closing;
    /** The execute_request being run on shell, for output a cell sends outside basekernel's IO. */
    private volatile ShellReplyEnvironment executing;
    private static volatile WireConnection active;
    private String implementation = "modelkit";
    private String implementationVersion = "unknown";
    private BaseKernel kernel;
    private IntSupplier nextExecutionCount;

    private WireConnection(KernelConnectionProperties props, Signer signer, long maxFrameBytes, WireLog log)
            throws GeneralSecurityException {
        super(props);
        this.props = props;
        this.signer = signer;
        this.maxFrameBytes = maxFrameBytes;
        this.log = log;
    }

    /**
     * Reads a connection file. A file without a {@code key} is refused; an empty key is what the
     * file asks for, so it runs, with a warning that messages are not authenticated.
     *
     * @param log where refusals and warnings go (the kernel's stderr, captured before cells run)
     * @throws IllegalArgumentException naming the field when the file is not a usable connection file
     */
    public static WireConnection open(Path connectionFile, PrintStream log) throws IOException, GeneralSecurityException {
        String text = Files.readString(connectionFile);
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("connection file " + connectionFile + " is not JSON: " + e.getMessage());
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException("connection file " + connectionFile + " is not a JSON object");
        }
        JsonObject o = root.getAsJsonObject();
        JsonElement key = o.get("key");
        if (key == null || !Envelope.isString(key)) {
            throw new IllegalArgumentException("connection file " + connectionFile + ": \"key\" is "
                    + (key == null ? "missing" : Envelope.kind(key))
                    + "; it must be a string (\"\" only to run without authentication)");
        }
        for (String port : List.of("shell_port", "control_port", "stdin_port", "hb_port", "iopub_port")) {
            JsonElement p = o.get(port);
            if (p == null || !p.isJsonPrimitive() || !p.getAsJsonPrimitive().isNumber()
                    || p.getAsInt() < 0 || p.getAsInt() > 65535) {
                throw new IllegalArgumentException("connection file " + connectionFile + ": \"" + port + "\" = "
                        + p + "; it must be a port number 0..65535");
            }
        }
        KernelConnectionProperties props = KernelConnectionProperties.parse(text);
        WireLog wireLog = new WireLog(log);
        Signer signer = new Signer(props.getSignatureScheme(), key.getAsString());
        if (!signer.authenticates()) {
            wireLog.warn("the connection file's \"key\" is empty: messages are NOT authenticated;"
                    + " any local process that reaches the ports can run code");
        }
        return new WireConnection(props, signer, maxFrameBytes(System.getenv(MAX_FRAME_ENV)), wireLog);
    }

    static long maxFrameBytes(String env) {
        if (env == null || env.isBlank()) {
            return DEFAULT_MAX_FRAME_BYTES;
        }
        try {
            long v = Long.parseLong(env.strip());
            if (v >= 1024) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(MAX_FRAME_ENV + " = '" + env + "' is not allowed; allowed: an integer >= 1024 (bytes)");
    }

    /**
     * Makes {@code kernel} the handler of every request; call before {@link #connect()}.
     *
     * @param nextExecutionCount takes the kernel's next execution count, for the {@code name?}
     *                           help cells this layer answers itself
     */
    public void serve(BaseKernel kernel, IntSupplier nextExecutionCount, String implementation, String implementationVersion) {
        this.kernel = kernel;
        this.nextExecutionCount = nextExecutionCount;
        this.implementation = implementation;
        this.implementationVersion = implementationVersion;
        kernel.becomeHandlerForConnection(this);
    }

    @Override
    public void connect() {
        bind(heartbeat, props.getHbPort());
        bind(shell, props.getShellPort());
        bind(control, props.getControlPort());
        bind(stdin, props.getStdinPort());
        bind(iopub, props.getIopubPort());
        start("Heartbeat", () -> echoLoop(heartbeat));
        start("Shell", () -> requestLoop(shell, "shell"));
        start("Control", () -> requestLoop(control, "control"));
        iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
        active = this;
    }

    /**
     * Publishes IPython's {@code clear_output} for the running cell: its output area is emptied
     * now, or, with {@code wait}, just before its next output arrives (no flicker when redrawing).
     *
     * @return false when no cell of this kernel is running
     */
    public static boolean clearOutput(boolean wait) {
        WireConnection c = active;
        ShellReplyEnvironment env = c == null ? null : c.executing;
        if (env == null) {
            return false;
        }
        env.publish(wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
        return true;
    }

    private void bind(ZMQ.Socket socket, int port) {
        socket.setLinger(LINGER_MS);
        String address = "ipc".equals(props.getTransport())
                ? "ipc://" + props.getIp() + "-" + port
                : props.getTransport() + "://" + props.getIp() + ":" + port;
        socket.bind(address);
    }

    private void start(String name, Runnable body) {
        Thread t = new Thread(body, "wire-" + name);
        t.setDaemon(true);
        loops.add(t);
        t.start();
    }

    /** Heartbeat: echo every message as it came. */
    private void echoLoop(ZMQ.Socket socket) {
        ZMQ.Poller poller = pollContext.poller(1);
        poller.register(socket, ZMQ.Poller.POLLIN);
        while (!closing) {
            try {
                if (poller.poll(POLL_TIMEOUT_MS) <= 0 || !poller.pollin(0)) {
                    continue;
                }
                List<byte[]> frames = new ArrayList<>();
                do {
                    byte[] f = socket.recv(ZMQ.DONTWAIT);
                    if (f == null) {
                        break;
                    }
                    frames.add(f);
                } while (socket.hasReceiveMore());
                for (int i = 0; i < frames.size(); i++) {
                    socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
                }
            } catch (RuntimeException e) {
                if (!closing) {
                    log.warn("heartbeat: " + e);
                }
            }
        }
    }

    private void requestLoop(JupyterSocket socket, String channel) {
        ZMQ.Poller poller = pollContext.poller(1);
        poller.register(socket, ZMQ.Poller.POLLIN);
        while (!closing) {
            try {
                if (poller.poll(POLL_TIMEOUT_MS) <= 0 || !poller.pollin(0)) {
                    continue;
                }
                List<byte[]> frames = readFrames(socket, channel);
                if (frames != null) {
                    dispatch(socket, channel, frames);
                }
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                // A handler's failure is the request's, never the loop's.
                if (!closing) {
                    log.warn(channel + ": unexpected " + e.getClass().getName() + " while serving a message; still serving");
                }
            }
        }
    }

    /**
     * Receives all frames of one message. Returns null (after logging) when a frame is over the
     * size limit or there are too many frames; the rest of that message is drained either way.
     */
    private List<byte[]> readFrames(ZMQ.Socket socket, String channel) {
        List<byte[]> frames = new ArrayList<>();
        String problem = null;
        long total = 0;
        do {
            byte[] f = socket.recv(ZMQ.DONTWAIT);
            if (f == null) {
                break;
            }
            total += f.length;
            if (f.length > maxFrameBytes && problem == null) {
                problem = "a frame of " + f.length + " bytes is over the limit of " + maxFrameBytes + " (" + MAX_FRAME_ENV + ")";
            }
            if (problem == null && frames.size() < MAX_FRAMES) {
                frames.add(f);
            } else if (problem == null) {
                problem = "more than " + MAX_FRAMES + " frames";
            }
        } while (socket.hasReceiveMore());
        if (problem != null) {
            frames = null;
            log.rejected(channel, "frame too large or too many frames", problem + "; " + total + " bytes in all");
        }
        return frames;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void dispatch(JupyterSocket socket, String channel, List<byte[]> frames) {
        StartTrace.mark(channel + " message arrived");
        Envelope env;
        Message<?> message;
        try {
            env = Envelope.parse(frames, signer);
        } catch (Rejected r) {
            refuse(socket, channel, r, r.request(), frames.size());
            return;
        }
        try {
            ContentRules.check(env.msgType(), env.content());
            message = toMessage(env);
        } catch (Rejected r) {
            refuse(socket, channel, r, env, frames.size());
            return;
        }
        String type = env.msgType();
        ShellReplyEnvironment reply = prepareReplyEnv((ShellChannel) socket, message);
        try {
            switch (type) {
                case "kernel_info_request" -> kernelInfo(reply);
                case "history_request" -> history.reply(reply, env.content());
                default -> {
                    ShellHandler handler = getHandler(message.getHeader().getType());
                    if (handler == null) {
                        log.rejected(channel, "unknown msg_type", "'" + WireLog.printable(type) + "'");
                        return;
                    }
                    boolean execute = type.equals("execute_request");
                    if (execute) {
                        history.executing(env.content());
                        executing = reply;
                    }
                    try {
                        Matcher help = execute ? HelpRequest.match(env.content().get("code").getAsString()) : null;
                        if (help != null) {
                            HelpRequest.answer(reply, kernel, nextExecutionCount, env.content().get("code").getAsString(), help);
                        } else {
                            handler.handle(reply, message);
                        }
                    } finally {
                        if (execute) {
                            executing = null;
                        }
                    }
                }
            }
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            log.warn(channel + ": " + type + " handler failed with " + e.getClass().getName() + "; still serving");
        } finally {
            try {
                reply.resolveDeferrals();
            } catch (RuntimeException e) {
                log.warn(channel + ": could not finish the reply to " + type + ": " + e.getClass().getName());
            }
            StartTrace.mark(channel + " " + type + " answered");
        }
        if (reply.isMarkedForShutdown()) {
            closing = true;
        }
    }

    /** Logs a dropped message; a sound request with bad content also gets an error reply. */
    private void refuse(JupyterSocket socket, String channel, Rejected r, Envelope request, int frames) {
        log.rejected(channel, r.kind(), (r.detail() == null ? "" : r.detail() + "; ") + frames + " frames"
                + (request == null ? "" : ", msg_type " + WireLog.printable(request.msgType())));
        if (request != null && request.msgType().endsWith("_request") && ContentRules.known(request.msgType())) {
            replyError(socket, request, r);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Message<?> toMessage(Envelope env) throws Rejected {
        MessageType<?> type = MessageType.getType(env.msgType());
        Header<?> header = header(env.header(), type);
        Header<?> parent = env.parentHeader().size() == 0 ? null
                : header(env.parentHeader(), MessageType.getType(optString(env.parentHeader(), "msg_type", "")));
        try {
            Map<String, Object> metadata = GSON.fromJson(env.metadata(), MAP);
            Object content = type == MessageType.UNKNOWN ? env.content() : GSON.fromJson(env.content(), type.getContentType());
            return new Message(env.identities(), header, parent, metadata, content, env.buffers());
        } catch (RuntimeException e) {
            throw new Rejected("wrongly typed content", env.msgType() + " content does not match the message spec");
        }
    }

    private static Header<?> header(JsonObject h, MessageType<?> type) {
        String date = optString(h, "date", null);
        return new Header<>(optString(h, "msg_id", ""), optString(h, "username", ""), optString(h, "session", ""),
                date == null ? null : new KernelTimestamp(date), type, optString(h, "version", Header.PROTOCOL_VERISON));
    }

    private static String optString(JsonObject o, String field, String otherwise) {
        JsonElement e = o.get(field);
        return e != null && Envelope.isString(e) ? e.getAsString() : otherwise;
    }

    /** The error reply of a request whose content broke the spec: the client stops waiting. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void replyError(JupyterSocket socket, Envelope env, Rejected why) {
        JsonObject content = new JsonObject();
        content.addProperty("status", "error");
        content.addProperty("ename", "BadRequest");
        content.addProperty("evalue", why.getMessage());
        content.add("traceback", new JsonArray());
        MessageType replyType = MessageType.getType(env.msgType().replace("_request", "_reply"));
        Header<?> parent = header(env.header(), MessageType.getType(env.msgType()));
        Header<?> header = new Header<>(UUID.randomUUID().toString(), Header.KERNEL_USERNAME, parent.getSessionId(),
                KernelTimestamp.now(), replyType, Header.PROTOCOL_VERISON);
        try {
            socket.sendMessage(new Message(env.identities(), header, parent, null, content, null));
        } catch (RuntimeException e) {
            log.warn("could not send the error reply to a bad " + env.msgType() + ": " + e.getClass().getName());
        }
    }

    /** basekernel's kernel_info_reply plus the {@code "status": "ok"} the spec requires. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void kernelInfo(ShellReplyEnvironment reply) {
        reply.setBusyDeferIdle();
        JsonObject content = GSON.toJsonTree(new KernelInfoReply(Header.PROTOCOL_VERISON, implementation,
                implementationVersion, kernel.getLanguageInfo(), kernel.getBanner(), kernel.getHelpLinks()))
                .getAsJsonObject();
        content.addProperty("status", "ok");
        reply.reply(new Message(reply.getContext(), MessageType.KERNEL_INFO_REPLY, content));
    }

    @Override
    public ShellReplyEnvironment prepareReplyEnv(ShellChannel shell, MessageContext context) {
        return new WireReplyEnvironment(shell, stdin, iopub, context, this::readInputReply);
    }

    /**
     * Reads the input_reply to an input_request just sent on stdin, with the same checks as
     * shell and control: bad messages are logged and skipped, the cell keeps waiting.
     */
    private String readInputReply() {
        ZMQ.Poller poller = pollContext.poller(1);
        poller.register(stdin, ZMQ.Poller.POLLIN);
        try {
            while (!closing && !Thread.currentThread().isInterrupted()) {
                if (poller.poll(POLL_TIMEOUT_MS) <= 0 || !poller.pollin(0)) {
                    continue;
                }
                List<byte[]> frames = readFrames(stdin, "stdin");
                if (frames == null) {
                    continue;
                }
                try {
                    Envelope env = Envelope.parse(frames, signer);
                    if (!env.msgType().equals("input_reply")) {
                        throw new Rejected("unexpected msg_type on stdin", "'" + WireLog.printable(env.msgType()) + "'");
                    }
                    ContentRules.check("input_reply", env.content());
                    return env.content().get("value").getAsString();
                } catch (Rejected r) {
                    log.rejected("stdin", r.kind(), r.detail());
                }
            }
            return null; // interrupted or shutting down: the read sees end of input
        } finally {
            poller.close();
        }
    }

    @Override
    public void close() {
        closing = true;
    }

    /** Waits for the loops to end (after a shutdown_request), then closes the sockets. */
    @Override
    public void waitUntilClose() {
        for (Thread t : loops) {
            while (t.isAlive() && !closing) {
                try {
                    t.join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closing = true;
                }
            }
            try {
                t.join(2000); // a loop still busy in a cell is not waited for: the process exits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.close();
        pollContext.close();
    }
}
