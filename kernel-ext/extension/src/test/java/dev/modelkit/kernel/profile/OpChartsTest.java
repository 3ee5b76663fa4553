package dev.modelkit.kernel.profile;

import dev.modelkit.model.Preset;
import dev.modelkit.model.Transformer;
import dev.modelkit.model.ops.OpProfile;
import dev.modelkit.model.profile.MachineProbe;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import tech.tablesaw.api.Table;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-op table and charts of a real TINY forward, rendered to PNG as a notebook shows them. */
class OpChartsTest {

    @Test
    void tableChartsAndRooflineRenderARealProfile() throws Exception {
        Transformer m = Transformer.builder().preset(Preset.TINY).build();
        OpProfile p = m.profileForward(new int[] {1, 2, 3, 4, 5, 6, 7, 8});
        Table t = OpTables.of("TINY forward", p);
        assertEquals(p.rows().size(), t.rowCount());
        assertTrue(t.getString(0, "share").endsWith("%"), t.getString(0, "share"));
        MachineProbe probe = new MachineProbe(50, 10, "test", 1);
        assertEquals(5, probe.ridgeFlopsPerByte(), 1e-12);
        assertEquals(10, probe.attainableGflops(1), 1e-12);
        assertEquals(50, probe.attainableGflops(100), 1e-12);
        assertTrue(BitmapEncoder.getBitmapBytes(OpCharts.timePerOp("t", Map.of("TINY", p)), BitmapEncoder.BitmapFormat.PNG).length > 1000);
        assertTrue(BitmapEncoder.getBitmapBytes(OpCharts.roofline(probe, Map.of("TINY", p)), BitmapEncoder.BitmapFormat.PNG).length > 1000);
    }
}
