package dev.modelkit.model.profile;

import dev.modelkit.model.Init;
import dev.modelkit.model.Preset;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sentences follow the numbers: change the runs and the sentence changes with them. */
class ProfileSentencesTest {

    private static CreationProfile profile(double mediumMs, int warmup) {
        List<CaseKey> cases = new ArrayList<>();
        List<CreationRun> runs = new ArrayList<>();
        for (Preset p : new Preset[] {Preset.TINY, Preset.MEDIUM}) {
            ProfiledModel m = ProfiledModel.of(p);
            CaseKey key = new CaseKey(m, Init.EAGER, true);
            cases.add(key);
            for (int r = 0; r < 5; r++) {
                double ms = p == Preset.TINY ? 1 + 0.01 * r : mediumMs + 0.1 * r;
                runs.add(new CreationRun(m, Init.EAGER, true, false, r, (long) (ms * 1e6), 0, 0, 0));
            }
        }
        return new CreationProfile(cases, runs, warmup, 5, true, 42, Environment.capture());
    }

    @Test
    void theReferenceSentenceSaysHowManyTimesFasterFromTheMedians() {
        String s = ProfileSentences.reference(profile(9.46, 10));
        assertTrue(s.startsWith("ModelKit builds MEDIUM EAGER +grads 9.8× faster than the reference's median"), s);
        assertTrue(ProfileSentences.reference(profile(189.2, 10)).contains("2.0× slower"));
    }

    @Test
    void oneWarmUpIsLabelledAsTheReferenceMethod() {
        assertTrue(ProfileSentences.method(profile(10, 1)).contains("the reference's method"));
        assertTrue(ProfileSentences.method(profile(10, 10)).contains("JIT has compiled"));
    }

    @Test
    void twoSizesSayThereIsNoFitAndNoGcSaysSo() {
        CreationProfile p = profile(10, 10);
        assertTrue(ProfileSentences.scaling(p).contains("no fit — 2 sizes measured"), ProfileSentences.scaling(p));
        assertTrue(ProfileSentences.gc(p).startsWith("No timed build saw a collection"), ProfileSentences.gc(p));
        assertTrue(ProfileSentences.medians(p).startsWith("Slowest: MEDIUM EAGER +grads at a median 10.20 ms"),
                ProfileSentences.medians(p));
    }

    @Test
    void pathsInJvmFlagsAreCutToTheFileName() {
        assertTrue(Environment.withoutPaths(List.of("-XX:SharedArchiveFile=/tmp/x/modelkit.jsa", "-Xmx2g"))
                .equals(List.of("-XX:SharedArchiveFile=modelkit.jsa", "-Xmx2g")));
    }
}
