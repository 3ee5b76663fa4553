package dev.modelkit.kernel.wire;

import java.util.function.Supplier;

import io.github.spencerpark.jupyter.channels.JupyterSocket;
import io.github.spencerpark.jupyter.channels.ShellChannel;
import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.channels.StdinChannel;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageContext;
import io.github.spencerpark.jupyter.messages.request.InputRequest;

/**
 * basekernel's reply environment, except that a cell's read from {@code System.in} waits for its
 * input_reply through {@link WireConnection}'s checked reader, not basekernel's, which throws on
 * the first bad stdin message.
 */
final class WireReplyEnvironment extends ShellReplyEnvironment {
    private final StdinChannel stdin;
    private final Supplier<String> inputReply;

    WireReplyEnvironment(ShellChannel shell, StdinChannel stdin, JupyterSocket iopub, MessageContext context,
            Supplier<String> inputReply) {
        super(shell, stdin, iopub, context);
        this.stdin = stdin;
        this.inputReply = inputReply;
    }

    @Override
    public String readFromStdIn(String prompt, boolean isPassword) {
        synchronized (stdin) {
            stdin.sendMessage(new Message<>(getContext(), InputRequest.MESSAGE_TYPE, new InputRequest(prompt, isPassword)));
            String value = inputReply.get();
            return value == null ? "" : value + System.lineSeparator();
        }
    }
}
