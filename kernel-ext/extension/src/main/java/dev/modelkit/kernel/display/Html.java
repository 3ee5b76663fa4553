package dev.modelkit.kernel.display;

import java.util.Locale;

/** HTML text escaping and the number format every ModelKit view uses. */
public final class Html {

    private Html() {
    }

    /** Escapes {@code & < > " '} so any text can sit in an element or attribute. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** {@code 10773504} → {@code 10,773,504}, whatever the JVM's locale. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A share as a percentage with one decimal, {@code 0.4123} → {@code 41.2%}. */
    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }
}
