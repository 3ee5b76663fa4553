package dev.modelkit.kernel.jshell;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.maven.model.Model;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.codehaus.plexus.util.xml.pull.XmlPullParserException;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * The {@code %maven}, {@code %addMavenRepo} and {@code %%loadFromPOM} magics: resolves artifacts
 * transitively (runtime class path, nearest-wins) with Maven Resolver into a local repository and
 * adds every jar to the notebook's class path.
 *
 * <p>The local repository is {@code ~/.m2/repository} unless env {@code MODELKIT_MAVEN_REPO}
 * names another. The resolver is created on first use, so kernels that never call
 * {@code %maven} pay nothing for it.
 */
public final class MavenResolver {
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private final Consumer<String> addToClasspath;
    private final Path localRepository;
    private final Map<String, RemoteRepository> repositories = new LinkedHashMap<>();
    private RepositorySystem system;

    MavenResolver(Consumer<String> addToClasspath, Path localRepository) {
        this.addToClasspath = addToClasspath;
        this.localRepository = localRepository;
        addRepository("central", "https://repo.maven.apache.org/maven2/");
    }

    /** {@code %maven group:artifact:version ...}: resolves and adds the artifacts and their dependencies. */
    public List<String> maven(List<String> coordinates) throws DependencyResolutionException {
        if (coordinates.isEmpty()) {
            throw new IllegalArgumentException("%maven needs coordinates group:artifact[:extension[:classifier]]:version");
        }
        List<Dependency> roots = new ArrayList<>();
        for (String c : coordinates) {
            roots.add(new Dependency(parse(c), "runtime"));
        }
        return resolve(roots);
    }

    /** {@code %addMavenRepo id url}: adds a remote repository for later {@code %maven} calls. */
    public void addMavenRepo(List<String> args) {
        if (args.size() != 2) {
            throw new IllegalArgumentException("%addMavenRepo needs 2 arguments: id url (got " + args + ")");
        }
        addRepository(args.get(0), args.get(1));
    }

    /**
     * {@code %%loadFromPOM}: the cell is a pom.xml (or just its {@code <dependencies>} element);
     * its dependencies and repositories are resolved like {@code %maven}. Properties defined in
     * the POM are substituted; parents and BOM imports of the cell's POM itself are not read.
     */
    public List<String> loadFromPOM(List<String> args, String body) throws IOException, DependencyResolutionException {
        String xml = body.strip();
        if (!xml.contains("<project")) {
            xml = "<project><modelVersion>4.0.0</modelVersion>" + xml + "</project>";
        }
        Model model;
        try (Reader r = new java.io.StringReader(xml)) {
            model = new MavenXpp3Reader().read(r, false);
        } catch (XmlPullParserException e) {
            throw new IllegalArgumentException("%%loadFromPOM: cell is not a readable POM: " + e.getMessage(), e);
        }
        Properties props = model.getProperties();
        model.getRepositories().forEach(repo -> addRepository(repo.getId(), expand(repo.getUrl(), props)));
        List<Dependency> roots = new ArrayList<>();
        for (org.apache.maven.model.Dependency d : model.getDependencies()) {
            String scope = d.getScope() == null ? "runtime" : d.getScope();
            if (scope.equals("test") || scope.equals("provided") || scope.equals("system")) {
                continue;
            }
            roots.add(new Dependency(new DefaultArtifact(expand(d.getGroupId(), props), expand(d.getArtifactId(), props),
                    d.getClassifier() == null ? "" : expand(d.getClassifier(), props),
                    d.getType() == null ? "jar" : expand(d.getType(), props), expand(d.getVersion(), props)), "runtime"));
        }
        return roots.isEmpty() ? List.of() : resolve(roots);
    }

    /**
     * {@code %loadFromPOM path/to/pom.xml}: IJava's line form, the POM read from a file (relative
     * paths from the kernel's working directory, the notebook's folder).
     */
    public List<String> loadFromPOMFile(List<String> args) throws IOException, DependencyResolutionException {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("%loadFromPOM needs the path of a pom.xml, e.g. %loadFromPOM pom.xml "
                    + "(or use the cell form %%loadFromPOM with the POM as the cell)");
        }
        java.nio.file.Path pom = java.nio.file.Path.of(args.get(0)).toAbsolutePath();
        if (!java.nio.file.Files.isRegularFile(pom)) {
            throw new IllegalArgumentException("%loadFromPOM: no file " + pom);
        }
        return loadFromPOM(List.of(), java.nio.file.Files.readString(pom));
    }

    private static String expand(String value, Properties props) {
        if (value == null) {
            return null;
        }
        Matcher m = PROPERTY.matcher(value);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(props.getProperty(m.group(1), m.group())));
        }
        return m.appendTail(b).toString();
    }

    private static DefaultArtifact parse(String coordinates) {
        try {
            return new DefaultArtifact(coordinates.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("%maven: '" + coordinates
                    + "' is not group:artifact[:extension[:classifier]]:version", e);
        }
    }

    private synchronized void addRepository(String id, String url) {
        repositories.put(id, new RemoteRepository.Builder(id, "default", url).build());
    }

    private synchronized List<String> resolve(List<Dependency> roots) throws DependencyResolutionException {
        if (system == null) {
            system = new RepositorySystemSupplier().get();
        }
        try (CloseableSession session = new SessionBuilderSupplier(system).get()
                .withLocalRepositoryBaseDirectories(localRepository)
                .build()) {
            CollectRequest collect = new CollectRequest(roots, List.of(), new ArrayList<>(repositories.values()));
            DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter("runtime"));
            List<String> jars = new ArrayList<>();
            for (ArtifactResult result : system.resolveDependencies(session, request).getArtifactResults()) {
                Path file = result.getArtifact().getPath();
                if (file != null && Files.isRegularFile(file)) {
                    jars.add(file.toAbsolutePath().toString());
                }
            }
            jars.forEach(addToClasspath);
            return jars;
        }
    }
}
