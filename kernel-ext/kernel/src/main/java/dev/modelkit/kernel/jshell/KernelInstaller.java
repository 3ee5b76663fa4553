package dev.modelkit.kernel.jshell;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.gson.GsonBuilder;

/**
 * Writes a Jupyter kernelspec without Python: {@code NAME/kernel.json} plus a copy of the kernel
 * jar, so the spec keeps working after {@code mvn clean}.
 */
public final class KernelInstaller {
    static final String JAR_NAME = "modelkit-kernel.jar";
    static final String DEFAULT_HEAP = "-Xmx2g";

    private final Path kernelsDir;
    private final String name;
    private final String displayName;
    private final String java;
    private final List<String> heapFlags;

    private KernelInstaller(Path kernelsDir, String name, String displayName, String java, List<String> heapFlags) {
        this.kernelsDir = kernelsDir;
        this.name = name;
        this.displayName = displayName;
        this.java = java;
        this.heapFlags = heapFlags;
    }

    /** Parses the arguments after {@code install}; unknown or incomplete options are rejected. */
    static KernelInstaller parse(String[] args) {
        String location = null;
        Path kernelsDir = null;
        String name = "modelkit";
        String displayName = "Java (ModelKit)";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--user" -> {
                    location = once(location, a);
                    kernelsDir = userKernelsDir();
                }
                case "--sys-prefix" -> {
                    location = once(location, a);
                    kernelsDir = sysPrefix().resolve(Path.of("share", "jupyter", "kernels"));
                }
                case "--prefix" -> {
                    location = once(location, a);
                    kernelsDir = Path.of(value(args, ++i, a)).toAbsolutePath().resolve(Path.of("share", "jupyter", "kernels"));
                }
                case "--name" -> name = value(args, ++i, a);
                case "--display-name" -> displayName = value(args, ++i, a);
                case "--java" -> java = value(args, ++i, a);
                default -> throw new IllegalArgumentException("unknown option '" + a
                        + "'; allowed: --user, --sys-prefix, --prefix DIR, --name NAME, --display-name TEXT, --java PATH");
            }
        }
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("--name '" + name + "' may only hold letters, digits, '.', '_' and '-'");
        }
        if (kernelsDir == null) {
            kernelsDir = userKernelsDir();
        }
        String heap = System.getenv("MODELKIT_KERNEL_HEAP");
        List<String> heapFlags = List.of((heap == null || heap.isBlank() ? DEFAULT_HEAP : heap).strip().split("\\s+"));
        return new KernelInstaller(kernelsDir, name, displayName, java, heapFlags);
    }

    private static Path userKernelsDir() {
        return userDataDir(System.getenv(), System.getProperty("user.home"), System.getProperty("os.name")).resolve("kernels");
    }

    /**
     * Jupyter's per-user data directory, by jupyter_core's own rules ({@code jupyter --data-dir}):
     * {@code $JUPYTER_DATA_DIR}; else under {@code $HOME} (Java's {@code user.home} is the passwd
     * home, which Jupyter ignores when HOME is set): {@code $XDG_DATA_HOME/jupyter} or
     * {@code ~/.local/share/jupyter} on Linux, {@code ~/Library/Jupyter} on macOS,
     * {@code %APPDATA%\jupyter} on Windows.
     */
    static Path userDataDir(Map<String, String> env, String passwdHome, String osName) {
        String dataDir = env.get("JUPYTER_DATA_DIR");
        if (dataDir != null && !dataDir.isEmpty()) {
            return Path.of(dataDir);
        }
        String homeEnv = env.get("HOME");
        Path home = Path.of(homeEnv != null && !homeEnv.isEmpty() ? homeEnv : passwdHome);
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac")) {
            return home.resolve(Path.of("Library", "Jupyter"));
        }
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            // Jupyter's fallback without APPDATA is its config dir's "data": ~/.jupyter/data.
            return appData != null && !appData.isEmpty() ? Path.of(appData, "jupyter") : home.resolve(Path.of(".jupyter", "data"));
        }
        String xdg = env.get("XDG_DATA_HOME");
        return (xdg != null && !xdg.isEmpty() ? Path.of(xdg) : home.resolve(Path.of(".local", "share"))).resolve("jupyter");
    }

    private static String once(String previous, String option) {
        if (previous != null) {
            throw new IllegalArgumentException(option + " conflicts with " + previous + "; give one location");
        }
        return option;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /**
     * {@code sys.prefix} of the Python that runs the {@code jupyter} command on PATH (that is where
     * this Jupyter looks for kernels: Debian's /usr, a virtualenv, Binder's conda environment), or
     * env MODELKIT_SYS_PREFIX.
     */
    static Path sysPrefix() {
        String override = System.getenv("MODELKIT_SYS_PREFIX");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String python = jupyterPython(System.getenv("PATH"));
        try {
            Process p = new ProcessBuilder(python, "-c", "import sys; print(sys.prefix)").redirectErrorStream(true).start();
            // Wait first (the answer is one short line, well within a pipe's buffer), so a hung
            // interpreter times out instead of blocking a read forever.
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalArgumentException("--sys-prefix: " + python + " did not answer within 30 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0 || out.isEmpty()) {
                throw new IllegalArgumentException("--sys-prefix: " + python + " did not report sys.prefix: " + out);
            }
            return Path.of(out);
        } catch (IOException e) {
            throw new IllegalArgumentException("--sys-prefix needs python3 (or env MODELKIT_SYS_PREFIX): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The interpreter in the shebang of {@code jupyter} on PATH; else python3 (Debian's first). */
    static String jupyterPython(String path) {
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path jupyter = Path.of(dir.isEmpty() ? "." : dir, "jupyter");
            if (!Files.isRegularFile(jupyter) || !Files.isExecutable(jupyter)) {
                continue;
            }
            try (BufferedReader r = Files.newBufferedReader(jupyter, StandardCharsets.ISO_8859_1)) {
                String first = r.readLine();
                if (first != null && first.startsWith("#!")) {
                    String[] words = first.substring(2).trim().split("\\s+");
                    // "#!/usr/bin/env python3" names the interpreter in its second word.
                    String interpreter = words[0].endsWith("/env") && words.length > 1 ? words[1] : words[0];
                    if (!interpreter.isEmpty()) {
                        return interpreter;
                    }
                }
            } catch (IOException e) {
                // Not a script (a compiled launcher): fall through to python3.
            }
            break;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Linux's transparent huge page mode: {@code always [madvise] never}, the bracketed one in force. */
    static final String THP_SETTING = "/sys/kernel/mm/transparent_hugepage/enabled";

    /**
     * {@code -XX:+UseTransparentHugePages} where the OS lets the JVM ask for huge pages ({@code always}
     * or {@code madvise}). A fresh heap is backed page by page as it is first written, and a model's
     * weights are tens of MB of new arrays: with 4 KiB pages the first MEDIUM build spent ~300 ms in
     * page faults (measured: 320-390 ms against 10-40 ms with 2 MiB pages; the README's speed section).
     * With it, {@code -XX:G1HeapRegionSize=32m}: G1 commits its heap a region at a time, and at the
     * default 1 MiB for a 2 GiB heap no region can be one 2 MiB page, while every weight tensor over
     * half a region is a "humongous" object in regions of its own. Measured in a fresh JVM, 44 MB of
     * 4 MiB arrays: 80-120 ms with 1 MiB regions, 4-9 ms with 32 MiB ones.
     * Elsewhere nothing is added, so the JVM prints no warning.
     */
    static List<String> pageFlags(Path thpSetting) {
        try {
            String mode = Files.readString(thpSetting);
            return mode.contains("[always]") || mode.contains("[madvise]") ? List.of("-XX:+UseTransparentHugePages", "-XX:G1HeapRegionSize=32m") : List.of();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The argv Jupyter runs; {@code jar} is the copy inside the kernelspec. */
    List<String> argv(Path jar) {
        List<String> argv = new ArrayList<>();
        argv.add(java);
        argv.addAll(heapFlags);
        argv.addAll(pageFlags(Path.of(THP_SETTING)));
        // The Vector API is an incubator module: present only when asked for (one warning line at start).
        argv.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        // JShell's class-path indexer is paused while cells run (IndexerThrottle), through its own class.
        argv.addAll(List.of("--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED"));
        argv.addAll(List.of("-jar", jar.toString(), "{connection_file}"));
        return argv;
    }

    /** Where {@link #install()} writes the kernelspec: KERNELS_DIR/NAME. */
    Path kernelDir() {
        return kernelsDir.resolve(name);
    }

    /** Writes the kernelspec; returns its directory. */
    Path install() throws IOException {
        Path source = runningJar();
        Path dir = kernelsDir.resolve(name);
        Files.createDirectories(dir);
        Path jar = dir.resolve(JAR_NAME).toAbsolutePath();
        if (!source.toAbsolutePath().normalize().equals(jar.normalize())) {
            Files.copy(source, jar, StandardCopyOption.REPLACE_EXISTING);
        }
        int classes = CompileClasspath.write(jar);
        System.err.println("install: unpacked " + classes + " class files into " + CompileClasspath.DIR
                + "/ (what cells compile against; javac reads a folder faster than the jar)");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", CdsArchive.withArchive(argv(jar), dir));
        spec.put("display_name", displayName);
        spec.put("language", "java");
        // Jupyter must not SIGINT a JVM (it would exit); interrupt_request stops the running cell.
        spec.put("interrupt_mode", "message");
        spec.put("env", Map.of());
        spec.put("metadata", Map.of("debugger", false));
        Files.writeString(dir.resolve("kernel.json"),
                new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec) + "\n");
        return dir;
    }

    private static Path runningJar() {
        try {
            Path p = Path.of(KernelInstaller.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("install must run from the kernel jar (java -jar "
                        + JAR_NAME + " install), not from " + p);
            }
            return p;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
