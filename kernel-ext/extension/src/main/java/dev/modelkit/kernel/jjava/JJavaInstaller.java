package dev.modelkit.kernel.jjava;

import dev.modelkit.kernel.Feature;
import dev.modelkit.kernel.MagicContext;
import dev.modelkit.kernel.MimeView;
import dev.modelkit.kernel.host.FeatureInstaller;
import dev.modelkit.kernel.host.KernelHost;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

import java.util.List;

/**
 * Puts a {@link Feature} into a JJava kernel. JJava forked basekernel into
 * {@code org.dflib.jjava.jupyter}: the same renderer API under other class names and a magics
 * registry of its own, so only these few calls differ from
 * {@link dev.modelkit.kernel.basekernel.BaseKernelInstaller}; {@link FeatureInstaller} does the rest.
 * JJava kept basekernel's {@code DisplayStream.updateDisplay}, so the progress bar works the same.
 *
 * <p>This class must not touch basekernel ({@code io.github.spencerpark}) classes: JJava does not
 * ship them.
 */
public final class JJavaInstaller implements KernelHost {

    private final BaseKernel kernel;

    private JJavaInstaller(BaseKernel kernel) {
        if (kernel == null) {
            throw new IllegalArgumentException("kernel must not be null");
        }
        this.kernel = kernel;
    }

    /** @return false if the feature was already installed in this kernel */
    public static boolean install(BaseKernel kernel, Feature feature) {
        return FeatureInstaller.install(new JJavaInstaller(kernel), feature);
    }

    @Override
    public Object kernel() {
        return kernel;
    }

    @Override
    public <T> void addView(MimeView<T> view) {
        List<String> all = FeatureInstaller.mimeTypes(view);
        kernel.getRenderer().createRegistration(view.type())
                .preferring(view.preferred().toArray(String[]::new))
                .supporting(all.toArray(String[]::new))
                .register((value, ctx) -> {
                    for (String mime : all) {
                        ctx.renderIfRequested(MIMEType.parse(mime), () -> view.render(value, mime));
                    }
                });
    }

    @Override
    public boolean addLineMagic(String name, dev.modelkit.kernel.LineMagic magic, MagicContext context) {
        kernel.getMagicsRegistry().registerLineMagic(name, (LineMagic<Object, BaseKernel>) (k, args) -> magic.run(args, context));
        return true;
    }

    @Override
    public void display(Object value) {
        kernel.display(kernel.getRenderer().render(value));
    }

    @Override
    public void display(String text, String html, String displayId) {
        kernel.display(data(text, html, displayId));
    }

    @Override
    public void updateDisplay(String text, String html, String displayId) {
        kernel.getIO().display.updateDisplay(data(text, html, displayId));
    }

    private static DisplayData data(String text, String html, String displayId) {
        DisplayData d = new DisplayData(text);
        d.putHTML(html);
        d.setDisplayId(displayId);
        return d;
    }
}
