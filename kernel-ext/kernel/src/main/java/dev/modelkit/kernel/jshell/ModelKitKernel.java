package dev.modelkit.kernel.jshell;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import dev.modelkit.kernel.basekernel.BaseKernelInstaller;
import dev.modelkit.kernel.Feature;
import dev.modelkit.kernel.FeatureProvider;
import dev.modelkit.kernel.VariableBinder;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import io.github.spencerpark.jupyter.messages.Header;
import jdk.jshell.SourceCodeAnalysis;

/**
 * The ModelKit Jupyter kernel: Java cells evaluated by JShell inside this JVM, with IJava 1.3's
 * cell semantics, magics and notebook functions, so IJava notebooks run unchanged.
 *
 * <p>Configuration comes from the environment, with IJava's variable names where IJava has one:
 * {@code IJAVA_CLASSPATH} (extra class path, globs allowed), {@code IJAVA_COMPILER_OPTS},
 * {@code IJAVA_STARTUP_SCRIPTS_PATH} (files, globs allowed), {@code IJAVA_STARTUP_SCRIPT} (code),
 * and {@code MODELKIT_MAVEN_REPO} (local repository for {@code %maven}).
 */
public final class ModelKitKernel extends BaseKernel implements VariableBinder {
    private static final String STARTUP_RESOURCE = "startup.jshell";

    private static volatile ModelKitKernel instance;

    private final JShellEvaluator evaluator;
    private final Map<String, Object[]> pendingBindings = new LinkedHashMap<>();
    private final MagicTranslator magicTranslator = new MagicTranslator();
    private final Magics magics = new Magics();
    private final MavenResolver mavenResolver;
    private final VarsMagic vars;
    private final LanguageInfo languageInfo;
    private final String banner;
    private String extensionStatus = "not installed";
    private final List<FeatureProvider> providers = new ArrayList<>();

    /** Creates the kernel from this process's environment and makes it the notebook's kernel. */
    public static ModelKitKernel fromEnvironment() {
        return new ModelKitKernel(System.getenv());
    }

    ModelKitKernel(Map<String, String> env) {
        super(StandardCharsets.UTF_8);
        List<String> classpath = new ArrayList<>(CompileClasspath.of(System.getProperty("java.class.path", "")));
        classpath.addAll(KernelClasspath.expand(env.get("IJAVA_CLASSPATH")));
        List<String> compilerOptions = new ArrayList<>();
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            // The JVM was started with the Vector API; let snippets compile against it too.
            compilerOptions.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        String opts = env.get("IJAVA_COMPILER_OPTS");
        if (opts != null && !opts.isBlank()) {
            compilerOptions.addAll(Arrays.asList(opts.strip().split("\\s+")));
        }
        List<String> userScripts = new ArrayList<>(KernelClasspath.readScripts(env.get("IJAVA_STARTUP_SCRIPTS_PATH")));
        String script = env.get("IJAVA_STARTUP_SCRIPT");
        if (script != null && !script.isBlank()) {
            userScripts.add(script);
        }
        instance = this; // start-up scripts may already call display(...)
        this.evaluator = new JShellEvaluator(classpath, compilerOptions, KernelResources.text(STARTUP_RESOURCE),
                userScripts);

        String repo = env.get("MODELKIT_MAVEN_REPO");
        Path localRepo = repo != null && !repo.isBlank()
                ? Path.of(repo)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        this.mavenResolver = new MavenResolver(this::addToClasspath, localRepo);
        this.vars = new VarsMagic(evaluator, this::display);
        registerMagics();

        String javaVersion = Runtime.version().toString();
        this.languageInfo = new LanguageInfo.Builder("java")
                .version(javaVersion)
                .mimetype("text/x-java-source")
                .fileExtension(".java")
                .pygments("java")
                .codemirror("java")
                .build();
        this.banner = "Java " + javaVersion + " :: ModelKit kernel " + KernelResources.version()
                + "\nProtocol v" + Header.PROTOCOL_VERISON + ", IJava-compatible magics and display";
    }

    /** The kernel evaluating cells in this JVM, or null; IJava's {@code IJava.getKernelInstance()}. */
    public static ModelKitKernel getKernelInstance() {
        return instance;
    }

    /** IJava 1.3's magics under IJava's names (and the aliases it accepts), plus {@code %vars}. */
    private void registerMagics() {
        ClasspathMagics cp = new ClasspathMagics(this::addToClasspath);
        magics.registerLineMagic("jars", cp::jars);
        magics.registerLineMagic("classpath", cp::classpath);
        for (String name : List.of("maven", "addMavenDependency")) {
            magics.registerLineMagic(name, mavenResolver::maven);
        }
        for (String name : List.of("mavenRepo", "addMavenRepo")) {
            magics.registerLineMagic(name, args -> {
                mavenResolver.addMavenRepo(args);
                return null;
            });
        }
        magics.registerCellMagic("loadFromPOM", mavenResolver::loadFromPOM);
        magics.registerLineMagic("loadFromPOM", mavenResolver::loadFromPOMFile);
        magics.registerLineMagic("vars", vars::run);
        // %load is expanded into the file's code before the cell runs (MagicTranslator): its snippets
        // must run in order with the rest of the cell, and JShell cannot evaluate from inside a snippet.
    }

    /**
     * Installs every {@link Feature} of every {@link FeatureProvider} on the class path (the
     * ModelKit extension lists one), found with {@link ServiceLoader}: the kernel names no
     * extension class, and starts without any.
     *
     * @return a one-line status for the log
     */
    public String installExtension() {
        List<String> installed = new ArrayList<>();
        try {
            for (FeatureProvider provider : ServiceLoader.load(FeatureProvider.class, ModelKitKernel.class.getClassLoader())) {
                providers.add(provider);
                for (Feature feature : provider.features()) {
                    BaseKernelInstaller.install(this, feature);
                    installed.add(feature.name());
                }
            }
            extensionStatus = installed.isEmpty() ? "absent" : "installed";
        } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
            extensionStatus = "failed: " + e;
        }
        return "ModelKit extension " + extensionStatus + (installed.isEmpty() ? "" : " " + installed);
    }

    /**
     * Runs every installed provider's {@link FeatureProvider#warmUp()} on a daemon thread once
     * JShell's start-up cell has run, so the code a first notebook cell runs (building a model) is
     * compiled while the kernel waits for it.
     * Env {@code MODELKIT_WARM_UP=off} skips it (to measure what it saves, or on a machine with one core).
     */
    public void startWarmUp() {
        if ("off".equalsIgnoreCase(System.getenv("MODELKIT_WARM_UP"))) {
            return;
        }
        List<FeatureProvider> todo = List.copyOf(providers);
        Thread t = new Thread(() -> {
            for (FeatureProvider provider : todo) {
                try {
                    provider.warmUp();
                } catch (RuntimeException | Error e) {
                    // A warm-up only saves time; a failing one must not stop the kernel.
                    StartTrace.mark("warm-up of " + provider.getClass().getName() + " failed: " + e);
                }
            }
            StartTrace.mark("features warmed up");
        }, "modelkit-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        // After JShell's start-up cell, not beside it: on 2 cores the builds took CPU from javac's
        // first compilation, which the first cell waits for (start to first result 1.12x
        // ipykernel's with the warm-up beside it, 1.08x after it, in one interleaved run).
        evaluator.whenReady(t::start);
    }

    /** Adds a jar or class directory to the notebook's class path (compiler and loader). */
    public void addToClasspath(String path) {
        evaluator.addToClasspath(path);
    }

    /** The magics registry; extensions add their magics here (as with IJava's JavaKernel). */
    public Magics getMagics() {
        return magics;
    }

    /**
     * Evaluates code (magics included) and returns the raw value of its last expression, without
     * rendering; IJava's {@code evalRaw}.
     */
    public Object evalRaw(String code) throws Exception {
        return evaluator.eval(magicTranslator.translate(magicTranslator.expandLoads(code)));
    }

    /**
     * Declares {@code name} once the running cell has finished: a magic runs inside the cell's
     * own snippet, and JShell cannot declare a variable while that snippet is executing.
     */
    @Override
    public void bindVariable(String name, Class<?> type, Object value) {
        if (!javax.lang.model.SourceVersion.isIdentifier(name) || javax.lang.model.SourceVersion.isKeyword(name)) {
            throw new IllegalArgumentException("name = '" + name + "' is not a Java identifier");
        }
        synchronized (pendingBindings) {
            pendingBindings.put(name, new Object[] {type, value});
        }
    }

    /** The value a pending declaration reads (called from the declaration itself). */
    public static Object takeBinding(String name) {
        ModelKitKernel k = getKernelInstance();
        synchronized (k.pendingBindings) {
            Object[] b = k.pendingBindings.remove(name);
            return b == null ? null : b[1];
        }
    }

    private void declarePendingBindings() throws Exception {
        List<Map.Entry<String, Object[]>> todo;
        synchronized (pendingBindings) {
            todo = new ArrayList<>(pendingBindings.entrySet());
        }
        for (Map.Entry<String, Object[]> e : todo) {
            String type = ((Class<?>) e.getValue()[0]).getCanonicalName();
            evaluator.eval(type + " " + e.getKey() + " = (" + type + ") "
                    + ModelKitKernel.class.getName() + ".takeBinding(\"" + e.getKey() + "\");");
        }
    }

    @Override
    public DisplayData eval(String code) throws Exception {
        StartTrace.mark("cell received");
        Object result;
        try {
            result = evalRaw(code);
            StartTrace.mark("cell evaluated");
            declarePendingBindings();
        } finally {
            vars.finishDrops();
            synchronized (pendingBindings) {
                pendingBindings.clear();
            }
        }
        if (result == null) {
            return null;
        }
        return result instanceof DisplayData data ? data : getRenderer().render(result);
    }

    @Override
    public String isComplete(String code) {
        if (code.stripLeading().startsWith("%%")) {
            return IS_COMPLETE_YES; // a cell magic owns the whole cell
        }
        String status = evaluator.isComplete(magicTranslator.translate(code));
        return switch (status) {
            case "complete" -> IS_COMPLETE_YES;
            case "invalid" -> IS_COMPLETE_BAD;
            case "unknown" -> IS_COMPLETE_MAYBE;
            default -> NextLineIndent.after(code); // incomplete: the reply carries the next line's indent
        };
    }

    @Override
    public ReplacementOptions complete(String code, int cursorCodePoints) throws Exception {
        // Jupyter counts cursor positions in code points, Java strings in UTF-16 units.
        int at = utf16Index(code, cursorCodePoints);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = evaluator.completions(code, at, anchor);
        if (suggestions == null || suggestions.isEmpty()) {
            return null;
        }
        List<String> options = suggestions.stream()
                .sorted((a, b) -> Boolean.compare(b.matchesType(), a.matchesType()))
                .map(SourceCodeAnalysis.Suggestion::continuation)
                .distinct()
                .collect(Collectors.toList());
        return new ReplacementOptions(options, code.codePointCount(0, anchor[0]), cursorCodePoints);
    }

    private static int utf16Index(String code, int codePoints) {
        int n = Math.max(0, Math.min(codePoints, code.codePointCount(0, code.length())));
        return code.offsetByCodePoints(0, n);
    }

    @Override
    public DisplayData inspect(String code, int cursorCodePoints, boolean extraDetail) throws Exception {
        int at = utf16Index(code, cursorCodePoints);
        // Inspect the whole identifier under the cursor, and the call if "(" follows it, so
        // "Math.ma|x(" and "Math.max|(" give the same answer.
        int end = Math.min(at, code.length());
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        int paren = end;
        while (paren < code.length() && Character.isWhitespace(code.charAt(paren))) {
            paren++;
        }
        if (paren < code.length() && code.charAt(paren) == '(') {
            end = paren + 1;
        }
        List<SourceCodeAnalysis.Documentation> docs = evaluator.documentation(code, end);
        if ((docs == null || docs.isEmpty()) && (end == 0 || code.charAt(end - 1) != '(')) {
            // JShell documents a method only as a call: "Math.max|" is asked as "Math.max(|".
            docs = evaluator.documentation(code.substring(0, end) + "(", end + 1);
        }
        if (docs == null || docs.isEmpty()) {
            return null;
        }
        DisplayData data = new DisplayData(docs.stream()
                .map(d -> d.javadoc() == null ? d.signature() : d.signature() + "\n" + d.javadoc())
                .collect(Collectors.joining("\n\n")));
        data.putHTML(docs.stream()
                .map(d -> "<code>" + html(d.signature()) + "</code>"
                        + (d.javadoc() == null ? "" : "<pre>" + html(d.javadoc()) + "</pre>"))
                .collect(Collectors.joining("<br/>")));
        return data;
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * Takes the next execution count, for a request the wire layer answers itself (IPython's
     * {@code name?} help), so counts stay one sequence with basekernel's.
     */
    public int takeExecutionCount() {
        return executionCount.getAndIncrement();
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return languageInfo;
    }

    @Override
    public String getBanner() {
        return banner;
    }

    @Override
    public List<LanguageInfo.Help> getHelpLinks() {
        return List.of(new LanguageInfo.Help("Java tutorial",
                "https://docs.oracle.com/javase/tutorial/java/nutsandbolts/index.html"));
    }

    /**
     * Traceback lines for a failed cell. A magic's error is what the magic said (one line, then its
     * usage), without the kernel's frames beneath it; a compile error is javac's diagnostic under the
     * cell line with a caret; a cell's own exception keeps its frames, cut to notebook code.
     */
    @Override
    public List<String> formatError(Exception e) {
        if (e instanceof CompilationException c) {
            return c.report();
        }
        if (e instanceof IncompleteSourceException inc) {
            List<String> lines = new ArrayList<>();
            lines.add("Incomplete input:");
            inc.source().lines().forEach(l -> lines.add("    " + l));
            return lines;
        }
        if (e instanceof EvaluationInterruptedException || e instanceof UnresolvedSnippetException) {
            return List.of(e.getMessage());
        }
        if (NotebookFunctions.isMagicUsageError(e)) {
            return e.getMessage().lines().collect(Collectors.toList());
        }
        if (e instanceof CellError) {
            return ErrorReport.of(e.getCause());
        }
        return ErrorReport.of(e);
    }

    @Override
    public void interrupt() {
        evaluator.interrupt();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        evaluator.close();
    }

    @Override
    public String toString() {
        return "ModelKitKernel{java=" + Runtime.version() + ", extension=" + extensionStatus
                + ", classpath entries=" + System.getProperty("java.class.path", "").split(File.pathSeparator).length + "}";
    }
}
