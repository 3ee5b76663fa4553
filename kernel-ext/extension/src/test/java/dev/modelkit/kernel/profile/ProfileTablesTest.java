package dev.modelkit.kernel.profile;

import dev.modelkit.model.Init;
import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.Preset;
import dev.modelkit.model.profile.CreationProfile;
import dev.modelkit.model.profile.CreationProfiler;
import dev.modelkit.model.profile.CreationSummary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileTablesTest {

    private static CreationProfile profile;

    @BeforeAll
    static void profile() {
        profile = CreationProfiler.builder()
                .presets(Preset.TINY)
                .configs(new ModelConfig(16, 8, 32, 1, 2, 4, false))
                .inits(Init.EAGER, Init.LAZY)
                .warmup(1).runs(2)
                .run();
    }

    @Test
    void summaryHasOneTypedRowPerCase() {
        Table t = ProfileTables.summary(profile);
        assertEquals(List.of("model", "params", "tensors", "init", "eager_gradients", "runs", "min_ms",
                "median_ms", "mean_ms", "max_ms", "stddev_ms", "ns_per_param", "gc_count", "gc_ms",
                "mean_allocated_bytes", "bytes_per_param", "runs_with_gc", "median_with_gc_ms",
                "median_without_gc_ms"), t.columnNames());
        assertEquals(List.of(ColumnType.STRING, ColumnType.LONG, ColumnType.INTEGER, ColumnType.STRING,
                ColumnType.BOOLEAN, ColumnType.INTEGER, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.DOUBLE,
                ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.LONG, ColumnType.LONG,
                ColumnType.LONG, ColumnType.DOUBLE, ColumnType.INTEGER, ColumnType.DOUBLE, ColumnType.DOUBLE),
                Arrays.asList(t.typeArray()));
        assertEquals(4, t.rowCount());
        CreationSummary s = profile.summaries().get(1);
        assertEquals("TINY", t.stringColumn("model").get(1));
        assertEquals("LAZY", t.stringColumn("init").get(1));
        assertEquals(417_792L, t.longColumn("params").get(1));
        assertEquals(s.medianMs(), t.doubleColumn("median_ms").get(1));
        assertEquals(2, t.intColumn("runs").get(1));
    }

    @Test
    void runsListsEveryBuildWithItsWarmupFlag() {
        Table t = ProfileTables.runs(profile);
        assertEquals(List.of("model", "params", "tensors", "init", "eager_gradients", "warmup", "index", "ms",
                "gc_count", "gc_ms", "allocated_bytes"), t.columnNames());
        assertEquals(4 * 3, t.rowCount());
        assertEquals(4, t.booleanColumn("warmup").countTrue());
        assertEquals(profile.runs().get(5).millis(), t.doubleColumn("ms").get(5));
    }

    @Test
    void referenceTableSitsOurMediansBesideThePublishedOnes() {
        Table t = ProfileTables.withReference(profile);
        assertEquals(List.of("model", "params", "init", "eager_gradients", "our_median_ms", "reference_min_ms",
                "reference_median_ms", "reference_max_ms", "ratio", "reference_source"), t.columnNames());
        // TINY x 2 inits x 2 sources; the custom size has no published counterpart.
        assertEquals(4, t.rowCount());
        for (int r = 0; r < t.rowCount(); r++) {
            assertEquals("TINY", t.stringColumn("model").get(r));
            assertEquals(t.doubleColumn("our_median_ms").get(r) / t.doubleColumn("reference_median_ms").get(r),
                    t.doubleColumn("ratio").get(r), 1e-12);
            assertTrue(t.doubleColumn("reference_min_ms").isMissing(r), "the report gives no Tiny minimum");
        }
        assertEquals(2.66, t.doubleColumn("reference_median_ms").get(0));
        assertEquals(3.01, t.doubleColumn("reference_median_ms").get(1));
    }

    @Test
    void scalingAndGcTablesFollowTheProfile() {
        Table s = ProfileTables.scaling(profile);
        assertEquals(List.of("init", "eager_gradients", "sizes", "slope_ns_per_param", "intercept_ms", "r2"),
                s.columnNames());
        assertEquals(2, s.rowCount(), "one line per init over the two sizes");
        Table g = ProfileTables.gcAttribution(profile);
        assertEquals(4, g.rowCount());
        assertEquals(2, g.intColumn("runs_with_gc").get(0) + g.intColumn("runs_without_gc").get(0));
    }

    @Test
    void narrowViewsFitAPageAndSayWhatTheyCannotCompute() {
        Table m = ProfileTables.medians(profile);
        assertTrue(m.columnCount() <= 10, m.columnNames().toString());
        assertEquals(profile.summaries().get(0).medianMs(), m.doubleColumn("median_ms").get(0));
        Table g = ProfileTables.gc(profile);
        assertTrue(g.columnCount() <= 11, g.columnNames().toString());
        // Two runs per case: never enough to compare a split.
        String effect = g.stringColumn("gc_effect_ms (95%)").get(0);
        assertTrue(effect.equals("not enough runs") || effect.equals("no GC"), effect);
        Table full = ProfileTables.gcAttribution(profile);
        for (int r = 0; r < full.rowCount(); r++) {
            String shown = full.getString(r, "gc_share_of_spread");
            assertTrue(shown.equals("not enough runs") || shown.endsWith("%"), shown);
        }
        Table v = ProfileTables.verdicts(profile);
        assertEquals("no fit", v.stringColumn("verdict").get(0));
        assertEquals("–", v.getString(0, "slope_ns_per_param"), "a missing figure prints as a dash");
    }

    @Test
    void csvRoundTripKeepsSchemaAndValues(@TempDir Path dir) throws Exception {
        for (Table t : List.of(ProfileTables.summary(profile), ProfileTables.runs(profile),
                ProfileTables.withReference(profile), ProfileTables.scaling(profile),
                ProfileTables.gcAttribution(profile))) {
            Path file = dir.resolve(t.name().replace(' ', '-') + ".csv");
            t.write().csv(file.toFile());
            Table back = Table.read().usingOptions(CsvReadOptions.builder(file.toFile())
                    .tableName(t.name()).columnTypes(t.typeArray()));
            assertEquals(t.columnNames(), back.columnNames(), t.name());
            assertEquals(Arrays.asList(t.typeArray()), Arrays.asList(back.typeArray()), t.name());
            assertEquals(t.rowCount(), back.rowCount(), t.name());
            for (int c = 0; c < t.columnCount(); c++) {
                assertEquals(t.column(c).asList(), back.column(c).asList(), t.name() + "." + t.column(c).name());
            }
        }
    }
}
