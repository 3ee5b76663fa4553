package dev.modelkit.kernel.display;

import dev.modelkit.model.Preset;
import dev.modelkit.model.memory.MemoryModel;
import dev.modelkit.model.memory.MemoryReport;
import dev.modelkit.model.memory.Optimizer;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryDisplayTest {

    /**
     * The smallest real kernel with magics, as IJava has them: {@code %name args} lines go to
     * {@link Magics#applyLineMagic}; displays are kept instead of published over ZMQ.
     */
    public static final class MagicKernel extends BaseKernel {
        private final Magics magics = new Magics();
        final List<DisplayData> displayed = new ArrayList<>();

        public Magics getMagics() {
            return magics;
        }

        @Override
        public void display(DisplayData data) {
            displayed.add(data);
        }

        @Override
        public DisplayData eval(String code) throws Exception {
            String line = code.trim();
            if (!line.startsWith("%")) {
                throw new IllegalArgumentException("this test kernel only runs line magics");
            }
            String[] words = line.substring(1).split("\\s+");
            Object result = magics.applyLineMagic(words[0], Arrays.asList(words).subList(1, words.length));
            return result == null ? null : getRenderer().render(result);
        }

        @Override
        public LanguageInfo getLanguageInfo() {
            return new LanguageInfo.Builder("test").version("1").build();
        }
    }

    /** A kernel without magics: the renderer still installs. */
    public static final class PlainKernel extends BaseKernel {
        @Override
        public DisplayData eval(String code) {
            return null;
        }

        @Override
        public LanguageInfo getLanguageInfo() {
            return new LanguageInfo.Builder("plain").version("1").build();
        }
    }

    @Test
    void rendererGivesTextAndHtml() {
        MagicKernel k = new MagicKernel();
        assertTrue(MemoryDisplay.install(k));
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
        MagicKernel k = new MagicKernel();
        MemoryDisplay.install(k);
        assertNull(k.eval("%memory small batch=2 seq=64 optimizer=adamw dtype=fp32"));
        assertEquals(1, k.displayed.size());
        String text = (String) k.displayed.get(0).getData(MIMEType.TEXT_PLAIN);
        MemoryReport expected = MemoryModel.of(Preset.SMALL.config()).batch(2).sequence(64)
                .optimizer(Optimizer.ADAMW).report();
        assertEquals(expected.toString(), text);
        assertTrue(((String) k.displayed.get(0).getData(MIMEType.TEXT_HTML)).contains("training with ADAMW"));
    }

    @Test
    void magicCanMeasure() throws Exception {
        MagicKernel k = new MagicKernel();
        MemoryDisplay.install(k);
        k.eval("%memory tiny seq=16 measure=true");
        String html = (String) k.displayed.get(0).getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("measured") && html.contains("create (EAGER, 1 thread)"), html);
    }

    @Test
    void magicDefaultsAndBadArguments() throws Exception {
        MemoryReport defaults = MemoryDisplay.parse(List.of()).report();
        assertEquals(Preset.MEDIUM.config(), defaults.config());
        assertEquals(Optimizer.NONE, defaults.optimizer());
        MagicKernel k = new MagicKernel();
        MemoryDisplay.install(k);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.eval("%memory medium seq=500"));
        assertTrue(e.getMessage().contains("sequence = 500") && e.getMessage().contains("1..128"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> k.eval("%memory tiny colour=red"));
        assertTrue(e.getMessage().contains("'colour'") && e.getMessage().contains("batch, seq"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> k.eval("%memory huge"));
        assertTrue(e.getMessage().contains("tiny, small, medium"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> k.eval("%memory tiny batch=x"));
        assertTrue(e.getMessage().contains("batch = 'x'"), e.getMessage());
        assertTrue(k.displayed.isEmpty());
        assertEquals(256, MemoryDisplay.parse(List.of("tiny", "seq=256", "beyond=true")).report().sequence());
    }

    @Test
    void kernelWithoutMagicsGetsTheRendererOnly() {
        PlainKernel k = new PlainKernel();
        assertFalse(MemoryDisplay.install(k));
        DisplayData d = k.getRenderer().render(MemoryModel.of(Preset.TINY).report());
        assertTrue(((String) d.getData(MIMEType.TEXT_HTML)).contains("<table>"));
    }
}
