package dev.modelkit.kernel.jshell;

/**
 * A snippet called a method or used a class whose own definition still refers to something not
 * yet declared (JShell's forward references).
 */
public final class UnresolvedSnippetException extends Exception {
    private static final long serialVersionUID = 1L;

    UnresolvedSnippetException(String message) {
        super(message, null, false, false);
    }
}
