package dev.modelkit.kernel.model;

import dev.modelkit.model.Component;
import dev.modelkit.model.Init;
import dev.modelkit.model.Preset;
import dev.modelkit.model.Transformer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelSummaryHtmlTest {

    @Test
    void mediumBreakdownAddsUpToTheReferenceCount() {
        List<ComponentBreakdown> rows = ComponentBreakdown.of(Preset.MEDIUM.config().layout());
        assertEquals(Component.values().length, rows.size());
        long params = rows.stream().mapToLong(ComponentBreakdown::parameters).sum();
        int tensors = rows.stream().mapToInt(ComponentBreakdown::tensors).sum();
        double share = rows.stream().mapToDouble(ComponentBreakdown::share).sum();
        assertEquals(10_773_504L, params);
        assertEquals(77, tensors);
        assertEquals(1.0, share, 1e-12);
        // V*d + T*d = 100*384 + 128*384; head V*d; per layer: attention 4d^2+4d, mlp 8d^2+5d, norms 4d
        assertEquals(87_552L, rows.get(Component.EMBEDDINGS.ordinal()).parameters());
        assertEquals(6L * (4 * 384 * 384 + 4 * 384), rows.get(Component.ATTENTION.ordinal()).parameters());
        assertEquals(6L * (8 * 384 * 384 + 5 * 384), rows.get(Component.MLP.ordinal()).parameters());
        assertEquals(6L * 4 * 384 + 2 * 384, rows.get(Component.NORMS.ordinal()).parameters());
        assertEquals(38_400L, rows.get(Component.HEAD.ordinal()).parameters());
        assertEquals(4 * 38_400L, rows.get(Component.HEAD.ordinal()).bytes());
    }

    @Test
    void summaryShowsConfigFiguresAndEveryTensor() {
        Transformer m = Transformer.builder().preset(Preset.SMALL).seed(3).init(Init.LAZY).build();
        String html = ModelSummaryHtml.render(m);
        assertTrue(html.contains("3,243,520 parameters"), html);
        assertTrue(html.contains("53 tensors"));
        assertTrue(html.contains("12.4 MiB fp32"), html);
        assertTrue(html.contains("init lazy (0 of 53 tensors materialised)"), html);
        assertTrue(html.contains("seed 3"));
        assertTrue(html.contains("<th style=\"text-align:right\">head dim</th>"));
        assertTrue(html.contains("<td style=\"text-align:right\">64</td>"), "head dim 256/4");
        for (var p : m.parameters()) {
            assertTrue(html.contains("<code>" + p.name() + "</code>"), p.name());
        }
        assertTrue(m.parameters().stream().noneMatch(p -> p.isMaterialized()));
        String text = ModelSummaryText.render(m);
        assertTrue(text.startsWith(m.toString()));
        assertTrue(text.contains("attention"));
    }
}
