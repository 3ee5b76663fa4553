package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar modelkit-kernel.jar install}, then Jupyter itself finding and running the kernel. */
class KernelInstallIT {
    @TempDir
    Path tmp;

    @Test
    void installWritesAKernelspecWithItsOwnJarCopy() throws Exception {
        Path prefix = tmp.resolve("p");
        Jupyter.Result r = Jupyter.run(List.of(Jupyter.javaBin(), "-jar", Jupyter.kernelJar().toString(), "install",
                "--prefix", prefix.toString(), "--name", "mk-spec"), Map.of("MODELKIT_KERNEL_HEAP", "-Xmx1g -Xss4m"), 60);
        assertEquals(0, r.exit(), r.out());
        Path dir = prefix.resolve("share/jupyter/kernels/mk-spec");
        JsonObject spec = JsonParser.parseString(Files.readString(dir.resolve("kernel.json"))).getAsJsonObject();
        JsonArray argv = spec.getAsJsonArray("argv");
        List<String> args = argv.asList().stream().map(a -> a.getAsString()).toList();
        Path jar = dir.resolve("modelkit-kernel.jar").toAbsolutePath();
        // The start-up archive (CdsArchive) is built by the installer and used when this JDK accepts it.
        Path archive = dir.resolve("modelkit.jsa").toAbsolutePath();
        assertTrue(Files.isRegularFile(archive), "no start-up archive: " + r.out());
        List<String> expected = new java.util.ArrayList<>(List.of("-Xmx1g", "-Xss4m"));
        expected.addAll(KernelInstaller.pageFlags(Path.of(KernelInstaller.THP_SETTING)));  // huge pages where Linux offers them
        expected.addAll(List.of("--add-modules", "jdk.incubator.vector", "--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED"));
        expected.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-jar", jar.toString(), "{connection_file}"));
        assertEquals(expected, args.subList(1, args.size()));
        assertTrue(args.get(0).endsWith("java"), args.get(0));
        assertEquals(Files.size(Jupyter.kernelJar()), Files.size(jar), "the jar is copied into the kernelspec");
        // What cells compile against: the jar's classes unpacked beside it, stamped with the copy.
        assertEquals(List.of(dir.resolve(CompileClasspath.DIR).toString()), CompileClasspath.of(jar.toString()),
                "the kernelspec has the unpacked compile class path");
        assertTrue(Files.isRegularFile(dir.resolve(CompileClasspath.DIR).resolve("dev/modelkit/model/Transformer.class")));
        assertEquals("Java (ModelKit)", spec.get("display_name").getAsString());
        assertEquals("java", spec.get("language").getAsString());
        assertEquals("message", spec.get("interrupt_mode").getAsString());
    }

    @Test
    void badOptionsAreRejectedAndHelpExplains() throws Exception {
        Jupyter.Result unknown = Jupyter.run(List.of(Jupyter.javaBin(), "-jar", Jupyter.kernelJar().toString(), "install",
                "--bogus"), Map.of(), 60);
        assertEquals(2, unknown.exit());
        assertTrue(unknown.out().contains("unknown option '--bogus'"), unknown.out());
        Jupyter.Result twoPlaces = Jupyter.run(List.of(Jupyter.javaBin(), "-jar", Jupyter.kernelJar().toString(), "install",
                "--user", "--prefix", tmp.toString()), Map.of(), 60);
        assertNotEquals(0, twoPlaces.exit());
        assertTrue(twoPlaces.out().contains("--prefix conflicts with --user"), twoPlaces.out());
        Jupyter.Result help = Jupyter.run(List.of(Jupyter.javaBin(), "-jar", Jupyter.kernelJar().toString(), "--help"),
                Map.of(), 60);
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--sys-prefix"), help.out());
    }

    @Test
    void warmUpSelfCheckEvaluatesACellWithoutJupyter() throws Exception {
        Jupyter.Result r = Jupyter.run(List.of(Jupyter.javaBin(), "-jar", Jupyter.kernelJar().toString(), "--warm-up"),
                Map.of(), 120);
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("TINY parameters = 417792"), r.out());
    }

    @Test
    void jupyterListsAndRunsTheInstalledKernel() throws Exception {
        Jupyter.assume();
        Jupyter.installKernel(tmp, "-Xmx512m");
        Map<String, String> env = Jupyter.jupyterEnv(tmp);
        Jupyter.Result list = Jupyter.run(List.of("/usr/bin/jupyter", "kernelspec", "list"), env, 120);
        assertEquals(0, list.exit(), list.out());
        assertTrue(list.out().contains(Jupyter.KERNEL_NAME), list.out());

        Path notebook = tmp.resolve("smoke.ipynb");
        Files.writeString(notebook, """
                {"cells": [
                  {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [], "source":
                    "import dev.modelkit.model.*;\\nSystem.out.println(\\"params\\");\\nPreset.SMALL.config().parameterCount()"}
                 ],
                 "metadata": {"kernelspec": {"name": "%s", "display_name": "Java (ModelKit)", "language": "java"}},
                 "nbformat": 4, "nbformat_minor": 5}
                """.formatted(Jupyter.KERNEL_NAME));
        Jupyter.Result run = Jupyter.run(List.of("/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--output", "smoke.out.ipynb", notebook.toString()), env, 300);
        assertEquals(0, run.exit(), run.out());
        JsonObject executed = JsonParser.parseString(Files.readString(tmp.resolve("smoke.out.ipynb"))).getAsJsonObject();
        JsonArray outputs = executed.getAsJsonArray("cells").get(0).getAsJsonObject().getAsJsonArray("outputs");
        String all = outputs.toString();
        assertTrue(all.contains("params"), all);
        assertTrue(all.contains("3243520"), all);
    }
}
