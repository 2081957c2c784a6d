package io.iobind.maven.jstest;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
     * Runs {@code selection}; the project's declared packages are fetched first so downloads do not count against
     * test timeouts, and anything else in the lockfile is fetched when first required.
     */
    public static RunSummary run(SpecSelection selection, SpecRunner.Options options, Charset charset, Path reportsDirectory,
            ConsoleReport console) throws NpmException, IOException {
        NodeModules modules = options.nodeModules();
        if (modules.lock().byPath("node_modules/mocha").isEmpty()) {
            throw new NpmException(modules.lock().file() + " locks no mocha; add it: npm install --save-dev mocha");
        }
        modules.prefetch(modules.lock().rootDependencies(), BUNDLE_ONLY);
        JUnitXmlReport xml = new JUnitXmlReport(reportsDirectory);
        List<SpecFileResult> results = new ArrayList<>();
        SpecRunner.Options withFilter = new SpecRunner.Options(options.projectDirectory(), options.displayRoot(), modules,
                options.timeoutMillis(), options.watchdogMillis(), options.fileTimeoutMillis(), selection.titleFilter());
        try (SpecRunner runner = new SpecRunner(withFilter, charset)) {
            List<Path> files = selection.files();
            List<Path> withOnly = filesWithOnlyTests(runner, files, charset);
            if (!withOnly.isEmpty()) {
                console.onlyIn(withOnly.stream().map(f -> ModuleResolverNames.display(options.displayRoot(), f)).toList());
                files = withOnly;
            }
            for (Path file : files) {
                console.running(ModuleResolverNames.display(options.displayRoot(), file));
                SpecFileResult result = runner.run(file);
                console.file(result);
                xml.write(result);
                results.add(result);
            }
        }
        RunSummary summary = new RunSummary(List.copyOf(results));
        console.summary(summary);
        return summary;
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
