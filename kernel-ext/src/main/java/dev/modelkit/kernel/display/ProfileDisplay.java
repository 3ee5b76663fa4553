package dev.modelkit.kernel.display;

import dev.modelkit.kernel.tables.ProfileTables;
import dev.modelkit.model.profile.CreationProfile;
import dev.modelkit.model.profile.ReferenceData;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;

import java.lang.reflect.Method;

/**
 * Notebook integration of the creation profiler: a renderer for {@link CreationProfile}
 * (text/plain = its text table, text/html = the summary, scaling, GC and reference tables) and
 * the {@code %bench} line magic.
 */
public final class ProfileDisplay {

    private static volatile CreationProfile last;

    private ProfileDisplay() {
    }

    /**
     * Registers the renderer with the kernel and, when the kernel exposes a magics registry
     * through a public {@code getMagics()} (as IJava's kernel does), the {@code %bench} magic;
     * a kernel without one gets the renderer only.
     */
    public static void install(BaseKernel kernel) {
        if (kernel == null) {
            throw new IllegalArgumentException("kernel must not be null");
        }
        kernel.getRenderer().createRegistration(CreationProfile.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN)
                .register(ProfileDisplay::render);
        Magics magics = magicsOf(kernel);
        if (magics != null) {
            magics.registerLineMagic("bench", new BenchMagic(kernel));
        }
    }

    /** The profile the last {@code %bench} produced, or null. */
    public static CreationProfile lastProfile() {
        return last;
    }

    static void remember(CreationProfile p) {
        last = p;
    }

    /** The HTML a notebook shows for a profile. */
    public static String html(CreationProfile p) {
        StringBuilder sb = new StringBuilder("<div class=\"modelkit-profile\">\n<p>");
        sb.append(Html.escape(p.warmup() + " warm-up + " + p.timedRunsPerCase() + " timed build(s) per case, "
                + (p.gcBeforeEachRun() ? "System.gc() before each build" : "no forced GC")))
                .append("<br>").append(Html.escape(p.environment().toString())).append("</p>\n");
        sb.append(TableHtml.render(ProfileTables.summary(p)));
        if (!p.scaling().isEmpty()) {
            sb.append(TableHtml.render(ProfileTables.scaling(p)));
        }
        sb.append(TableHtml.render(ProfileTables.gcAttribution(p)));
        if (!ReferenceData.load().compare(p).isEmpty()) {
            sb.append(TableHtml.render(ProfileTables.withReference(p)));
        }
        return sb.append("</div>\n").toString();
    }

    private static void render(CreationProfile p, RenderContext ctx) {
        ctx.renderIfRequested(MIMEType.TEXT_PLAIN, p::toString);
        ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> html(p));
    }

    private static Magics magicsOf(BaseKernel kernel) {
        try {
            Method m = kernel.getClass().getMethod("getMagics");
            if (Magics.class.isAssignableFrom(m.getReturnType())) {
                return (Magics) m.invoke(kernel);
            }
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not read the kernel's magics registry", e);
        }
        return null;
    }
}
