package dev.modelkit.kernel.jshell;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Turns what a cell threw into traceback lines a reader can use: the exception and only the frames
 * of notebook code and the libraries it called, not the JShell/reflection/kernel frames beneath.
 */
final class ErrorReport {
    /** JShell compiles every snippet into a class of this package. */
    private static final String SNIPPET_PACKAGE = "REPL.";

    private ErrorReport() {
    }

    static List<String> of(Throwable t) {
        List<String> lines = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        String prefix = "";
        while (t != null && seen.add(t)) {
            lines.add(prefix + t);
            for (StackTraceElement frame : userFrames(t.getStackTrace())) {
                lines.add("\tat " + frame);
            }
            prefix = "Caused by: ";
            t = t.getCause();
        }
        return lines;
    }

    /** Frames up to the last snippet frame; all of them if no snippet frame is on the stack. */
    static List<StackTraceElement> userFrames(StackTraceElement[] frames) {
        int last = -1;
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].getClassName().startsWith(SNIPPET_PACKAGE)) {
                last = i;
            }
        }
        if (last < 0) {
            // Thrown by kernel code on the way in (a magic, say): cut at the snippet-runner frames.
            for (int i = 0; i < frames.length; i++) {
                String c = frames[i].getClassName();
                if (c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.reflect.")) {
                    return List.of(frames).subList(0, i);
                }
            }
            return List.of(frames);
        }
        return List.of(frames).subList(0, last + 1);
    }
}
