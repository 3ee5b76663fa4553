package dev.modelkit.kernel.memory;

import dev.modelkit.kernel.TestKernel;
import dev.modelkit.kernel.basekernel.BaseKernelInstaller;
import dev.modelkit.model.Preset;
import dev.modelkit.model.memory.MemoryModel;
import dev.modelkit.model.memory.MemoryReport;
import dev.modelkit.model.memory.Optimizer;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryDisplayTest {

    /** Runs a {@code %name args} line the way IJava does: through the kernel's magics registry. */
    private static Object magic(TestKernel k, String line) throws Exception {
        String[] words = line.trim().substring(1).split("\\s+");
        return k.getMagics().applyLineMagic(words[0], Arrays.asList(words).subList(1, words.length));
    }

    @Test
    void rendererGivesTextAndHtml() {
        TestKernel k = new TestKernel();
        assertTrue(BaseKernelInstaller.install(k, MemoryDisplay.feature()));
        MemoryReport r = MemoryModel.of(Preset.MEDIUM.config()).batch(8).sequence(128)
                .optimizer(Optimizer.ADAMW).report();
        DisplayData d = k.getRenderer().render(r);
        assertEquals(r.toString(), d.getData(MIMEType.TEXT_PLAIN));
        String html = (String) d.getData(MIMEType.TEXT_HTML);
        assertTrue(html.startsWith("<div class=\"modelkit-memory\">"), html);
        assertTrue(html.contains("<table>") && html.contains("43,094,016") && html.contains("41.1 MiB"), html);
    }

    @Test
    void magicDisplaysTheReport() throws Exception {
        TestKernel k = new TestKernel();
        BaseKernelInstaller.install(k, MemoryDisplay.feature());
        Object returned = magic(k, "%memory small batch=2 seq=64 optimizer=adamw dtype=fp32");
        assertEquals(1, k.displayed.size());
        String text = (String) k.displayed.get(0).getData(MIMEType.TEXT_PLAIN);
        MemoryReport expected = MemoryModel.of(Preset.SMALL.config()).batch(2).sequence(64)
                .optimizer(Optimizer.ADAMW).report();
        assertEquals(expected.toString(), text);
        assertEquals(expected.toString(), returned.toString());
        assertTrue(((String) k.displayed.get(0).getData(MIMEType.TEXT_HTML)).contains("training with ADAMW"));
    }

    @Test
    void magicCanMeasure() throws Exception {
        TestKernel k = new TestKernel();
        BaseKernelInstaller.install(k, MemoryDisplay.feature());
        magic(k, "%memory tiny seq=16 measure=true");
        String html = (String) k.displayed.get(0).getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("measured") && html.contains("create (EAGER, 1 thread)"), html);
    }

    @Test
    void magicDefaultsAndBadArguments() throws Exception {
        MemoryReport defaults = MemoryDisplay.parse(List.of()).report();
        assertEquals(Preset.MEDIUM.config(), defaults.config());
        assertEquals(Optimizer.NONE, defaults.optimizer());
        TestKernel k = new TestKernel();
        BaseKernelInstaller.install(k, MemoryDisplay.feature());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> magic(k, "%memory medium seq=500"));
        assertTrue(e.getMessage().contains("sequence = 500") && e.getMessage().contains("1..128"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> magic(k, "%memory tiny colour=red"));
        assertTrue(e.getMessage().contains("'colour'") && e.getMessage().contains("batch (b), seq (sequence, t)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> magic(k, "%memory huge"));
        assertTrue(e.getMessage().contains("tiny, small, medium"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> magic(k, "%memory tiny batch=x"));
        assertTrue(e.getMessage().contains("batch=x is not allowed; allowed: an integer in 1.."), e.getMessage());
        assertTrue(k.displayed.isEmpty());
        assertEquals(256, MemoryDisplay.parse(List.of("tiny", "seq=256", "beyond=true")).report().sequence());
    }

    @Test
    void kernelWithoutMagicsGetsTheRendererOnly() {
        TestKernel.NoMagics k = new TestKernel.NoMagics();
        assertTrue(BaseKernelInstaller.install(k, MemoryDisplay.feature()));
        assertFalse(BaseKernelInstaller.install(k, MemoryDisplay.feature()), "a second install is a no-op");
        DisplayData d = k.getRenderer().render(MemoryModel.of(Preset.TINY).report());
        assertTrue(((String) d.getData(MIMEType.TEXT_HTML)).contains("<table>"));
    }
}
