package dev.modelkit.kernel.wire;

/**
 * A message the kernel drops: {@code kind} names what was wrong ("bad signature", "header is not
 * a JSON object", ...). The message never carries the payload, so logging it leaks nothing.
 */
final class Rejected extends Exception {
    private final String kind;

    Rejected(String kind, String detail) {
        super(detail == null ? kind : kind + ": " + detail, null, false, false);
        this.kind = kind;
    }

    Rejected(String kind) {
        this(kind, null);
    }

    String kind() {
        return kind;
    }
}
