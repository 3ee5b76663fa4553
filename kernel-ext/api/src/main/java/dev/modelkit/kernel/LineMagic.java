package dev.modelkit.kernel;

import java.util.List;

/**
 * A line magic ({@code %name args}) written once for every kernel: adapters hand it the
 * whitespace-split arguments and a {@link MagicContext} for what the kernel can do.
 *
 * <p>IJava and JJava rewrite {@code %name args} into a call whose value is discarded as a
 * statement but is assigned in {@code T x = %name args}; so a magic that shows something must
 * {@link MagicContext#display display} it, and its return value is what such an assignment binds.
 */
@FunctionalInterface
public interface LineMagic {

    /**
     * Runs the magic.
     *
     * @throws IllegalArgumentException for bad arguments, naming the key, the value and what is allowed
     */
    Object run(List<String> args, MagicContext context) throws Exception;
}
