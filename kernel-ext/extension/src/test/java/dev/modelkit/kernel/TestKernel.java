package dev.modelkit.kernel;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.MagicParser;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;

import java.util.ArrayList;
import java.util.List;

/**
 * The smallest real basekernel kernel: basekernel's own renderer and a magics registry exposed
 * the way IJava exposes it ({@code public Magics getMagics()}). Its cells may hold only magic
 * lines, each run while the cell executes, as IJava's rewritten statement would. It keeps what is
 * displayed and also sends it, so renderers and magics can be checked in-process or over ZMQ
 * (outside a running cell basekernel drops what is sent).
 */
public class TestKernel extends BaseKernel {

    private final Magics magics = new Magics();
    private final MagicParser parser = new MagicParser();
    public final List<DisplayData> displayed = new ArrayList<>();

    public Magics getMagics() {
        return magics;
    }

    @Override
    public void display(DisplayData data) {
        displayed.add(data);
        super.display(data);
    }

    @Override
    public DisplayData eval(String code) throws Exception {
        String rest = parser.transformLineMagics(code, ctx -> {
            try {
                magics.applyLineMagic(ctx.getMagicCall().getName(), ctx.getMagicCall().getArgs());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return "";
        });
        if (!rest.isBlank()) {
            throw new IllegalArgumentException("this test kernel runs magic lines only, not: " + rest.trim());
        }
        return null;
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return new LanguageInfo.Builder("java").version(Runtime.version().toString()).fileExtension(".jshell").build();
    }

    /** A kernel that can declare variables: records what it was asked to bind. */
    public static final class Binding extends TestKernel implements VariableBinder {
        public final List<Object[]> bound = new ArrayList<>();

        @Override
        public void bindVariable(String name, Class<?> type, Object value) {
            bound.add(new Object[] {name, type, value});
        }
    }

    /** A basekernel kernel without IJava's getMagics(): renderers still install, magics cannot. */
    public static final class NoMagics extends BaseKernel {
        public final List<DisplayData> displayed = new ArrayList<>();

        @Override
        public void display(DisplayData data) {
            displayed.add(data);
        }

        @Override
        public DisplayData eval(String expr) {
            return null;
        }

        @Override
        public LanguageInfo getLanguageInfo() {
            return new LanguageInfo.Builder("java").build();
        }
    }
}
