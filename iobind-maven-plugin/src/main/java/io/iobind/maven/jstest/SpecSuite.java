package io.iobind.maven.jstest;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.iobind.maven.npm.LockedPackage;
import io.iobind.maven.npm.NodeModules;
import io.iobind.maven.npm.NpmException;
import io.iobind.maven.util.PathNames;

/**
 * A whole {@code iobind:test} run without Maven: fetch what the specs need, run each file in GraalJS, print
 * Surefire-style lines and write the JUnit XML reports.
 */
public final class SpecSuite {

    /** The packages the runner itself uses besides the specs' own: mocha's browser bundle needs none of its deps. */
    static final Set<String> BUNDLE_ONLY = Set.of("mocha");

    private SpecSuite() {
    }

    /**
     * Fetches what the specs are expected to {@code require}: the closure of the packages the project declares,
     * except mocha's dependencies (only its self-contained browser bundle is used).
     */
    public static void prefetch(NodeModules modules) throws NpmException {
        modules.prefetch(modules.lock().rootDependencies(), BUNDLE_ONLY);
    }

    /**
     * Runs {@code selection}; the project's declared packages are fetched first so downloads do not count against
     * test timeouts, and anything else in the lockfile is fetched when first required. mocha and chai come from the
     * project's lockfile when it locks them, else from the plugin's own {@link RunnerKit} (when {@code ownRunner});
     * the console says which.
     *
     * @throws MissingRunnerException when nothing can run the specs: no locked mocha and no usable kit
     */
    public static RunSummary run(SpecSelection selection, SpecRunner.Options options, Charset charset, Path reportsDirectory,
            ConsoleReport console, boolean ownRunner, int threads) throws NpmException, IOException, MissingRunnerException {
        return run(selection, options, charset, reportsDirectory, console, ownRunner ? RunnerKit.packed() : Optional.empty(),
                ownRunner ? "the plugin's jar lacks its own (io/iobind/maven/jstest/runner/)" : "iobind.test.ownRunner is false", threads);
    }

    /**
     * As above with the kit given ({@code whyNoKit} tells why it is empty, for the error).
     *
     * @param threads how many spec files run side by side, each in its own Context on its own thread; 0 or less: one
     *                per available processor (never more than there are files)
     */
    static RunSummary run(SpecSelection selection, SpecRunner.Options options, Charset charset, Path reportsDirectory,
            ConsoleReport console, Optional<RunnerKit> kit, String whyNoKit, int threads)
            throws NpmException, IOException, MissingRunnerException {
        NodeModules modules = options.nodeModules();
        Libraries libraries = Libraries.choose(modules, kit, whyNoKit, options.projectDirectory(), selection.files().size());
        console.libraries(libraries.description());
        if (modules != null) {
            prefetch(modules);
        }
        Path unpacked = null;
        try {
            Map<String, Path> own = Map.of();
            if (!libraries.fromKit().isEmpty()) {
                unpacked = Files.createTempDirectory("iobind-test-runner-");
                own = new LinkedHashMap<>(kit.orElseThrow().unpack(unpacked));
                own.keySet().retainAll(libraries.fromKit());
            }
            SpecRunner.Options withFilter = new SpecRunner.Options(options.projectDirectory(), options.displayRoot(), modules,
                    options.timeoutMillis(), options.watchdogMillis(), options.fileTimeoutMillis(), selection.titleFilter(), own);
            return runFiles(selection, withFilter, charset, reportsDirectory, console, threads);
        } finally {
            RunnerKit.deleteQuietly(unpacked);
        }
    }

    private static RunSummary runFiles(SpecSelection selection, SpecRunner.Options options, Charset charset, Path reportsDirectory,
            ConsoleReport console, int threads) throws IOException {
        JUnitXmlReport xml = new JUnitXmlReport(reportsDirectory);
        List<SpecFileResult> results = new ArrayList<>();
        try (SpecRunner runner = new SpecRunner(options, charset)) {
            List<Path> files = selection.files();
            List<Path> withOnly = filesWithOnlyTests(runner, files, charset);
            if (!withOnly.isEmpty()) {
                console.onlyIn(withOnly.stream().map(f -> ModuleResolverNames.display(options.displayRoot(), f)).toList());
                files = withOnly;
            }
            int workers = Math.min(files.size(), threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
            if (workers <= 1) {
                for (Path file : files) {
                    console.running(ModuleResolverNames.display(options.displayRoot(), file));
                    SpecFileResult result = runner.run(file);
                    console.file(result);
                    xml.write(result);
                    results.add(result);
                }
            } else {
                // Side by side, each file in its own Context on its own thread (one shared Engine); reported in file
                // order, each as soon as it and the files before it are done.
                ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
                    Thread thread = new Thread(runnable, "iobind-test-spec-file");
                    thread.setDaemon(true);
                    return thread;
                });
                try {
                    List<Future<SpecFileResult>> pending = new ArrayList<>();
                    for (Path file : files) {
                        pending.add(pool.submit(() -> runner.run(file)));
                    }
                    for (int i = 0; i < files.size(); i++) {
                        SpecFileResult result = await(pending.get(i));
                        console.running(ModuleResolverNames.display(options.displayRoot(), files.get(i)));
                        console.file(result);
                        xml.write(result);
                        results.add(result);
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
        }
        RunSummary summary = new RunSummary(List.copyOf(results));
        console.summary(summary);
        return summary;
    }

    private static SpecFileResult await(Future<SpecFileResult> result) throws IOException {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while spec files ran", e);
        } catch (ExecutionException e) {
            // SpecRunner.run turns what specs do into results; anything else is a fault of the runner itself
            throw new IllegalStateException("running a spec file failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Where mocha and chai come from: each from the project's lockfile when it locks it, else from the plugin's kit.
     *
     * @param description the log line, e.g. {@code Spec runner: mocha 11.7.5 from package-lock.json, chai 4.5.0 bundled with the plugin (...)}
     * @param fromKit     the names taken from the kit
     */
    record Libraries(String description, Set<String> fromKit) {

        static Libraries choose(NodeModules modules, Optional<RunnerKit> kit, String whyNoKit, Path projectDirectory, int specFiles)
                throws MissingRunnerException {
            Optional<LockedPackage> mocha = modules == null ? Optional.empty() : modules.lock().byPath("node_modules/mocha");
            Optional<LockedPackage> chai = modules == null ? Optional.empty() : modules.lock().byPath("node_modules/chai");
            String lockName = modules == null ? null : modules.lock().file().toString();
            if (mocha.isEmpty() && kit.isEmpty()) {
                throw new MissingRunnerException("iobind:test found " + specFiles + " spec file" + (specFiles == 1 ? "" : "s")
                        + " but no mocha to run them: " + (lockName == null ? "there is no package-lock.json in " + projectDirectory
                        : lockName + " locks no mocha") + ", and the plugin's own mocha cannot be used (" + whyNoKit
                        + "). Lock mocha (and chai) in the project: npm install --save-dev mocha chai");
            }
            Set<String> fromKit = new java.util.TreeSet<>();
            List<String> parts = new ArrayList<>();
            String why = lockName == null ? "no package-lock.json" : "package-lock.json locks none";
            parts.add(mocha.map(p -> "mocha " + p.version() + " from package-lock.json").orElseGet(() -> {
                fromKit.add("mocha");
                return "mocha " + kit.orElseThrow().mocha().version() + " bundled with the plugin (" + why + ")";
            }));
            if (chai.isPresent()) {
                parts.add("chai " + chai.get().version() + " from package-lock.json");
            } else if (kit.isPresent()) {
                fromKit.add("chai");
                parts.add("chai " + kit.get().chai().version() + " bundled with the plugin (" + why + ")");
            }
            return new Libraries("Spec runner: " + String.join(", ", parts) + ".", Set.copyOf(fromKit));
        }
    }

    private static final java.util.regex.Pattern ONLY_CALL = java.util.regex.Pattern.compile("\\.only\\s*\\(");

    /**
     * Under Node, mocha loads every file into one root suite, so a {@code .only} anywhere restricts the whole run
     * to the {@code .only} tests; each of our files has its own mocha, which applies {@code .only} within the file.
     * The files that have such tests are what to run then (mocha still applies {@code .only} inside each).
     * Only files whose text mentions {@code .only(} are loaded to ask mocha, so runs without it cost nothing.
     */
    static List<Path> filesWithOnlyTests(SpecRunner runner, List<Path> files, Charset charset) {
        List<Path> withOnly = new ArrayList<>();
        for (Path file : files) {
            String text;
            try {
                text = java.nio.file.Files.readString(file, charset);
            } catch (IOException e) {
                continue; // the run itself reports a file it cannot read
            }
            if (ONLY_CALL.matcher(text).find() && runner.hasOnlyTests(file)) {
                withOnly.add(file);
            }
        }
        return withOnly;
    }

    /** File names as reports show them before the runner knows more. */
    private static final class ModuleResolverNames {
        static String display(Path root, Path file) {
            return PathNames.relativeOrAbsolute(root, file);
        }
    }
}
