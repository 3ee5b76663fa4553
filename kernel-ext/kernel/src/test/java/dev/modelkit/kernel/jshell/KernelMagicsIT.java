package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IJava's class path magics on the real kernel: {@code %jars}, {@code %classpath}, {@code %maven}. */
class KernelMagicsIT {
    @TempDir
    static Path tmp;
    private static KernelSession kernel;

    @BeforeAll
    static void start() throws Exception {
        Jupyter.assume();
        Path prefix = Files.createDirectories(tmp.resolve("prefix"));
        Jupyter.installKernel(prefix, "-Xmx512m");
        // A fresh local repository, so %maven really downloads from Maven Central.
        kernel = new KernelSession(prefix, Map.of("MODELKIT_MAVEN_REPO", tmp.resolve("m2").toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (kernel != null) {
            kernel.shutdown();
            kernel.close();
        }
    }

    /** Compiles one source file into {@code out}. */
    private static void compile(Path out, String className, String source) throws IOException {
        Path src = tmp.resolve("src").resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", out.toString(), src.toString());
        assertEquals(0, rc, "javac failed for " + className);
    }

    @Test
    void jarsAddsJarsMatchedByAGlob() throws Exception {
        Path classes = tmp.resolve("jar-classes");
        compile(classes, "demo.jar.Hello", "package demo.jar; public class Hello { public static String hi() { return \"hi from a jar\"; } }");
        Path libs = Files.createDirectories(tmp.resolve("libs"));
        try (OutputStream file = Files.newOutputStream(libs.resolve("hello-1.0.jar"));
                JarOutputStream jar = new JarOutputStream(file);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(p));
                jar.closeEntry();
            }
        }
        KernelSession.Execution e = kernel.execute("%jars " + libs + "/*.jar\nimport demo.jar.Hello;\nHello.hi()");
        assertEquals("ok", e.status(), e.raw().toString());
        assertEquals("hi from a jar", e.result());
    }

    @Test
    void classpathAddsAClassDirectory() throws Exception {
        Path classes = tmp.resolve("dir-classes");
        compile(classes, "demo.dir.Answer", "package demo.dir; public class Answer { public static int get() { return 42; } }");
        KernelSession.Execution e = kernel.execute("%classpath " + classes + "\ndemo.dir.Answer.get()");
        assertEquals("ok", e.status(), e.raw().toString());
        assertEquals("42", e.result());
    }

    @Test
    void mavenResolvesFromCentralTransitively() throws Exception {
        KernelSession.Execution e = kernel.execute(
                "%maven org.apache.commons:commons-text:1.12.0\n"
                        + "import org.apache.commons.text.WordUtils;\n"
                        + "import org.apache.commons.lang3.StringUtils;\n"
                        + "WordUtils.capitalize(\"model kit\") + StringUtils.repeat('!', 2)");
        assertEquals("ok", e.status(), e.raw().toString());
        assertEquals("Model Kit!!", e.result());
        assertTrue(Files.isDirectory(tmp.resolve("m2/org/apache/commons/commons-lang3")),
                "commons-lang3 came in as a dependency of commons-text");
    }

    @Test
    void loadFromPomResolvesTheDependenciesOfACellPom() throws Exception {
        KernelSession.Execution load = kernel.execute("""
                %%loadFromPOM
                <properties><c4.version>4.4</c4.version></properties>
                <dependencies>
                  <dependency>
                    <groupId>org.apache.commons</groupId>
                    <artifactId>commons-collections4</artifactId>
                    <version>${c4.version}</version>
                  </dependency>
                </dependencies>
                """);
        assertEquals("ok", load.status(), load.raw().toString());
        KernelSession.Execution use = kernel.execute(
                "var bag = new org.apache.commons.collections4.bag.HashBag<String>();\nbag.add(\"x\", 3);\nbag.getCount(\"x\")");
        assertEquals("3", use.result(), use.raw().toString());
    }

    @Test
    void ijavasOtherMavenMagicNamesWork() throws Exception {
        // An extra (empty, local) repository: resolution still finds the artifact in the default one.
        KernelSession.Execution repo = kernel.execute("%mavenRepo extra " + Files.createDirectories(tmp.resolve("extra-repo")).toUri());
        assertEquals("ok", repo.status(), repo.raw().toString());
        KernelSession.Execution e = kernel.execute("%addMavenDependency org.apache.commons:commons-text:1.12.0\n"
                + "org.apache.commons.text.WordUtils.capitalize(\"ijava names\")");
        assertEquals("Ijava Names", e.result(), e.raw().toString());
        Path pom = tmp.resolve("pom.xml");
        Files.writeString(pom, "<project><modelVersion>4.0.0</modelVersion><dependencies><dependency>"
                + "<groupId>org.apache.commons</groupId><artifactId>commons-csv</artifactId><version>1.11.0</version>"
                + "</dependency></dependencies></project>");
        KernelSession.Execution line = kernel.execute("%loadFromPOM " + pom + "\norg.apache.commons.csv.CSVFormat.DEFAULT.getDelimiterString()");
        assertEquals(",", line.result().replace("\"", ""), line.raw().toString());
    }

    @Test
    void unknownMagicIsAnError() throws Exception {
        KernelSession.Execution e = kernel.execute("%nosuchmagic a b");
        assertEquals("error", e.status());
        assertTrue(e.reply().get("evalue").getAsString().contains("nosuchmagic"), e.raw().toString());
        assertEquals("2", kernel.execute("1 + 1").result());
    }
}
