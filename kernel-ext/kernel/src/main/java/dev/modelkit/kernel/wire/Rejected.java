package dev.modelkit.kernel.wire;

/**
 * A message the kernel drops: {@code kind} names what was wrong ("bad signature", "header is not
 * a JSON object", ...). The message never carries the payload, so logging it leaks nothing.
 */
final class Rejected extends Exception {
    private final String kind;
    private final String detail;
    private Envelope request;

    Rejected(String kind, String detail) {
        super(detail == null ? kind : kind + ": " + detail, null, false, false);
        this.kind = kind;
        this.detail = detail;
    }

    Rejected(String kind) {
        this(kind, null);
    }

    String kind() {
        return kind;
    }

    /** What exactly, or null when the kind says it all. */
    String detail() {
        return detail;
    }

    /** The authenticated request this problem was found in (its header is sound), or null. */
    Envelope request() {
        return request;
    }

    Rejected in(Envelope request) {
        this.request = request;
        return this;
    }
}
