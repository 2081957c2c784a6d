package io.iobind.maven.mojo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import io.iobind.maven.util.CoreLog;
import io.iobind.maven.jstest.ConsoleReport;
import io.iobind.maven.jstest.ForkedSuite;
import io.iobind.maven.jstest.MissingRunnerException;
import io.iobind.maven.jstest.RunSummary;
import io.iobind.maven.jstest.SpecFileResult;
import io.iobind.maven.jstest.SpecRunner;
import io.iobind.maven.jstest.SpecSelection;
import io.iobind.maven.jstest.SpecSuite;
import io.iobind.maven.jstest.TestCaseResult;
import io.iobind.maven.jstest.TestOutcome;
import io.iobind.maven.npm.NodeModules;
import io.iobind.maven.npm.NpmException;

/**
 * Runs the project's mocha specs ({@code test/**}{@code /*.spec.js}) inside GraalJS with the real mocha and chai,
 * reports them like Surefire and writes JUnit XML to {@code target/surefire-reports}. mocha and chai are the
 * project's own when its {@code package-lock.json} locks them, else the plugin's own pinned, integrity-checked
 * copies (so specs that use no other package need no lockfile). Other third-party JavaScript comes from
 * {@code package-lock.json}: fetched from the npm registry configured for npm, verified against the lockfile's
 * integrity hashes and cached under the local Maven repository.
 */
@Mojo(name = "test", defaultPhase = LifecyclePhase.TEST, threadSafe = true)
public class TestMojo extends AbstractNpmMojo {

    /** The folder the include/exclude patterns are relative to; also the specs' working directory. */
    @Parameter(property = "iobind.test.baseDirectory", defaultValue = "${project.basedir}")
    private File baseDirectory;

    /** Spec files to run, Ant-style patterns relative to baseDirectory. Default: {@code test/**}{@code /*.spec.js}. */
    @Parameter
    private List<String> includes;

    /** Spec files to leave out, Ant-style patterns relative to baseDirectory. */
    @Parameter
    private List<String> excludes;

    /**
     * Picks specs: {@code <file>[#<title>]}. The file part matches paths containing it (a glob when it has *), the
     * title part full test titles containing it; without # a pattern matching no file is taken as a title.
     */
    @Parameter(property = "iobind.test")
    private String test;

    /** Skips the specs (Maven's usual switch). */
    @Parameter(property = "skipTests", defaultValue = "false")
    private boolean skipTests;

    /** Skips the specs (Maven's switch that also skips compiling tests). */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    private boolean mavenTestSkip;

    /** Skips only this goal's specs, not Java tests. */
    @Parameter(property = "iobind.test.skip", defaultValue = "false")
    private boolean skipSpecs;

    /** Reports failing specs but lets the build go on. */
    @Parameter(property = "maven.test.failure.ignore", defaultValue = "false")
    private boolean testFailureIgnore;

    /** mocha's per-test timeout in milliseconds; specs may change it with {@code this.timeout(ms)}. */
    @Parameter(property = "iobind.test.timeout", defaultValue = "2000")
    private long timeout;

    /**
     * How long one synchronous piece of JavaScript (a test body, a timer callback, loading a spec) may run before
     * the watchdog interrupts it as an endless loop, in milliseconds.
     */
    @Parameter(property = "iobind.test.watchdog", defaultValue = "30000")
    private long watchdogTimeout;

    /** How long one spec file may take in all, in milliseconds. */
    @Parameter(property = "iobind.test.fileTimeout", defaultValue = "300000")
    private long fileTimeout;

    /**
     * Run the specs in a JVM of their own (the JDK Maven runs on), as Surefire forks, with {@link #argLine}: a cold
     * GraalJS interpreter spends most of its CPU in HotSpot's optimizing compiler, which a forked JVM can be told to
     * leave out. When false, the specs run inside Maven's JVM.
     */
    @Parameter(property = "iobind.test.fork", defaultValue = "true")
    private boolean fork;

    /**
     * How many spec files run side by side, each in its own fresh Context on its own thread; 0: one per available
     * processor. 1 runs them one after the other.
     */
    @Parameter(property = "iobind.test.threads", defaultValue = "0")
    private int threads;

    /** JVM options of the forked spec JVM, separated by spaces (no quoting). */
    @Parameter(property = "iobind.test.argLine", defaultValue = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
    private String argLine;

    /**
     * Keep a class data sharing archive of the forked spec JVM between runs (in {@code .cache/iobind-cds} of the local
     * Maven repository, about 45 MB per JDK and plugin version, at most three): later runs map GraalJS's classes
     * instead of loading them, about a sixth faster; the first run writes it as its JVM exits.
     */
    @Parameter(property = "iobind.test.classDataSharing", defaultValue = "true")
    private boolean classDataSharing;

    /** Print what specs write to the console for every file; when false, only for files that fail. */
    @Parameter(property = "iobind.test.showOutput", defaultValue = "true")
    private boolean showOutput;

    /** Where the JUnit XML reports go. */
    @Parameter(property = "iobind.test.reportsDirectory", defaultValue = "${project.build.directory}/surefire-reports")
    private File reportsDirectory;

    /**
     * Use the plugin's own mocha and chai (pinned and integrity-checked when the plugin was built) for the ones the
     * project's {@code package-lock.json} does not lock. When false, spec files without a locked mocha fail the build.
     */
    @Parameter(property = "iobind.test.ownRunner", defaultValue = "true")
    private boolean ownRunner;

    @Override
    protected String skipReason() {
        if (mavenTestSkip) {
            return "maven.test.skip is true.";
        }
        if (skipTests) {
            return "skipTests is true.";
        }
        if (skipSpecs) {
            return "iobind.test.skip is true.";
        }
        return null;
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        Path base = baseDirectory.toPath().toAbsolutePath().normalize();
        List<String> include = includes == null || includes.isEmpty() ? List.of("test/**/*.spec.js") : includes;
        List<String> exclude = excludes == null ? List.of() : excludes;
        SpecSelection selection;
        try {
            selection = SpecSelection.select(base, include, exclude, test);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot list spec files in " + base + ": " + e.getMessage(), e);
        }
        if (selection.files().isEmpty()) {
            if (test != null && !test.isBlank()) {
                throw new MojoFailureException("No spec file matches iobind.test=" + test + " among " + include + " in " + base + ".");
            }
            logSkip("no spec files match " + include + " in " + base + ".");
            return;
        }
        Path packages = packageDirectory.toPath().toAbsolutePath().normalize();
        Path lockFile = packages.resolve("package-lock.json");
        RunSummary summary;
        try {
            NodeModules modules = Files.isRegularFile(lockFile) ? nodeModules(packages) : null;
            CoreLog lines = MavenLogs.core(getLog());
            if (fork) {
                if (modules != null) {
                    SpecSuite.prefetch(modules); // with Maven's settings; the forked JVM only reads the cache
                }
                Path cache = npmCacheDirectory();
                ForkedSuite.Request request = new ForkedSuite.Request(selection.files().stream().map(Path::toString).toList(),
                        selection.titleFilter(), base.toString(), displayRoot().toString(), modules == null ? null : lockFile.toString(),
                        cache.toAbsolutePath().toString(), timeout, watchdogTimeout, fileTimeout, charset().name(),
                        reportsDirectory.getAbsolutePath(), showOutput, ownRunner, threads);
                summary = ForkedSuite.run(request, Path.of(System.getProperty("java.home")), forkJvmArgs(),
                        classDataSharing ? classArchiveDirectory() : null, lines);
            } else {
                SpecRunner.Options options = new SpecRunner.Options(base, displayRoot(), modules, timeout, watchdogTimeout, fileTimeout, null);
                summary = SpecSuite.run(selection, options, charset(), reportsDirectory.toPath(), new ConsoleReport(lines, showOutput), ownRunner,
                        threads);
            }
        } catch (MissingRunnerException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (NpmException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("iobind:test could not run its spec JVM or write its reports: " + e.getMessage(), e);
        }
        if (test != null && !test.isBlank() && summary.testsRun() == 0) {
            throw new MojoFailureException("No tests match iobind.test=" + test + ".");
        }
        if (!summary.green()) {
            String message = "There are spec failures (" + summary.totalsLine() + "); first: " + firstProblem(summary)
                    + ". See " + reportsDirectory + " for the reports.";
            if (testFailureIgnore) {
                getLog().error(message + " (ignored: maven.test.failure.ignore is true)");
            } else {
                throw new MojoFailureException(message);
            }
        }
    }

    /**
     * The forked JVM's options: {@link #argLine}, then what quiets GraalJS's use of Unsafe and native access on JDK 24+
     * (as {@code .mvn/jvm.config} does for Maven's JVM; JDK 17 accepts both).
     */
    List<String> forkJvmArgs() {
        List<String> args = new ArrayList<>();
        if (argLine != null && !argLine.isBlank()) {
            args.addAll(List.of(argLine.trim().split("\\s+")));
        }
        args.add("--enable-native-access=ALL-UNNAMED");
        args.add("-Dsun.misc.unsafe.memory.access=allow");
        return args;
    }

    /** {@code .cache/iobind-cds} in the local repository, beside the npm package cache. */
    private Path classArchiveDirectory() {
        return session.getRepositorySession().getLocalRepository().getBasedir().toPath().resolve(".cache").resolve("iobind-cds");
    }

    private static String firstProblem(RunSummary summary) {
        for (SpecFileResult file : summary.files()) {
            for (TestCaseResult test : file.tests()) {
                if (test.outcome() == TestOutcome.FAILURE || test.outcome() == TestOutcome.ERROR) {
                    String message = test.message() == null ? "" : test.message().lines().findFirst().orElse("");
                    return file.displayName() + " \"" + test.fullTitle() + "\": " + message.replaceAll("\\.+$", "");
                }
            }
        }
        return "(none)";
    }

    /**
     * Report names are relative to the top of the source tree: the outermost parent POM that is on disk (the
     * repository root here), so names read {@code js-src/test/sync.spec.js} however the build was started.
     */
    private Path displayRoot() {
        MavenProject top = project;
        while (top.getParent() != null && top.getParent().getFile() != null) {
            top = top.getParent();
        }
        return top.getBasedir().toPath().toAbsolutePath().normalize();
    }

}
