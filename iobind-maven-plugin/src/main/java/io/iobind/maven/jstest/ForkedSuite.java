package io.iobind.maven.jstest;

import io.iobind.maven.util.CoreLog;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.iobind.maven.npm.NodeModules;
import io.iobind.maven.npm.NpmException;
import io.iobind.maven.npm.PackageCache;
import io.iobind.maven.npm.PackageLock;

/**
 * Runs a {@link SpecSuite} in a JVM of its own, as Surefire forks: the same spec files, Contexts, watchdog, console
 * lines and JUnit XML, but in a JVM whose flags suit a short run of GraalJS's interpreter. Most of a cold run's CPU
 * goes to HotSpot compiling the interpreter's own Java code; {@code -XX:TieredStopAtLevel=1} (C1 only) compiles it
 * far more cheaply (bench/README.md, "JS specs"), which Maven's JVM cannot be asked to do for one goal.
 * The parent fetches the npm packages first (with Maven's settings, see {@link SpecSuite#prefetch}); the child only
 * reads them from the cache.
 */
public final class ForkedSuite {

    /** What the child runs; written as JSON to a file it is given. */
    public record Request(List<String> specFiles, String titleFilter, String projectDirectory, String displayRoot,
            String lockFile, String npmCache, long timeoutMillis, long watchdogMillis, long fileTimeoutMillis, String charset,
            String reportsDirectory, boolean showOutput, boolean ownRunner, int threads) {
    }

    /** What the child answers, as JSON: a summary, or why there was none. */
    record Outcome(RunSummary summary, String missingRunner, String npmError, String ioError) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ForkedSuite() {
    }

    /**
     * Runs {@code request} in a new JVM ({@code java} of {@code javaHome}, with {@code jvmArgs} and this plugin's class
     * path), forwarding its console lines to {@code lines} as they come.
     *
     * @param classArchives where the JVM's class data sharing archives are kept between runs (see
     *     {@link SharedClassArchive}), or null for none
     */
    public static RunSummary run(Request request, Path javaHome, List<String> jvmArgs, Path classArchives, CoreLog lines)
            throws MissingRunnerException, NpmException, IOException {
        return run(request, javaHome, jvmArgs, classArchives, classPath(), lines);
    }

    /** {@link #run(Request, Path, List, Path, CoreLog)} with a class path of the caller's (tests). */
    static RunSummary run(Request request, Path javaHome, List<String> jvmArgs, Path classArchives, String classPath,
                          CoreLog lines) throws MissingRunnerException, NpmException, IOException {
        Path work = Files.createTempDirectory("iobind-test-fork-");
        SharedClassArchive shared = sharedClasses(classArchives, javaHome, jvmArgs, classPath);
        boolean ranThrough = false;
        try {
            Path requestFile = work.resolve("request.json");
            Path outcomeFile = work.resolve("outcome.json");
            JSON.writeValue(requestFile.toFile(), request);
            List<String> command = new ArrayList<>();
            command.add(javaHome.resolve("bin").resolve(isWindows() ? "java.exe" : "java").toString());
            command.addAll(jvmArgs);
            if (shared != null) {
                command.addAll(shared.jvmArgs());
            }
            command.add("-cp");
            command.add(classPath);
            command.add(ForkedSuite.class.getName());
            command.add(requestFile.toString());
            command.add(outcomeFile.toString());
            Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            // Ctrl-C on Maven ends the spec JVM too, as Surefire's forks end with their Maven.
            Thread reaper = new Thread(process::destroyForcibly, "iobind-test-fork-reaper");
            Runtime.getRuntime().addShutdownHook(reaper);
            process.getOutputStream().close();
            Thread errors = new Thread(() -> forward(process.getErrorStream(), lines, true), "iobind-test-fork-stderr");
            errors.setDaemon(true);
            errors.start();
            int exit;
            try {
                forward(process.getInputStream(), lines, false);
                exit = process.waitFor();
                errors.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the forked spec JVM ran", e);
            } finally {
                process.destroyForcibly();
                try {
                    Runtime.getRuntime().removeShutdownHook(reaper);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or about to: it does the same
                }
            }
            ranThrough = exit == 0 && Files.isRegularFile(outcomeFile);
            if (!Files.isRegularFile(outcomeFile)) {
                throw new IOException("the forked spec JVM ended with exit code " + exit + " and no result (" + String.join(" ", command.subList(0, 1 + jvmArgs.size())) + ")");
            }
            Outcome outcome = JSON.readValue(outcomeFile.toFile(), Outcome.class);
            if (outcome.missingRunner() != null) {
                throw new MissingRunnerException(outcome.missingRunner());
            }
            if (outcome.npmError() != null) {
                throw new NpmException(outcome.npmError());
            }
            if (outcome.ioError() != null) {
                throw new IOException(outcome.ioError());
            }
            return outcome.summary();
        } finally {
            if (shared != null) {
                shared.afterRun(ranThrough);
            }
            RunnerKit.deleteQuietly(work);
        }
    }

    private static SharedClassArchive sharedClasses(Path directory, Path javaHome, List<String> jvmArgs, String classPath) {
        if (directory == null) {
            return null;
        }
        try {
            Files.createDirectories(directory);
            return SharedClassArchive.in(directory, javaHome, jvmArgs, classPath);
        } catch (IOException | java.io.UncheckedIOException | SecurityException e) {
            return null; // without an archive the JVM loads its classes as usual
        }
    }

    private static void forward(java.io.InputStream stream, CoreLog lines, boolean stderr) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (stderr) {
                    lines.warn(line);
                } else if (line.startsWith("E:")) {
                    lines.error(line.substring(2));
                } else if (line.startsWith("W:")) {
                    lines.warn(line.substring(2));
                } else {
                    lines.info(line.startsWith("I:") ? line.substring(2) : line);
                }
            }
        } catch (IOException e) {
            lines.warn("Lost the forked spec JVM's output: " + e.getMessage());
        }
    }

    /** The class path this class was loaded from: the plugin's realm under Maven, else the JVM's own. */
    static String classPath() {
        List<String> elements = new ArrayList<>();
        if (ForkedSuite.class.getClassLoader() instanceof URLClassLoader loader) {
            for (URL url : loader.getURLs()) {
                try {
                    Path element = Path.of(url.toURI());
                    if (element.getFileName() != null && element.getFileName().toString().endsWith(".pom")) {
                        continue; // a pom-only dependency (GraalJS's js-community) has no classes, and a class data
                                  // sharing archive is refused for a class path that lists one
                    }
                    elements.add(element.toString());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    throw new IllegalStateException("Cannot turn the plugin's class path entry " + url + " into a file", e);
                }
            }
        }
        return elements.isEmpty() ? System.getProperty("java.class.path") : String.join(java.io.File.pathSeparator, elements);
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }

    /** The child: {@code ForkedSuite <request.json> <outcome.json>}. */
    public static void main(String[] args) throws IOException {
        Request request = JSON.readValue(Path.of(args[0]).toFile(), Request.class);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        CoreLog lines = (level, line) -> out.println(switch (level) {
            case INFO -> "I:";
            case WARN -> "W:";
            case ERROR -> "E:";
        } + line);
        Outcome outcome;
        try {
            NodeModules modules = null;
            if (request.lockFile() != null) {
                // The Maven JVM fetched, with Maven's settings, what the project declares before forking; this JVM only reads.
                modules = new NodeModules(PackageLock.read(Path.of(request.lockFile())), new PackageCache(Path.of(request.npmCache()),
                        () -> {
                            throw new NpmException("the forked spec JVM downloads nothing: it has the packages package.json"
                                    + " declares (with their dependencies), which Maven fetched before forking. Declare it in"
                                    + " package.json, or run the specs in Maven's JVM with -Diobind.test.fork=false.");
                        }, false, lines));
            }
            SpecRunner.Options options = new SpecRunner.Options(Path.of(request.projectDirectory()), Path.of(request.displayRoot()),
                    modules, request.timeoutMillis(), request.watchdogMillis(), request.fileTimeoutMillis(), null);
            SpecSelection selection = new SpecSelection(request.specFiles().stream().map(Path::of).toList(), request.titleFilter());
            RunSummary summary = SpecSuite.run(selection, options, Charset.forName(request.charset()),
                    Path.of(request.reportsDirectory()), new ConsoleReport(lines, request.showOutput()), request.ownRunner(),
                    request.threads());
            outcome = new Outcome(summary, null, null, null);
        } catch (MissingRunnerException e) {
            outcome = new Outcome(null, e.getMessage(), null, null);
        } catch (NpmException e) {
            outcome = new Outcome(null, null, e.getMessage(), null);
        } catch (IOException e) {
            outcome = new Outcome(null, null, null, e.getMessage());
        }
        JSON.writeValue(Path.of(args[1]).toFile(), outcome);
        out.flush();
        System.exit(0); // the watchdog and GraalJS may leave threads behind; the answer is written
    }
}
