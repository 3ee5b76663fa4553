package dev.modelkit.kernel;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;

import java.util.ArrayList;
import java.util.List;

/**
 * The smallest real basekernel kernel: basekernel's own renderer and a magics registry exposed
 * the way IJava exposes it ({@code public Magics getMagics()}). It evaluates no code and keeps
 * what is displayed instead of sending it over ZMQ, so renderers and magics run in-process.
 */
public class TestKernel extends BaseKernel {

    private final Magics magics = new Magics();
    public final List<DisplayData> displayed = new ArrayList<>();

    public Magics getMagics() {
        return magics;
    }

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
