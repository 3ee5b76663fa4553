package dev.modelkit.kernel.jjava;

import dev.modelkit.kernel.NotebookModels;
import dev.modelkit.kernel.profile.ProfileDisplay;
import dev.modelkit.model.Transformer;
import dev.modelkit.model.profile.CreationProfile;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JJava adapter, found through JJava's own ServiceLoader-based extension loading. */
class JJavaExtensionTest {

    @AfterEach
    void forgetModels() {
        NotebookModels.clear();
    }

    private static JJavaTestKernel loaded() {
        JJavaTestKernel kernel = new JJavaTestKernel();
        kernel.loadExtensions();
        return kernel;
    }

    @Test
    void serviceFileInstallsRenderers() throws Exception {
        JJavaTestKernel kernel = loaded();
        kernel.loadExtensions();  // JJava keys extensions by class: a second load installs nothing more

        Transformer medium = Transformer.builder().preset(dev.modelkit.model.Preset.MEDIUM)
                .init(dev.modelkit.model.Init.LAZY).build();
        DisplayData model = kernel.getRenderer().render(medium);
        assertTrue(((String) model.getData(MIMEType.TEXT_HTML)).contains("10,773,504"));

        DisplayData table = kernel.getRenderer().render(Table.create("t", IntColumn.create("n", 1, 2)));
        assertTrue(((String) table.getData(MIMEType.TEXT_HTML)).contains("<td style=\"text-align:right\">2</td>"));

        XYChart chart = new XYChartBuilder().width(300).height(200).build();
        chart.addSeries("s", new double[] {0, 1}, new double[] {1, 0});
        DisplayData png = kernel.getRenderer().render(chart);
        var img = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode((String) png.getData(MIMEType.IMAGE_PNG))));
        assertEquals(300, img.getWidth());
        assertEquals(200, img.getHeight());
    }

    @Test
    void modelMagicRunsThroughJJavasRegistry() throws Exception {
        JJavaTestKernel kernel = loaded();
        Transformer m = kernel.getMagicsRegistry().evalLineMagic(kernel, "model", List.of("tiny", "layers=1", "name=t"));
        assertEquals(1, m.config().layers());
        assertSame(m, NotebookModels.model("t"));
        assertEquals(1, kernel.displayed.size());
        assertTrue(((String) kernel.displayed.get(0).getData(MIMEType.TEXT_HTML)).contains("<b>Transformer</b>"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kernel.getMagicsRegistry().evalLineMagic(kernel, "model", List.of("tiny", "heads=x")));
        assertTrue(e.getMessage().contains("heads=x"), e.getMessage());
    }

    @Test
    void benchRunsThroughJJavasRegistryWithAProgressBar() throws Exception {
        JJavaTestKernel kernel = loaded();
        CreationProfile p = kernel.getMagicsRegistry().evalLineMagic(kernel, "bench",
                List.of("tiny", "--runs", "2", "--warmup", "0", "--init", "lazy"));
        assertEquals(2, p.runs().size());
        assertSame(p, ProfileDisplay.lastProfile());

        // The bar's first state, then the profile. The bar's updates go to JJava's display stream,
        // which drops them here: no cell is running (ProfileDisplayTest sees them over ZMQ).
        assertEquals(2, kernel.displayed.size());
        DisplayData bar = kernel.displayed.get(0);
        assertTrue(bar.hasDisplayId());
        assertTrue(((String) bar.getData(MIMEType.TEXT_HTML)).contains("<progress value=\"0\" max=\"2\""));
        DisplayData shown = kernel.displayed.get(1);
        assertFalse(shown.hasDisplayId());
        assertEquals(p.toString(), shown.getData(MIMEType.TEXT_PLAIN));
        assertTrue(((String) shown.getData(MIMEType.TEXT_HTML)).startsWith("<div class=\"modelkit-profile\">"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kernel.getMagicsRegistry().evalLineMagic(kernel, "bench", List.of("tiny", "--runs", "0")));
        assertTrue(e.getMessage().contains("runs=0 is not allowed"), e.getMessage());
    }

    @Test
    void assignmentFormReachesTheMagic() {
        // JJava (like IJava) rewrites "T x = %magic args" into an assignment of the magic's value:
        // that is how %model binds a variable on kernels that cannot declare one themselves.
        String code = new JJavaTestKernel().getMagicParser().resolveMagics("Transformer m = %model tiny layers=1");
        assertTrue(code.startsWith("Transformer m ="), code);
        assertTrue(code.contains("lineMagic"), code);
    }

    @Test
    void theOneLoadCellFindsJJavasKernelAndAddsTheDefaultImports() throws Exception {
        JJavaTestKernel kernel = new JJavaTestKernel();
        kernel.becomeNotebookKernel();
        try {
            assertSame(kernel, dev.modelkit.kernel.ModelKitExtension.install(), "found through BaseKernel.notebookKernel()");
            assertEquals(List.of(dev.modelkit.kernel.DefaultImports.code()), kernel.evaluated);
            assertTrue(kernel.evaluated.get(0).contains("import dev.modelkit.model.*;"));
            Transformer m = kernel.getMagicsRegistry().evalLineMagic(kernel, "model", List.of("tiny"));
            assertEquals(417_792L, m.parameterCount(), "the magics are registered");
            dev.modelkit.kernel.ModelKitExtension.install();
            assertEquals(1, kernel.evaluated.size(), "a second install adds nothing");
        } finally {
            kernel.leaveNotebookKernel();
        }
    }

    @Test
    void jjavaSideNeedsNoBasekernelClasses() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        boolean dropped = false;
        for (String entry : cp.split(File.pathSeparator)) {
            if (entry.contains("jupyter-jvm-basekernel")) {
                dropped = true;
                continue;
            }
            urls.add(new File(entry).toURI().toURL());
        }
        assertTrue(dropped, "basekernel was on the test class path: " + cp);
        try (URLClassLoader isolated = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class,
                    () -> Class.forName("io.github.spencerpark.jupyter.kernel.BaseKernel", false, isolated));
            Class<?> k = Class.forName(JJavaTestKernel.class.getName(), true, isolated);
            String html = (String) k.getMethod("tinyModelHtmlThroughServiceLoader").invoke(null);
            assertTrue(html.contains("417,792"), html);
            String portable = (String) k.getMethod("tinyModelHtmlThroughPortableInstall").invoke(null);
            assertTrue(portable.contains("417,792"), "ModelKitExtension.install() links no basekernel class: " + portable);
            assertFalse(html.isEmpty());
        }
    }
}
