package dev.modelkit.kernel.jjava;

import dev.modelkit.model.Transformer;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The smallest real JJava kernel: JJava's own renderer, magics registry, magic parser and
 * extension loading; it evaluates no code and keeps what is displayed.
 */
public class JJavaTestKernel extends BaseKernel {

    public final List<DisplayData> displayed = new ArrayList<>();
    /** What the extension asked this kernel to evaluate (JJava's evalRaw), e.g. the default imports. */
    public final List<String> evaluated = new ArrayList<>();

    public JJavaTestKernel() {
        super("jjava-test", "0", new LanguageInfo("java", Runtime.version().toString(), "text/x-java", ".jshell",
                        "java", "java", "script"),
                List.of(), null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(),
                new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicTranspiler()), new MagicsRegistry(), true,
                new StringStyler("", "", "", i -> ""));
    }

    /** What JJava does at start-up: install every Extension service on the classpath. */
    public void loadExtensions() {
        installExtensions(JJavaTestKernel.class.getClassLoader());
    }

    @Override
    public void display(DisplayData data) {
        displayed.add(data);
    }

    @Override
    public Object evalRaw(String expr) {
        evaluated.add(expr);
        return null;
    }

    /** What JJava's kernel does when it starts: become {@code BaseKernel.notebookKernel()}. */
    public void becomeNotebookKernel() {
        installNotebookKernel();
    }

    /** Stops being the notebook kernel, so other tests start clean. */
    public void leaveNotebookKernel() {
        uninstallNotebookKernel();
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return null;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        return null;
    }

    @Override
    public String isComplete(String code) {
        return IS_COMPLETE_YES;
    }

    /**
     * Loads extensions the way JJava does and renders the TINY model: run in a class loader
     * without basekernel to show the JJava side needs none of it.
     */
    public static String tinyModelHtmlThroughPortableInstall() {
        JJavaTestKernel kernel = new JJavaTestKernel();
        kernel.becomeNotebookKernel();
        try {
            Object found = dev.modelkit.kernel.ModelKitExtension.install();
            if (found != kernel) {
                throw new AssertionError("install() found " + found);
            }
            return (String) kernel.getRenderer().render(Transformer.builder().build()).getData(MIMEType.TEXT_HTML);
        } finally {
            kernel.leaveNotebookKernel();
        }
    }

    public static String tinyModelHtmlThroughServiceLoader() {
        JJavaTestKernel kernel = new JJavaTestKernel();
        kernel.loadExtensions();
        return (String) kernel.getRenderer().render(Transformer.builder().build()).getData(MIMEType.TEXT_HTML);
    }
}
