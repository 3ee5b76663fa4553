package dev.modelkit.model.profile;

import dev.modelkit.model.Preset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The reference library's published creation times, shipped as data
 * ({@code reference-creation.csv} next to this class) so that our figures can be shown beside
 * them. They are someone else's measurements on other (partly unknown) hardware: they are kept
 * in their own rows and never mixed into ours.
 */
public final class ReferenceData {

    /** Resource name, relative to this class. */
    public static final String RESOURCE = "reference-creation.csv";

    private final List<ReferenceRow> rows;

    private ReferenceData(List<ReferenceRow> rows) {
        this.rows = List.copyOf(rows);
    }

    /** Reads the shipped CSV. */
    public static ReferenceData load() {
        try (InputStream in = ReferenceData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses CSV text with the header {@code preset,params,tensors,min_ms,median_ms,avg_ms,max_ms,source}. */
    static ReferenceData parse(String csv) {
        List<ReferenceRow> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(csv))) {
            String header = r.readLine();
            if (header == null || !header.trim().equals("preset,params,tensors,min_ms,median_ms,avg_ms,max_ms,source")) {
                throw new IllegalArgumentException("reference CSV: unexpected header '" + header + "'");
            }
            String line;
            int n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> f = split(line);
                if (f.size() != 8) {
                    throw new IllegalArgumentException("reference CSV line " + n + ": " + f.size()
                            + " fields; allowed: 8");
                }
                rows.add(new ReferenceRow(Preset.parse(f.get(0)), Long.parseLong(f.get(1)),
                        Integer.parseInt(f.get(2)), num(f.get(3)), num(f.get(4)), num(f.get(5)),
                        num(f.get(6)), f.get(7)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ReferenceData(rows);
    }

    /** Every published row, in file order. */
    public List<ReferenceRow> rows() {
        return rows;
    }

    /** The distinct sources, in file order. */
    public List<String> sources() {
        Set<String> s = new LinkedHashSet<>();
        rows.forEach(r -> s.add(r.source()));
        return List.copyOf(s);
    }

    /**
     * Every (our summary, published row) pair for the same preset, with the ratio of medians.
     * Only summaries of an exact preset config take part (a tied or custom size has no
     * published counterpart).
     */
    public List<ReferenceComparison> compare(CreationProfile profile) {
        List<ReferenceComparison> out = new ArrayList<>();
        for (CreationSummary s : profile.summaries()) {
            Preset p = s.model().referencePreset();
            if (p == null) {
                continue;
            }
            for (ReferenceRow r : rows) {
                if (r.preset() == p) {
                    out.add(new ReferenceComparison(s, r, s.medianMs() / r.medianMs()));
                }
            }
        }
        return out;
    }

    /** A text table of {@link #compare(CreationProfile)}. */
    public String comparisonTable(CreationProfile profile) {
        TextTable t = new TextTable("<model", "<init", "<grads", "our median ms", "ref median ms",
                "ratio ours/ref", "<reference source");
        for (ReferenceComparison c : compare(profile)) {
            t.row(c.ours().model().name(), c.ours().init(), c.ours().eagerGradients() ? "yes" : "no",
                    CreationProfile.formatMs(c.ours().medianMs()), CreationProfile.formatMs(c.reference().medianMs()),
                    String.format(Locale.ROOT, "%.3f", c.ratio()), c.reference().source());
        }
        return t.toString();
    }

    private static double num(String s) {
        return s.isBlank() ? Double.NaN : Double.parseDouble(s.trim());
    }

    /** Splits one CSV line; fields may be double-quoted (with "" for a quote). */
    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
