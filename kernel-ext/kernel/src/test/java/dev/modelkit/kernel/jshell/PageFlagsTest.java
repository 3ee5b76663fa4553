package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kernel.json asks for transparent huge pages only where Linux grants them to a JVM that asks. */
class PageFlagsTest {
    @TempDir
    Path tmp;

    @Test
    void hugePagesWhenTheModeIsAlwaysOrMadvise() throws Exception {
        List<String> thp = List.of("-XX:+UseTransparentHugePages", "-XX:G1HeapRegionSize=32m");
        assertEquals(thp, KernelInstaller.pageFlags(Files.writeString(tmp.resolve("a"), "always [madvise] never\n")));
        assertEquals(thp, KernelInstaller.pageFlags(Files.writeString(tmp.resolve("b"), "[always] madvise never\n")));
        assertEquals(List.of(), KernelInstaller.pageFlags(Files.writeString(tmp.resolve("c"), "always madvise [never]\n")));
        assertEquals(List.of(), KernelInstaller.pageFlags(tmp.resolve("no-such-file")), "not Linux: no flag");
    }
}
