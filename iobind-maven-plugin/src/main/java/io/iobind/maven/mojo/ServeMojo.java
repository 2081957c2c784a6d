package io.iobind.maven.mojo;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;

import io.iobind.maven.bundle.BuildSettings;
import io.iobind.maven.serve.BuildOutcome;
import io.iobind.maven.serve.BundleRebuild;
import io.iobind.maven.serve.DevLoop;
import io.iobind.maven.serve.ForkClasspath;
import io.iobind.maven.serve.LaunchCommand;
import io.iobind.maven.serve.ServerProcess;
import io.iobind.maven.util.CoreLog;
import io.iobind.maven.util.PathNames;

/**
 * Runs the project's web app on iobind-server until Ctrl-C: the web root at {@code /}, the library's bundles
 * (the build goals' output directory, built first and rebuilt on change with the build goals' own code and
 * parameters) at {@code /js/}, the pinned third-party files of {@code <files>} (as {@code iobind:vendor} lays them
 * out) at {@code /vendor/}, and the application's {@code IobindBackend}. Open pages reload after a rebuild or a
 * web-root change and show build errors in the page. The server runs in a JVM of its own on the project's runtime
 * class path, so the application's classes never meet the plugin's. The project's lifecycle runs up to
 * {@code process-classes} first, so the backend is compiled.
 */
@Mojo(name = "serve", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
// Like jetty:run, the lifecycle runs up to process-classes first: `mvn iobind:serve` serves a freshly compiled backend.
@Execute(phase = LifecyclePhase.PROCESS_CLASSES)
public class ServeMojo extends AbstractBuildMojo {

    /** The port to listen on; 0 picks a free one (written to portFile). */
    @Parameter(property = "iobind.serve.port", defaultValue = "1228")
    private int port;

    /** The address to bind: loopback by default; {@code 0.0.0.0} for every interface. */
    @Parameter(property = "iobind.serve.host", defaultValue = "127.0.0.1")
    private String host;

    /** Where the port is written once the server answers (for tests and scripts, as jetty:run does); removed on stop. */
    @Parameter(property = "iobind.serve.portFile", defaultValue = "${project.build.directory}/iobind-serve.port")
    private File portFile;

    /**
     * How changes are picked up, jetty:run's way: -1 never, 0 when Enter is pressed in the console (rebuild and
     * reload), N every N seconds.
     */
    @Parameter(property = "iobind.serve.scan", defaultValue = "1")
    private int scan;

    /** The pages, served at {@code /}. A project without it is skipped with a note. */
    @Parameter(property = "iobind.serve.webRoot", defaultValue = "${project.basedir}/src/main/webapp")
    private File webRoot;

    /**
     * The application's server side: a class implementing {@code io.iobind.server.IobindBackend} with a public
     * no-argument constructor, on the project's runtime class path. Without it, the pages and a Socket.IO endpoint
     * with no resources are served.
     */
    @Parameter(property = "iobind.serve.backend")
    private String backend;

    /**
     * The webjar the built bundles stand in for, e.g. {@code backbone.iobind}: the output directory is then served at
     * {@code /webjars/<webjar>/<version>/} too ({@code version} is the build goals' parameter), ahead of that webjar
     * on the class path, so a page that loads the library from its webjar gets the bundles as they are rebuilt.
     */
    @Parameter(property = "iobind.serve.webjar")
    private String webjar;

    /** Reloads open pages on changes and shows build errors in them. Development only: pages are never changed on disk. */
    @Parameter(property = "iobind.serve.liveReload", defaultValue = "true")
    private boolean liveReload;

    /** System properties of the server JVM, e.g. the backend's data directory. */
    @Parameter
    private Map<String, String> systemProperties;

    /** Options of the server JVM, separated by spaces, e.g. {@code -Xmx256m}. */
    @Parameter(property = "iobind.serve.jvmArgs")
    private String jvmArgs;

    /**
     * Third-party files served at {@code /vendor/<package>/<path>}, from the locked npm packages, e.g.
     * {@code backbone/backbone.js} or {@code socket.io-client/dist/socket.io.min.js} (the parameter of
     * {@code iobind:vendor}).
     */
    @Parameter
    private List<String> files;

    /** The folder holding {@code package.json} and {@code package-lock.json}. */
    @Parameter(property = "iobind.npm.packageDirectory", defaultValue = "${project.basedir}")
    private File packageDirectory;

    /** The npm registry to fetch from. Default: npm's own configuration. */
    @Parameter(property = "iobind.npm.registry")
    private String npmRegistry;

    /** Where verified, unpacked npm packages are kept. Default: {@code .cache/iobind-npm} in the local Maven repository. */
    @Parameter(property = "iobind.npm.cache")
    private File npmCache;

    /** The goal's working folder: the vendor files it serves, the server JVM's argument file. */
    @Parameter(defaultValue = "${project.build.directory}/iobind-serve", readonly = true)
    private File workDirectory;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    /** Decrypts a proxy password of Maven's settings that {@code mvn --encrypt-password} encrypted. */
    @Inject
    private SettingsDecrypter settingsDecrypter;

    @Inject
    private RepositorySystem repositorySystem;

    /** Set by {@link #forkClasspath()}: slf4j-simple was added, so its settings go to the server JVM. */
    private boolean loggingAdded;

    @Override
    protected List<String> bundleNames() {
        return null;
    }

    @Override
    protected String skipReason() {
        if (!webRoot.isDirectory()) {
            return "no web root " + webRoot + " (parameter webRoot, property iobind.serve.webRoot).";
        }
        return null;
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        if (scan < -1) {
            throw new MojoExecutionException("scan must be -1 (off), 0 (on Enter) or a number of seconds, got " + scan
                    + " (parameter scan / iobind.serve.scan).");
        }
        CoreLog log = MavenLogs.core(getLog());
        boolean buildsBundles = !skipBuild && sourceDirectory.isDirectory();
        DevLoop loop = new DevLoop(buildsBundles ? new BundleRebuild(buildSettings(), buildLog(), relative(sourceDirectory)) : null,
                sourceDirectory.toPath(), webRoot.toPath(), log);
        if (!buildsBundles) {
            getLog().info(skipBuild ? "Not building the bundles: iobind.build.skip is true."
                    : "No library sources in " + sourceDirectory + ": serving " + outputDirectory + " at /js/ as it is.");
        }
        BuildOutcome first = loop.firstBuild();
        if (buildsBundles && scan != -1 && first.ok() && !first.wroteOutputs()) {
            // Nothing was compiled (up to date): warm the compiler up while the server starts, for a fast first edit.
            BuildSettings scratch = buildSettings(workDirectory.toPath().resolve("warm-up"), null);
            Thread warmUp = new Thread(() -> BundleRebuild.warmUp(scratch), "iobind-serve-warm-up");
            warmUp.setDaemon(true);
            warmUp.setPriority(Thread.MIN_PRIORITY);
            warmUp.start();
        }
        Path vendor = copyVendorFiles();

        List<String> command;
        try {
            Files.deleteIfExists(portFile.toPath());
            List<Path> classpath = forkClasspath();
            command = LaunchCommand.build(new LaunchCommand.Spec(Path.of(System.getProperty("java.home"), "bin", "java"),
                    jvmArguments(), systemProperties == null ? Map.of() : systemProperties, classpath, host, port,
                    portFile.toPath(), webRoot.toPath(), outputDirectory.toPath(), vendor, backend, liveReload,
                    webjar == null || webjar.isBlank() ? null : webjar.strip() + "/" + version),
                    workDirectory.toPath().resolve("java.args"));
        } catch (IOException e) {
            throw new MojoExecutionException("iobind:serve could not prepare the server in " + workDirectory + ": " + e, e);
        }
        if (getLog().isDebugEnabled()) {
            getLog().debug("Server command: " + String.join(" ", command));
        }

        ServerProcess server;
        try {
            server = ServerProcess.start(command, project.getBasedir().toPath(), log);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot start the server JVM: " + e, e);
        }
        Thread stopOnExit = new Thread(server::close, "iobind-serve-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            URI uri = server.awaitStarted(120, TimeUnit.SECONDS);
            getLog().info("Serving " + relative(webRoot) + " at " + uri + " ("
                    + (liveReload ? "live reload on" : "live reload off") + ", " + scanDescription() + "). Ctrl-C stops.");
            loop.attach(server::send);
            watch(loop, server);
        } catch (ServerProcess.StartFailure e) {
            if (e.userError()) {
                throw new MojoFailureException(e.getMessage());
            }
            throw new MojoExecutionException(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("Interrupted while serving.", e);
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    }

    /** Scans until the server exits (Ctrl-C reaches both JVMs: the shutdown hook stops it gracefully). */
    private void watch(DevLoop loop, ServerProcess server) throws InterruptedException, MojoExecutionException {
        if (scan == 0) {
            Thread enter = new Thread(() -> {
                try (BufferedReader console = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                    while (console.readLine() != null && server.isAlive()) {
                        loop.enter();
                    }
                } catch (IOException closed) {
                    // no console: nothing to wait for
                }
            }, "iobind-serve-enter");
            enter.setDaemon(true);
            enter.start();
        }
        long interval = scan > 0 ? TimeUnit.SECONDS.toMillis(scan) : 1000;
        int exit;
        while ((exit = server.waitFor(interval)) < 0) {
            if (scan > 0) {
                loop.scan();
            }
        }
        if (!server.stopping()) {
            throw new MojoExecutionException("The server stopped by itself (exit code " + exit + "); see its output above.");
        }
    }

    private Path copyVendorFiles() throws MojoExecutionException, MojoFailureException {
        if (files == null || files.isEmpty()) {
            return null;
        }
        Path target = workDirectory.toPath().resolve("vendor");
        List<Path> written = MavenNpm.copyVendorFiles(goal(), packageDirectory, files, target, npmRegistry, npmCache,
                session, MavenNpm.proxy(session, settingsDecrypter), getLog());
        getLog().info((written.isEmpty() ? "Vendor files up to date" : "Copied " + written.size() + " vendor files")
                + " in " + target + " (" + files.size() + " at /vendor/).");
        return target;
    }

    /**
     * The project's runtime class path, plus iobind-server (the launcher) when the project does not depend on it,
     * plus slf4j-simple when nothing on it provides SLF4J.
     */
    private List<Path> forkClasspath() throws MojoExecutionException {
        Set<Path> classpath = new LinkedHashSet<>();
        try {
            for (String element : project.getRuntimeClasspathElements()) {
                classpath.add(Path.of(element));
            }
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("The project's runtime class path is not resolved: " + e.getMessage(), e);
        }
        boolean hasServer = project.getArtifacts().stream()
                .anyMatch(artifact -> "io.iobind".equals(artifact.getGroupId()) && "iobind-server".equals(artifact.getArtifactId()));
        List<String> missing = new ArrayList<>();
        if (!hasServer) {
            missing.add(ForkClasspath.SERVER);
        }
        List<Path> resolved = resolve(missing);
        classpath.addAll(resolved);
        loggingAdded = !ForkClasspath.hasSlf4jProvider(List.copyOf(classpath));
        if (loggingAdded) {
            classpath.addAll(resolve(List.of(ForkClasspath.LOGGING)));
        }
        return List.copyOf(classpath);
    }

    private List<Path> resolve(List<String> coordinates) throws MojoExecutionException {
        if (coordinates.isEmpty()) {
            return List.of();
        }
        CollectRequest collect = new CollectRequest();
        for (String coordinate : coordinates) {
            collect.addDependency(new Dependency(new DefaultArtifact(coordinate), "runtime"));
        }
        collect.setRepositories(project.getRemotePluginRepositories());
        try {
            List<Path> paths = new ArrayList<>();
            for (ArtifactResult result : repositorySystem.resolveDependencies(session.getRepositorySession(),
                    new DependencyRequest(collect, null)).getArtifactResults()) {
                paths.add(result.getArtifact().getFile().toPath());
            }
            return paths;
        } catch (DependencyResolutionException e) {
            throw new MojoExecutionException("Cannot resolve " + coordinates + " for the server JVM: " + e.getMessage(), e);
        }
    }

    private List<String> jvmArguments() {
        List<String> arguments = new ArrayList<>();
        if (jvmArgs != null && !jvmArgs.isBlank()) {
            arguments.addAll(List.of(jvmArgs.trim().split("\\s+")));
        }
        if (loggingAdded) {
            arguments.addAll(ForkClasspath.LOGGING_PROPERTIES);
        }
        return arguments;
    }

    private String scanDescription() {
        return switch (scan) {
            case -1 -> "not watching for changes";
            case 0 -> "press Enter to rebuild and reload";
            default -> "watching " + (skipBuild || !sourceDirectory.isDirectory() ? "" : relative(sourceDirectory) + " and ")
                    + relative(webRoot) + " every " + scan + " s";
        };
    }

    private String relative(File file) {
        return PathNames.relativeOrAbsolute(project.getBasedir().toPath(), file.toPath());
    }

}
