package dev.modelkit.kernel.jshell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A dynamic AppCDS archive of the classes a kernel loads (JShell, javac, model-lib, the extension,
 * ZeroMQ, Gson), built at install time by one {@code --warm-up} run of the installed jar with
 * {@code -XX:ArchiveClassesAtExit}. The kernel then maps those classes instead of loading and
 * verifying them, which takes about a third off its start (see the README's start-up section).
 *
 * <p>The archive is used only if this JDK accepts it at install time; otherwise, or with env
 * {@code MODELKIT_CDS=off}, the kernelspec is written without it. If a later JDK update makes the
 * archive stale, the JVM ignores it ({@code -Xshare:auto}, the default) and starts as without.
 */
final class CdsArchive {
    static final String FILE = "modelkit.jsa";
    private static final int TIMEOUT_SECONDS = 300;

    private CdsArchive() {
    }

    /**
     * Builds the archive for {@code argv} (the kernelspec's, {@code [java, flags..., -jar, jar, {connection_file}]})
     * in {@code dir}; returns argv with {@code -XX:SharedArchiveFile} before {@code -jar}, or argv unchanged.
     */
    static List<String> withArchive(List<String> argv, Path dir) {
        String setting = System.getenv("MODELKIT_CDS");
        int jar = argv.indexOf("-jar");
        if ("off".equalsIgnoreCase(setting) || jar < 0) {
            return argv;
        }
        Path archive = dir.resolve(FILE).toAbsolutePath();
        System.err.println("install: building the start-up archive (one warm-up run of the kernel; MODELKIT_CDS=off skips it)");
        try {
            Files.deleteIfExists(archive);
            List<String> dump = new ArrayList<>(argv.subList(0, jar));
            dump.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                    "-jar", argv.get(jar + 1), "--warm-up"));
            String why = run(dump);
            if (why == null && !Files.isRegularFile(archive)) {
                why = "the JVM wrote no archive";
            }
            List<String> use = new ArrayList<>(argv);
            use.add(jar, "-XX:SharedArchiveFile=" + archive);
            if (why == null) {
                why = accepted(use, jar);
            }
            if (why != null) {
                Files.deleteIfExists(archive);
                System.err.println("install: start-up archive not used (" + why + "); the kernel starts without it");
                return argv;
            }
            return use;
        } catch (IOException e) {
            System.err.println("install: start-up archive not used (" + e.getMessage() + ")");
            return argv;
        }
    }

    /** Null when the JVM maps classes from the archive (its "(top)" layer), else why not. */
    private static String accepted(List<String> argv, int jar) throws IOException {
        List<String> check = new ArrayList<>(argv.subList(0, jar + 1));
        check.addAll(List.of("-Xlog:class+load=info", "-jar", argv.get(jar + 2), "--help"));
        ProcessBuilder pb = new ProcessBuilder(check).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return out.contains("shared objects file (top)") ? null : "this JDK refused it";
    }

    private static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "the warm-up run took over " + TIMEOUT_SECONDS + " s";
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        if (p.exitValue() != 0) {
            String text = new String(out, StandardCharsets.UTF_8).strip();
            return "the warm-up run failed: " + text.substring(Math.max(0, text.length() - 300));
        }
        return null;
    }
}
