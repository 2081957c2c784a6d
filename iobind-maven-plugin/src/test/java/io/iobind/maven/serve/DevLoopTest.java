package io.iobind.maven.serve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The serve loop with a scripted build: which commands reach the server and what the log says. */
class DevLoopTest {

    @TempDir
    Path dir;

    private Path lib;
    private Path web;
    private final RecordingServeLog serveLog = new RecordingServeLog();
    private final List<String> log = serveLog.lines;
    private final List<String> commands = new ArrayList<>();
    private final Deque<BuildOutcome> outcomes = new ArrayDeque<>();
    private int builds;

    private final Supplier<BuildOutcome> rebuild = () -> {
        builds++;
        return outcomes.isEmpty() ? BuildOutcome.built(true) : outcomes.removeFirst();
    };

    private static final BuildOutcome BROKEN = BuildOutcome.failed(List.of(
            new BuildOutcome.Problem("lib/model.js", 8, 3, "Parse error. primary expression expected"),
            new BuildOutcome.Problem("lib/model.js", 0, 0, "a \"quoted\" reason")));

    @BeforeEach
    void folders() throws Exception {
        lib = Files.createDirectories(dir.resolve("lib"));
        web = Files.createDirectories(dir.resolve("webapp"));
        Files.writeString(lib.resolve("model.js"), "var a;");
        Files.writeString(web.resolve("index.html"), "<p>");
    }

    /** Writes and moves the time on, so the change shows on any file system's time resolution. */
    private static void edit(Path file, String text) throws Exception {
        FileTime before = Files.exists(file) ? Files.getLastModifiedTime(file) : FileTime.fromMillis(0);
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2000));
    }

    @Test
    void nothingChangedMeansNoBuildAndNoReload() {
        DevLoop loop = new DevLoop(rebuild, lib, web, serveLog);
        loop.firstBuild();
        loop.attach(commands::add);
        loop.scan();
        loop.scan();
        assertThat(builds).isEqualTo(1);
        assertThat(commands).isEmpty();
    }

    @Test
    void aSourceChangeRebuildsAndReloads() throws Exception {
        DevLoop loop = new DevLoop(rebuild, lib, web, serveLog);
        loop.firstBuild();
        loop.attach(commands::add);
        log.clear();
        edit(lib.resolve("model.js"), "var b;");
        loop.scan();
        assertThat(builds).isEqualTo(2);
        assertThat(commands).containsExactly("reload");
        assertThat(log.get(0)).isEqualTo("INFO Changed: lib/model.js; rebuilding.");
        assertThat(log.get(1)).matches("INFO Rebuilt in \\d+ ms\\.");
        assertThat(log.get(2)).isEqualTo("INFO Reloading the open pages.");
    }

    @Test
    void aRebuildThatWritesNothingDoesNotReload() throws Exception {
        DevLoop loop = new DevLoop(rebuild, lib, web, serveLog);
        loop.firstBuild();
        loop.attach(commands::add);
        outcomes.add(BuildOutcome.built(false));
        edit(lib.resolve("model.js"), "var a; // only a comment");
        loop.scan();
        assertThat(commands).isEmpty();
        assertThat(log).anyMatch(line -> line.matches("INFO Built in \\d+ ms; no bundle changed\\."));
    }

    @Test
    void aWebRootChangeReloadsWithoutBuilding() throws Exception {
        DevLoop loop = new DevLoop(rebuild, lib, web, serveLog);
        loop.firstBuild();
        loop.attach(commands::add);
        edit(web.resolve("app.css"), "p {}");
        loop.scan();
        assertThat(builds).isEqualTo(1);
        assertThat(commands).containsExactly("reload");
        assertThat(log).contains("INFO Changed: webapp/app.css.");
    }

    @Test
    void aBrokenBuildIsLoggedAndShownThenClearedAndReloadedByTheNextGoodOne() throws Exception {
        DevLoop loop = new DevLoop(rebuild, lib, web, serveLog);
        loop.firstBuild();
        loop.attach(commands::add);
        log.clear();
        outcomes.add(BROKEN);
        edit(lib.resolve("model.js"), "var = ;");
        loop.scan();
        assertThat(commands).containsExactly("error [{\"file\":\"lib/model.js\",\"line\":8,\"column\":3,"
                + "\"reason\":\"Parse error. primary expression expected\"},{\"file\":\"lib/model.js\",\"line\":0,\"column\":0,"
                + "\"reason\":\"a \\\"quoted\\\" reason\"}]");
        assertThat(log).containsSubsequence(
                "ERROR lib/model.js:8:3: Parse error. primary expression expected",
                "ERROR lib/model.js: a \"quoted\" reason",
                "WARN Still serving the last good bundles; the pages show the errors.");

        // A web-root change while broken reloads; the reloaded page learns about the problems on connect.
        commands.clear();
        edit(web.resolve("index.html"), "<p>b");
        loop.scan();
        assertThat(commands).containsExactly("reload");

        // Fixed, even if no bundle byte changed (the page may have loaded while broken): clear, then reload.
        commands.clear();
        outcomes.add(BuildOutcome.built(false));
        edit(lib.resolve("model.js"), "var a;");
        loop.scan();
        assertThat(commands).containsExactly("clear", "reload");
    }

    @Test
    void aFailedFirstBuildIsSentWhenTheServerIsUp() {
        outcomes.add(BROKEN);
        DevLoop loop = new DevLoop(rebuild, lib, web, serveLog);
        assertThat(loop.firstBuild().ok()).isFalse();
        assertThat(log).contains("ERROR lib/model.js:8:3: Parse error. primary expression expected",
                "WARN The server starts with the last good bundles; the pages show the errors until the sources compile.");
        loop.attach(commands::add);
        assertThat(commands).hasSize(1);
        assertThat(commands.get(0)).startsWith("error [{\"file\":\"lib/model.js\",\"line\":8,");
    }

    @Test
    void enterRebuildsAndReloadsWhateverChanged() {
        DevLoop loop = new DevLoop(rebuild, lib, web, serveLog);
        loop.firstBuild();
        loop.attach(commands::add);
        outcomes.add(BuildOutcome.built(false));
        loop.enter();
        assertThat(builds).isEqualTo(2);
        assertThat(commands).containsExactly("reload");
    }

    @Test
    void withoutSourcesOnlyTheWebRootIsWatched() throws Exception {
        DevLoop loop = new DevLoop(null, lib, web, serveLog);
        assertThat(loop.firstBuild().ok()).isTrue();
        loop.attach(commands::add);
        edit(lib.resolve("model.js"), "var b;");
        loop.scan();
        assertThat(commands).isEmpty();
        edit(web.resolve("index.html"), "<p>c");
        loop.scan();
        assertThat(commands).containsExactly("reload");
        assertThat(builds).isZero();
    }
}
