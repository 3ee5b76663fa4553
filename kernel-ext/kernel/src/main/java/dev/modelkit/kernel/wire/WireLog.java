package dev.modelkit.kernel.wire;

import java.io.PrintStream;

/**
 * One line per dropped message on the kernel's own stderr (the Jupyter server's log), captured
 * before any cell runs: basekernel points {@code System.err} at the notebook while a cell executes.
 * Lines name the channel and the kind of problem, never the message's bytes.
 */
final class WireLog {
    private final PrintStream out;

    WireLog(PrintStream out) {
        this.out = out;
    }

    void rejected(String channel, String kind, String detail) {
        out.println("[modelkit wire] " + channel + ": dropped a message: " + kind
                + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
    }

    void warn(String text) {
        out.println("[modelkit wire] WARNING: " + text);
    }

    /** A peer-chosen name, cut to something safe for a log line. */
    static String printable(String s) {
        String clean = s.replaceAll("[^A-Za-z0-9_.-]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
    }
}
