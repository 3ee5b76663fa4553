package dev.modelkit.kernel.jshell;

/** The cell ends in the middle of a statement (an unclosed brace, string or comment). */
public final class IncompleteSourceException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String source;

    IncompleteSourceException(String source) {
        super("Incomplete input: " + firstLine(source), null, false, false);
        this.source = source;
    }

    /** The unfinished part of the cell. */
    public String source() {
        return source;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }
}
