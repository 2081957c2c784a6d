package io.iobind.maven.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.iobind.maven.bundle.BuildSettings;
import io.iobind.maven.bundle.BundleBuilder;
import io.iobind.maven.bundle.BundleCompilationException;
import io.iobind.maven.bundle.BundleConfigurationException;
import io.iobind.maven.bundle.SourceProblem;
import io.iobind.maven.util.CoreLog;

/**
 * Rebuilds the bundles with the build goals' own {@link BundleBuilder} and settings (its up-to-date check
 * included), turning its failures into {@link BuildOutcome.Problem}s instead of exceptions: under
 * {@code iobind:serve} a broken source is something to show, not a reason to stop.
 */
public final class BundleRebuild implements Supplier<BuildOutcome> {

    private final BuildSettings settings;
    private final CoreLog log;
    private final String sourceLabel;

    /** @param sourceLabel how problems without a file name the sources, e.g. {@code lib} */
    public BundleRebuild(BuildSettings settings, CoreLog log, String sourceLabel) {
        this.settings = settings;
        this.log = log;
        this.sourceLabel = sourceLabel;
    }

    /**
     * Compiles every bundle once into {@code scratchSettings}' output (nothing the server serves), so Closure's
     * classes are loaded and warm before the first edit: otherwise that edit's rebuild takes seconds, not a fraction
     * of one. Silent; a failure is left for the real build to report.
     */
    public static void warmUp(BuildSettings scratchSettings) {
        try {
            new BundleBuilder(scratchSettings, CoreLog.silent()).buildAll();
        } catch (BundleCompilationException | BundleConfigurationException | RuntimeException ignored) {
            // the real build reports it
        }
    }

    @Override
    public BuildOutcome get() {
        try {
            List<BundleBuilder.BundleResult> results = new BundleBuilder(settings, log).buildAll();
            return BuildOutcome.built(results.stream().anyMatch(result -> !result.written().isEmpty()));
        } catch (BundleCompilationException e) {
            List<BuildOutcome.Problem> problems = new ArrayList<>();
            for (SourceProblem problem : e.problems()) {
                problems.add(new BuildOutcome.Problem(problem.file(), problem.line(), problem.column(), problem.message()));
            }
            return BuildOutcome.failed(problems);
        } catch (BundleConfigurationException e) {
            // E.g. a source file of a bundle was deleted: as much the user's to fix while serving as a syntax error.
            return BuildOutcome.failed(List.of(new BuildOutcome.Problem(sourceLabel, 0, 0, e.getMessage())));
        } catch (RuntimeException e) {
            // A fault of the compiler on some input: keep serving and say so; the next edit tries again.
            return BuildOutcome.failed(List.of(new BuildOutcome.Problem(sourceLabel, 0, 0, "the build failed: " + e)));
        }
    }
}
