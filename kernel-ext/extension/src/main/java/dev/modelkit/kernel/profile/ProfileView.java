package dev.modelkit.kernel.profile;

import dev.modelkit.kernel.display.HtmlTextView;
import dev.modelkit.model.profile.CreationProfile;

/**
 * Creation profiles: the HTML of {@link ProfileDisplay#html} (summary, scaling, GC and reference
 * tables) as text/html, the text table of {@link CreationProfile#toString()} as text/plain.
 */
public final class ProfileView extends HtmlTextView<CreationProfile> {

    public ProfileView() {
        super(CreationProfile.class, ProfileDisplay::html, CreationProfile::toString);
    }
}
