package dev.modelkit.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parsing of the architecture enums, with the error every bad value gets. */
final class Options {

    private Options() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String field, String s) {
        E[] values = type.getEnumConstants();
        if (s != null) {
            String key = s.trim().replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
            for (E e : values) {
                if (e.name().replace("_", "").toLowerCase(Locale.ROOT).equals(key)) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException(field + ": unknown value " + (s == null ? "null" : "'" + s + "'")
                + "; allowed: " + Arrays.stream(values).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")));
    }
}
