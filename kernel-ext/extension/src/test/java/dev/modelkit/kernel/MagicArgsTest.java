package dev.modelkit.kernel;

import dev.modelkit.model.Init;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one argument syntax of the magics: key=value, --key value, flags, aliases, duplicates, errors. */
class MagicArgsTest {

    private static final MagicArgs.Spec SPEC = MagicArgs.spec("demo", "%demo [tiny|small] [runs=N] [init=...] [gc=BOOL]")
            .words("preset", "tiny", "small")
            .key("runs", "n").key("init").flag("gc");

    private static MagicArgs parse(String... args) {
        return SPEC.parse(List.of(args));
    }

    private static String error(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> parse(args).intIn("runs", 1, 9, 1)).getMessage();
    }

    @Test
    void everySpellingOfAnOptionMeansTheSame() {
        for (List<String> args : List.of(List.of("runs=5"), List.of("--runs", "5"), List.of("--runs=5"),
                List.of("RUNS=5"), List.of("n=5"), List.of("--n", "5"))) {
            assertEquals(5, SPEC.parse(args).intIn("runs", 1, 9, 1), args.toString());
        }
        assertEquals(1, parse().intIn("runs", 1, 9, 1), "the default when absent");
    }

    @Test
    void flagsWordsAndLists() {
        assertFalse(parse("--no-gc").bool("gc", true));
        assertTrue(parse("--gc").bool("gc", false));
        assertFalse(parse("gc=false").bool("gc", true));
        MagicArgs a = parse("tiny", "small", "init=eager,LAZY", "--runs", "2");
        assertEquals(List.of("tiny", "small"), a.words());
        assertEquals(List.of(Init.EAGER, Init.LAZY), a.choices("init", Init.values(), List.of()));
        assertEquals(Init.PARALLEL, parse("init=parallel").choice("init", Init.values(), Init.EAGER));
    }

    @Test
    void errorsNameTheKeyTheValueAndWhatIsAllowedThenTheUsage() {
        String unknown = error("depth=3");
        assertEquals("%demo: unknown key 'depth' (value '3'); allowed keys: runs (n), init, gc\n"
                + "usage: %demo [tiny|small] [runs=N] [init=...] [gc=BOOL]", unknown);
        assertTrue(error("runs=2", "n=3").startsWith("%demo: key 'runs' is given twice (runs=2, n=3); give each key once\n"));
        assertTrue(error("--runs", "2", "runs=3").contains("(--runs 2, runs=3)"));
        assertTrue(error("runs=x").startsWith("%demo: runs=x is not allowed; allowed: an integer in 1..9\n"));
        assertTrue(error("runs=10").startsWith("%demo: runs=10 is not allowed; allowed: an integer in 1..9\n"));
        assertTrue(error("huge").startsWith("%demo: preset 'huge' is not allowed; allowed: tiny, small\n"));
        assertTrue(error("runs").startsWith("%demo: 'runs' is a key, not key=value: write runs=VALUE\n"));
        assertTrue(error("--runs").startsWith("%demo: key 'runs' needs a value"));
        assertTrue(error("runs=2", "tiny").contains("'tiny' is not key=value (bare words come first)"));
        assertTrue(error("--no-runs").contains("unknown key 'no-runs'"), "only flags have a --no- form");
        String gc = assertThrows(IllegalArgumentException.class, () -> parse("gc=maybe").bool("gc", true)).getMessage();
        assertTrue(gc.startsWith("%demo: gc=maybe is not allowed; allowed: true, false\n"), gc);
        String init = assertThrows(IllegalArgumentException.class,
                () -> parse("init=eager,fast").choices("init", Init.values(), List.of())).getMessage();
        assertTrue(init.startsWith("%demo: init=eager,fast is not allowed; allowed: eager, lazy, parallel"), init);
        assertEquals(2, unknown.lines().count());
    }
}
