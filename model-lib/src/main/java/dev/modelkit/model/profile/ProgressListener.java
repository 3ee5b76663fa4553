package dev.modelkit.model.profile;

/** Called on the profiling thread after every build; keep it quick, it runs between builds. */
@FunctionalInterface
public interface ProgressListener {

    void onRun(ProgressEvent event);
}
