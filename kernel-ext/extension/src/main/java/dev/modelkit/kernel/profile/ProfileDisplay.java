package dev.modelkit.kernel.profile;

import dev.modelkit.kernel.display.Html;
import dev.modelkit.kernel.tables.TableHtml;
import dev.modelkit.kernel.Feature;
import dev.modelkit.model.profile.CreationProfile;
import dev.modelkit.model.profile.ProfileSentences;
import dev.modelkit.model.profile.ReferenceData;

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


    /** The profile the last {@code %bench} produced, or null. */
    public static CreationProfile lastProfile() {
        return last;
    }

    static void remember(CreationProfile p) {
        last = p;
    }

    /**
     * The HTML a notebook shows for a profile: the method, then narrow tables (medians, scaling
     * verdicts, GC, reference) each followed by one computed sentence, then every full table, the
     * environment and the first build behind a {@code <details>}: all the text view has.
     */
    public static String html(CreationProfile p) {
        StringBuilder sb = new StringBuilder("<div class=\"modelkit-profile\">\n<p>");
        sb.append(Html.escape(ProfileSentences.method(p))).append("</p>\n");
        sb.append(TableHtml.render(ProfileTables.medians(p))).append(sentence(ProfileSentences.medians(p)));
        if (!p.scaling().isEmpty()) {
            sb.append(TableHtml.render(ProfileTables.verdicts(p))).append(sentence(ProfileSentences.scaling(p)));
        }
        sb.append(TableHtml.render(ProfileTables.gc(p))).append(sentence(ProfileSentences.gc(p)));
        boolean reference = !ReferenceData.load().compare(p).isEmpty();
        if (reference) {
            sb.append(TableHtml.render(ProfileTables.withReference(p))).append(sentence(ProfileSentences.reference(p)));
        }
        sb.append("<details><summary>Full tables: every statistic, the environment, the first build</summary>\n");
        sb.append(TableHtml.render(ProfileTables.summary(p)));
        if (!p.scaling().isEmpty()) {
            sb.append(TableHtml.render(ProfileTables.scaling(p)));
        }
        sb.append(TableHtml.render(ProfileTables.gcAttribution(p)));
        sb.append("<p>").append(Html.escape(p.environment().toString())).append("<br>")
                .append(Html.escape(String.format(java.util.Locale.ROOT, "First build of this profile%s: %s %s%s %.3f ms",
                        p.firstBuild().warmup() ? " (a warm-up)" : "", p.firstBuild().model().name(),
                        p.firstBuild().init(), p.firstBuild().eagerGradients() ? " +grads" : "",
                        p.firstBuild().millis()))).append("</p>\n");
        sb.append("</details>\n");
        return sb.append("</div>\n").toString();
    }

    private static String sentence(String s) {
        return "<p><i>" + Html.escape(s) + "</i></p>\n";
    }
}
