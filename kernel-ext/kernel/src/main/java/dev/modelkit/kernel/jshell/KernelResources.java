package dev.modelkit.kernel.jshell;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Text resources shipped next to the kernel classes, and the kernel's version. */
final class KernelResources {
    private KernelResources() {
    }

    static String text(String name) {
        try (InputStream in = KernelResources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("kernel resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version in the jar manifest, or "dev" when running from classes. */
    static String version() {
        String v = KernelResources.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
