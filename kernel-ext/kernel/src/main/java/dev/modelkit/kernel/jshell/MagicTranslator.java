package dev.modelkit.kernel.jshell;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.spencerpark.jupyter.kernel.magic.CellMagicParseContext;
import io.github.spencerpark.jupyter.kernel.magic.LineMagicParseContext;
import io.github.spencerpark.jupyter.kernel.magic.MagicParser;

/**
 * Rewrites IJava magic syntax into ordinary Java calls before JShell sees the cell.
 *
 * <p>Same syntax as IJava 1.3: a line {@code %name args} (at the start of a line or right after
 * {@code =}) becomes {@code lineMagic("name", List.of("args"...))}; a cell starting with
 * {@code %%name args} becomes {@code cellMagic("name", List.of(...), "body")}. Running magics as
 * snippets keeps their order with the surrounding code, so a {@code %maven} line can come before
 * the {@code import} that needs it. A magic on a line of its own becomes a block statement, so its
 * return value is neither shown as the cell's result nor kept in a JShell {@code $N} temporary;
 * after {@code =} it is an expression, and its value is assigned.
 */
final class MagicTranslator {
    private static final Pattern UNESCAPED_QUOTE = Pattern.compile("(?<!\\\\)\"");

    private final MagicParser parser = new MagicParser("(?<=(?:^|=))\\s*%", "%%");

    private static final Pattern LOAD = Pattern.compile("(?m)^[ \\t]*%load[ \\t]+(\\S.*?)[ \\t]*$");
    private static final int MAX_LOAD_DEPTH = 8;

    /**
     * IJava's {@code %load FILE}: the line is replaced by the file's code (relative paths from the
     * kernel's working directory), so its snippets run in order with the rest of the cell. Files
     * may {@code %load} others, up to {@value #MAX_LOAD_DEPTH} deep.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read
     */
    String expandLoads(String cell) {
        return expandLoads(cell, 0);
    }

    private String expandLoads(String cell, int depth) {
        Matcher m = LOAD.matcher(cell);
        if (!m.find()) {
            return cell;
        }
        StringBuilder out = new StringBuilder();
        do {
            java.nio.file.Path file = java.nio.file.Path.of(m.group(1)).toAbsolutePath();
            if (depth >= MAX_LOAD_DEPTH) {
                throw NotebookFunctions.usageError("%load: " + file + " is loaded " + MAX_LOAD_DEPTH
                        + " files deep; allowed: up to " + MAX_LOAD_DEPTH + " (does a file load itself?)");
            }
            String code;
            try {
                code = java.nio.file.Files.readString(file);
            } catch (java.io.IOException e) {
                throw NotebookFunctions.usageError("%load: cannot read " + file + " (" + e.getClass().getSimpleName()
                        + "); the path is relative to the notebook's folder");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(expandLoads(code, depth + 1)));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    String translate(String cell) {
        CellMagicParseContext cellMagic = parser.parseCellMagic(cell);
        if (cellMagic != null) {
            return "{ cellMagic(" + literal(cellMagic.getMagicCall().getName()) + ", "
                    + listOf(cellMagic.getMagicCall().getArgs()) + ", "
                    + literal(cellMagic.getMagicCall().getBody()) + "); }";
        }
        return parser.transformLineMagics(cell, this::lineMagic);
    }

    private String lineMagic(LineMagicParseContext ctx) {
        if (insideStringLiteral(ctx.getLinePrefix())) {
            return ctx.getRaw(); // "100%" + ... is not a magic
        }
        String call = "lineMagic(" + literal(ctx.getMagicCall().getName()) + ", " + listOf(ctx.getMagicCall().getArgs()) + ")";
        // On a line of its own the magic is a statement in a block: as a bare expression JShell
        // would keep its value in a $N temporary for the kernel's lifetime (a model, for %model).
        return ctx.getLinePrefix().isBlank() ? "{ " + call + "; }" : call + ";{};";
    }

    private static boolean insideStringLiteral(String linePrefix) {
        boolean inside = false;
        Matcher m = UNESCAPED_QUOTE.matcher(linePrefix);
        while (m.find()) {
            inside = !inside;
        }
        return inside;
    }

    private static String listOf(List<String> args) {
        return args.stream().map(MagicTranslator::literal).collect(Collectors.joining(", ", "List.of(", ")"));
    }

    /** A Java string literal for any text (quotes, backslashes, newlines, non-ASCII). */
    static String literal(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
