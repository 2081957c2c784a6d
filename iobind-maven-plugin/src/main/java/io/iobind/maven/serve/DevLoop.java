package io.iobind.maven.serve;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.iobind.maven.util.CoreLog;

/**
 * What {@code iobind:serve} does between starting and stopping the server: on each scan it looks for changed
 * files; changed library sources are rebuilt, and a change to the web root or a build that wrote new bundles
 * reloads the open pages. A build that fails is logged as {@code file:line:column: reason} and shown in the
 * pages until a build succeeds; the server keeps serving the last good bundles meanwhile. Commands go to the
 * server as {@code io.iobind.server.dev.ControlChannel} lines.
 */
public final class DevLoop {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<BuildOutcome> rebuild;
    private final Path sourceDirectory;
    private final Path webRoot;
    private final CoreLog log;
    private Consumer<String> control = line -> {
    };
    private TreeSnapshot sources;
    private TreeSnapshot web;
    private List<BuildOutcome.Problem> problems = List.of();

    /**
     * @param rebuild         builds the bundles; null when the project has no library sources to build
     * @param sourceDirectory the library sources, watched when {@code rebuild} is set
     * @param webRoot         the pages, watched for reloads
     */
    public DevLoop(Supplier<BuildOutcome> rebuild, Path sourceDirectory, Path webRoot, CoreLog log) {
        this.rebuild = rebuild;
        this.sourceDirectory = sourceDirectory;
        this.webRoot = webRoot;
        this.log = log;
    }

    /**
     * Builds before the server starts (the up-to-date check makes it free when nothing changed). The files are
     * looked at first, so an edit made during the build is seen by the first scan.
     */
    public BuildOutcome firstBuild() {
        web = TreeSnapshot.take(webRoot);
        if (rebuild == null) {
            return BuildOutcome.built(false);
        }
        sources = TreeSnapshot.take(sourceDirectory);
        BuildOutcome outcome = rebuild.get();
        if (!outcome.ok()) {
            reportProblems(outcome.problems());
            log.warn("The server starts with the last good bundles; the pages show the errors until the sources compile.");
        }
        problems = outcome.problems();
        return outcome;
    }

    /** Connects the loop to the running server; tells it about a failed first build. */
    public void attach(Consumer<String> control) {
        this.control = control;
        if (!problems.isEmpty()) {
            control.accept(errorCommand(problems));
        }
    }

    /** One scan: rebuild if the sources changed, reload if anything the pages use changed. */
    public void scan() {
        boolean reload = false;
        if (rebuild != null) {
            TreeSnapshot now = TreeSnapshot.take(sourceDirectory);
            Set<Path> changed = sources.changesTo(now);
            sources = now;
            if (!changed.isEmpty()) {
                log.info("Changed: " + describe(sourceDirectory, changed) + "; rebuilding.");
                reload = build();
            }
        }
        TreeSnapshot webNow = TreeSnapshot.take(webRoot);
        Set<Path> webChanged = web.changesTo(webNow);
        web = webNow;
        if (!webChanged.isEmpty()) {
            log.info("Changed: " + describe(webRoot, webChanged) + ".");
            reload = true;
        }
        if (reload) {
            log.info("Reloading the open pages.");
            control.accept("reload");
        }
    }

    /** Enter pressed (scan 0): rebuild, then reload the pages whatever changed. */
    public void enter() {
        if (rebuild != null) {
            sources = TreeSnapshot.take(sourceDirectory);
            build();
        }
        web = TreeSnapshot.take(webRoot);
        log.info("Reloading the open pages.");
        control.accept("reload");
    }

    /** Rebuilds; returns whether the pages should reload (new bundles, or the sources compile again). */
    private boolean build() {
        long start = System.nanoTime();
        BuildOutcome outcome = rebuild.get();
        if (!outcome.ok()) {
            reportProblems(outcome.problems());
            log.warn("Still serving the last good bundles; the pages show the errors.");
            problems = outcome.problems();
            control.accept(errorCommand(problems));
            return false;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        boolean wasBroken = !problems.isEmpty();
        problems = List.of();
        if (wasBroken) {
            control.accept("clear");
        }
        log.info(outcome.wroteOutputs() ? "Rebuilt in " + millis + " ms." : "Built in " + millis + " ms; no bundle changed.");
        return outcome.wroteOutputs() || wasBroken;
    }

    private void reportProblems(List<BuildOutcome.Problem> problems) {
        for (BuildOutcome.Problem problem : problems) {
            log.error(problem.toString());
        }
    }

    /** {@code error [{"file":..,"line":..,"column":..,"reason":..}, ...]} */
    static String errorCommand(List<BuildOutcome.Problem> problems) {
        ArrayNode array = JSON.createArrayNode();
        for (BuildOutcome.Problem problem : problems) {
            ObjectNode node = array.addObject();
            node.put("file", problem.file());
            node.put("line", problem.line());
            node.put("column", problem.column());
            node.put("reason", problem.reason());
        }
        return "error " + array;
    }

    private static String describe(Path root, Set<Path> changed) {
        String names = changed.stream().limit(5).map(file -> root.getFileName() + "/" + file.toString().replace('\\', '/'))
                .collect(Collectors.joining(", "));
        return changed.size() > 5 ? names + " and " + (changed.size() - 5) + " more" : names;
    }
}
