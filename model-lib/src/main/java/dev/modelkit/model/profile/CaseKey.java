package dev.modelkit.model.profile;

import dev.modelkit.model.Init;

/**
 * One case of a profile: a model size built one way. Each case gets its own warm-ups, timed runs
 * and summary row.
 */
public record CaseKey(ProfiledModel model, Init init, boolean eagerGradients) {

    @Override
    public String toString() {
        return model.name() + " " + init + (eagerGradients ? " +grads" : "");
    }
}
