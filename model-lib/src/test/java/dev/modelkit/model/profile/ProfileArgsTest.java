package dev.modelkit.model.profile;

import dev.modelkit.model.Init;
import dev.modelkit.model.Preset;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileArgsTest {

    @Test
    void readsPresetsAndOptions() {
        CreationProfiler p = ProfileArgs.apply(
                List.of("small", "Tiny", "--init", "lazy,parallel", "--grads", "--runs", "2", "--warmup", "0"),
                CreationProfiler.builder().presets(Preset.MEDIUM));
        List<CaseKey> cases = p.cases();
        assertEquals(2 * 2 * 2, cases.size());
        assertEquals("SMALL", cases.get(0).model().name());
        assertEquals(Init.LAZY, cases.get(0).init());
        assertEquals(Init.PARALLEL, cases.get(2).init());
        assertEquals(true, cases.get(1).eagerGradients());
        assertEquals("TINY", cases.get(4).model().name());
    }

    @Test
    void keepsTheDefaultsItIsNotGiven() {
        CreationProfiler p = ProfileArgs.apply(List.of(), CreationProfiler.builder().presets(Preset.MEDIUM));
        assertEquals(1, p.cases().size());
        assertEquals(Init.EAGER, p.cases().get(0).init());
        assertEquals(3, ProfileArgs.apply(List.of("all"), CreationProfiler.builder()).cases().size());
    }

    @Test
    void refusesWhatItDoesNotKnow() {
        assertMessage("unknown option '--bogus'", List.of("--bogus"));
        assertMessage("--runs = 'x'", List.of("--runs", "x"));
        assertMessage("--runs needs a value", List.of("--runs"));
        assertMessage("runs = 0", List.of("--runs", "0"));
        assertMessage("warmup = -1", List.of("--warmup", "-1"));
        assertMessage("--init: unknown value 'fast'", List.of("--init", "fast"));
        assertMessage("preset: unknown value 'huge'", List.of("huge"));
    }

    private static void assertMessage(String start, List<String> args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProfileArgs.apply(args, CreationProfiler.builder()));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
