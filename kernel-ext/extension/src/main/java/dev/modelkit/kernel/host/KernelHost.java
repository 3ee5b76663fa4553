package dev.modelkit.kernel.host;

import dev.modelkit.kernel.LineMagic;
import dev.modelkit.kernel.MagicContext;
import dev.modelkit.kernel.MimeView;

/**
 * What a kernel library must do for ModelKit, and all an adapter writes for its host: register a
 * view's renderer and a line magic, display a value, and display and replace an output by display
 * id. {@link FeatureInstaller} builds the rest on it once for every host: installing each feature
 * once per kernel, the {@link MagicContext} magics run with, the {@link InPlaceProgress} bar.
 *
 * <p>One implementation per kernel library: {@code basekernel.BaseKernelInstaller} (IJava, ours)
 * and {@code jjava.JJavaInstaller} (JJava's fork of basekernel, the same API under other names).
 */
public interface KernelHost {

    /** The kernel: features are counted per kernel, and a kernel that is a {@code VariableBinder} binds. */
    Object kernel();

    /** Registers a renderer that puts {@code view}'s preferred MIME types in the bundle and the others when asked for. */
    <T> void addView(MimeView<T> view);

    /**
     * Registers {@code magic} as {@code %name}, run with {@code context}.
     *
     * @return false when the kernel has no magics registry; nothing is registered then
     */
    boolean addLineMagic(String name, LineMagic magic, MagicContext context);

    /** Shows {@code value}, rendered by the kernel's renderer, as a display output of the running cell. */
    void display(Object value);

    /** Shows a text/plain and text/html output carrying {@code displayId} ({@code display_data}). */
    void display(String text, String html, String displayId);

    /** Replaces the output carrying {@code displayId} ({@code update_display_data}). */
    void updateDisplay(String text, String html, String displayId);
}
