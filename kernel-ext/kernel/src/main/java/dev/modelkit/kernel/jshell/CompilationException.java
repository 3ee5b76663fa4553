package dev.modelkit.kernel.jshell;

import java.util.List;

/**
 * A snippet of a cell did not compile. Carries the readable lines (offending source line, a caret
 * under the bad range, the compiler's message) that become the Jupyter traceback.
 */
public final class CompilationException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<String> report;

    CompilationException(String message, List<String> report) {
        super(message, null, false, false); // a kernel stack trace would only confuse
        this.report = List.copyOf(report);
    }

    /** The formatted report, one line per element. */
    public List<String> report() {
        return report;
    }
}
