package dev.modelkit.kernel.jshell;

/**
 * The indent a console should offer for the next line of an incomplete cell (is_complete's
 * {@code indent}): four spaces per bracket still open, outside string, char and comment text, and
 * one level for a continued expression such as {@code int x = 1 +}.
 */
final class NextLineIndent {
    static final String LEVEL = "    ";

    private NextLineIndent() {
    }

    static String after(String code) {
        int depth = 0;
        int i = 0;
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/') {
                while (i < n && code.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                continue;
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < n && code.charAt(i) != c && code.charAt(i) != '\n') {
                    i += code.charAt(i) == '\\' ? 2 : 1;
                }
            } else if (c == '{' || c == '(' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ')' || c == ']') && depth > 0) {
                depth--;
            }
            i++;
        }
        return LEVEL.repeat(Math.max(1, depth));
    }
}
