package dev.modelkit.kernel;

import dev.modelkit.kernel.basekernel.BaseKernelInstaller;
import dev.modelkit.model.Init;
import dev.modelkit.model.Preset;
import dev.modelkit.model.Transformer;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.PieChart;
import org.knowm.xchart.PieChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.w3c.dom.Document;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Renderers installed into a real basekernel kernel, exercised through its own Renderer. */
class ModelKitExtensionTest {

    private static TestKernel installed() {
        TestKernel kernel = new TestKernel();
        ModelKitExtension.install(kernel);
        return kernel;
    }

    @Test
    void mediumModelRendersHtmlSummaryAndText() {
        TestKernel kernel = installed();
        Transformer medium = Transformer.builder().preset(Preset.MEDIUM).init(Init.LAZY).build();

        DisplayData data = kernel.getRenderer().render(medium);

        String html = (String) data.getData(MIMEType.TEXT_HTML);
        assertNotNull(html, "text/html in the bundle");
        assertTrue(html.contains("10,773,504"), "parameter count in the HTML");
        assertTrue(html.contains("<details>"), "per-tensor table is collapsible");
        assertTrue(html.contains("blocks.5.mlp.fc2.weight"), "per-tensor rows");
        assertTrue(html.contains(">attention<") && html.contains(">embeddings<") && html.contains(">head<"),
                "per-component rows");
        String text = (String) data.getData(MIMEType.TEXT_PLAIN);
        assertTrue(text.contains("10,773,504"), text);
        assertTrue(text.contains("mlp"), text);
    }

    @Test
    void installingTwiceRegistersOnce() {
        TestKernel kernel = installed();
        ModelKitExtension.install(kernel);
        assertFalse(BaseKernelInstaller.install(kernel, dev.modelkit.kernel.model.ModelFeature.feature()),
                "second install is a no-op");
        assertTrue(BaseKernelInstaller.isInstalled(kernel, "model"));
        assertTrue(BaseKernelInstaller.isInstalled(kernel, "tables-charts"));
        // still renders, once
        String html = (String) kernel.getRenderer().render(Transformer.builder().build()).getData(MIMEType.TEXT_HTML);
        assertEquals(1, html.split("class=\"modelkit-model\"", -1).length - 1);
    }

    @Test
    void tablesawTableRendersHtmlAndPrint() {
        TestKernel kernel = installed();
        Table t = Table.create("costs <&>",
                StringColumn.create("model", "tiny", "<script>x</script>"),
                DoubleColumn.create("ms", 1.5, 22.25));

        DisplayData data = kernel.getRenderer().render(t);

        String html = (String) data.getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("costs &lt;&amp;&gt;"), html);
        assertTrue(html.contains("&lt;script&gt;x&lt;/script&gt;"), "cells escaped");
        assertFalse(html.contains("<script>"), "nothing executable leaks");
        assertTrue(html.contains("<td style=\"text-align:right\">22.25</td>"), "numbers right-aligned");
        assertEquals(t.print(), data.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void xyChartRendersPngOfItsSizeHeadless() throws Exception {
        TestKernel kernel = installed();
        XYChart chart = new XYChartBuilder().width(640).height(360).title("loss").build();
        chart.addSeries("train", new double[] {1, 2, 3}, new double[] {3, 2, 1.5});

        DisplayData data = kernel.getRenderer().render(chart);

        byte[] png = Base64.getDecoder().decode((String) data.getData(MIMEType.IMAGE_PNG));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(img, "a decodable PNG");
        assertEquals(640, img.getWidth());
        assertEquals(360, img.getHeight());
        assertTrue(((String) data.getData(MIMEType.TEXT_PLAIN)).startsWith("XYChart 'loss' 640x360"));
        assertFalse(data.hasDataForType(MIMEType.IMAGE_SVG), "SVG only on request");
        assertTrue(GraphicsEnvironment.isHeadless(), "charts render without a display");
    }

    @Test
    void chartsRenderSvgOnRequest() throws Exception {
        TestKernel kernel = installed();
        CategoryChart bars = new CategoryChartBuilder().title("params").build();
        bars.addSeries("params", List.of("emb", "attn", "mlp"), List.of(87_552, 3_548_160, 7_087_104));
        PieChart pie = new PieChartBuilder().title("share").build();
        pie.addSeries("mlp", 65.8);
        pie.addSeries("attn", 32.9);

        for (Object chart : List.of(bars, pie)) {
            DisplayData data = kernel.getRenderer().renderAs(chart, "image/svg+xml");
            String svg = (String) data.getData(MIMEType.IMAGE_SVG);
            assertNotNull(svg, chart.getClass().getSimpleName());
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
            assertEquals("svg", doc.getDocumentElement().getTagName());
        }
    }

    @Test
    void kernelWithoutMagicsStillGetsRenderers() {
        TestKernel.NoMagics kernel = new TestKernel.NoMagics();
        ModelKitExtension.install(kernel);
        String html = (String) kernel.getRenderer().render(Transformer.builder().build()).getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("417,792"), "TINY parameter count");
    }
}
