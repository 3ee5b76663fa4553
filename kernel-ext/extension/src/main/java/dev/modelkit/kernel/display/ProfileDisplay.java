package dev.modelkit.kernel.display;

import dev.modelkit.kernel.BaseKernelInstaller;
import dev.modelkit.kernel.Feature;
import dev.modelkit.kernel.tables.ProfileTables;
import dev.modelkit.model.profile.CreationProfile;
import dev.modelkit.model.profile.ReferenceData;
import io.github.spencerpark.jupyter.kernel.BaseKernel;

import java.util.List;
import java.util.Map;

/**
 * Notebook integration of the creation profiler as a {@link Feature}: {@link ProfileView} for
 * {@link CreationProfile} (text/plain = its text table, text/html = {@link #html}) and the
 * {@code %bench} line magic, which shows a live progress bar, then displays and returns the
 * profile.
 */
public final class ProfileDisplay {

    /** The feature's name. */
    public static final String NAME = "profile";
    /** The magic's name: {@code %bench}. */
    public static final String MAGIC = "bench";

    private static volatile CreationProfile last;

    private ProfileDisplay() {
    }

    /** The profile view and the {@code %bench} magic, for any kernel adapter. */
    public static Feature feature() {
        return new Feature(NAME, List.of(new ProfileView()), Map.of(MAGIC, new BenchMagic()));
    }

    /**
     * Installs {@link #feature()} into a basekernel kernel (the magic only where the kernel
     * exposes IJava's public {@code getMagics()}).
     *
     * @return false if it was installed already
     */
    public static boolean install(BaseKernel kernel) {
        return BaseKernelInstaller.install(kernel, feature());
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
}
