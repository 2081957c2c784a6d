package io.iobind.maven.jstest;

import io.iobind.maven.util.CoreLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.iobind.maven.npm.NodeModules;
import io.iobind.maven.npm.PackageCache;
import io.iobind.maven.npm.PackageLock;

/** The mocha and chai the plugin brings (packed into target/classes by the build's process-classes step). */
class RunnerKitTest {

    private static final Path RUNNER_LOCK = Path.of("src", "main", "runner", "package-lock.json").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path project;
    @TempDir
    Path reports;

    private static String lockedVersion(String name) throws Exception {
        return JSON.readTree(RUNNER_LOCK.toFile()).path("packages").path("node_modules/" + name).path("version").asText();
    }

    @Test
    void theBuildPacksTheVersionsTheRunnerLockfilePins() throws Exception {
        RunnerKit kit = RunnerKit.packed().orElseThrow(() -> new AssertionError("no runner kit in target/classes: run process-classes"));

        assertThat(kit.mocha().version()).isEqualTo(lockedVersion("mocha"));
        assertThat(kit.chai().version()).isEqualTo(lockedVersion("chai"));
        Map<String, Path> folders = kit.unpack(project.resolve("kit"));
        for (String name : List.of("mocha", "chai")) {
            JsonNode manifest = JSON.readTree(folders.get(name).resolve("package.json").toFile());
            assertThat(manifest.path("name").asText()).isEqualTo(name);
            assertThat(manifest.path("version").asText()).isEqualTo(lockedVersion(name));
            assertThat(folders.get(name).resolve("LICENSE")).isRegularFile();
            assertThat(Files.size(folders.get(name).resolve(RunnerKit.ENTRIES.get(name)))).isGreaterThan(100_000);
        }
    }

    @Test
    void specsRunWithoutAnyLockfileOnThePluginsMochaAndChai() throws Exception {
        Path spec = Files.createDirectories(project.resolve("test")).resolve("plain.spec.js");
        Files.writeString(spec, """
                var expect = require('chai').expect;
                describe('a project without package-lock.json', function () {
                  it('has chai', function () { expect([1, 2]).to.deep.equal([1, 2]); });
                  it('has mocha timers', function (done) { setTimeout(done, 5); });
                  it('reports a failure', function () { expect(1 + 1).to.equal(3); });
                });
                """);
        List<String> lines = new ArrayList<>();

        RunSummary summary = SpecSuite.run(new SpecSelection(List.of(spec), null),
                new SpecRunner.Options(project, project, null, 2000, 15_000, 60_000, null), StandardCharsets.UTF_8, reports,
                new ConsoleReport(recorder(lines), false), true, 1);

        String mocha = lockedVersion("mocha");
        String chai = lockedVersion("chai");
        assertThat(lines).contains("INFO Spec runner: mocha " + mocha + " bundled with the plugin (no package-lock.json), chai "
                + chai + " bundled with the plugin (no package-lock.json).");
        assertThat(summary.testsRun()).isEqualTo(3);
        assertThat(summary.files().get(0).count(TestOutcome.PASSED)).isEqualTo(2);
        TestCaseResult failed = summary.files().get(0).tests().stream().filter(t -> t.outcome() == TestOutcome.FAILURE)
                .findFirst().orElseThrow();
        assertThat(failed.message()).contains("expected 2 to equal 3");
        // chai's and mocha's own frames are left out, as with the locked ones; the spec's line stays
        assertThat(failed.stack()).contains("test/plain.spec.js:5").doesNotContain("chai.js");
        assertThat(reports.resolve("TEST-test.plain.spec.xml")).isRegularFile();
    }

    @Test
    void aLockedMochaWinsAndOnlyTheMissingChaiComesFromThePlugin() throws Exception {
        Path lockFile = project.resolve("package-lock.json");
        Files.writeString(lockFile, """
                {"name": "p", "lockfileVersion": 3, "packages": {
                  "": {"name": "p", "devDependencies": {"mocha": "11.7.5"}},
                  "node_modules/mocha": {"version": "11.7.5", "integrity": "sha512-mTT6RgopEYABzXWFx+GcJ+ZQ32kp4fMf0xvpZIIfSq9Z8lC/++MtcCnQ9t5FP2veYEP95FIYSvW+U9fV4xrlig=="}
                }}
                """);
        NodeModules modules = new NodeModules(PackageLock.read(lockFile),
                new PackageCache(project.resolve("cache"), () -> { throw new AssertionError("no download"); }, true, CoreLog.silent()));

        SpecSuite.Libraries libraries = SpecSuite.Libraries.choose(modules, RunnerKit.packed(), "-", project, 1);

        assertThat(libraries.fromKit()).containsExactly("chai");
        assertThat(libraries.description()).isEqualTo("Spec runner: mocha 11.7.5 from package-lock.json, chai "
                + lockedVersion("chai") + " bundled with the plugin (package-lock.json locks none).");
    }

    @Test
    void specFilesWithNothingToRunThemFailNamingWhatIsMissing() throws Exception {
        Path spec = Files.createDirectories(project.resolve("test")).resolve("a.spec.js");
        Files.writeString(spec, "describe('x', function () { it('y', function () {}); });\n");
        List<String> lines = new ArrayList<>();

        assertThatThrownBy(() -> SpecSuite.run(new SpecSelection(List.of(spec), null),
                new SpecRunner.Options(project, project, null, 2000, 15_000, 60_000, null), StandardCharsets.UTF_8, reports,
                new ConsoleReport(recorder(lines), false), Optional.empty(), "iobind.test.ownRunner is false", 1))
                .isInstanceOf(MissingRunnerException.class)
                .hasMessage("iobind:test found 1 spec file but no mocha to run them: there is no package-lock.json in " + project
                        + ", and the plugin's own mocha cannot be used (iobind.test.ownRunner is false). Lock mocha (and chai)"
                        + " in the project: npm install --save-dev mocha chai");
        assertThat(lines).isEmpty();
        try (var left = Files.list(reports)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void theKitsChaiOffersOnlyItsMainEntry() throws Exception {
        Map<String, Path> own = RunnerKit.packed().orElseThrow().unpack(project.resolve("kit"));
        ModuleResolver resolver = new ModuleResolver(null, project, own);
        Path from = project.resolve("test/x.spec.js");

        assertThat(resolver.resolve("chai", from)).isEqualTo(own.get("chai").resolve("chai.js"));
        assertThat(resolver.displayName(own.get("chai").resolve("chai.js"))).isEqualTo("node_modules/chai/chai.js");
        assertThatThrownBy(() -> resolver.resolve("chai/lib/chai/utils", from))
                .hasMessage("Cannot find module 'chai/lib/chai/utils' required from test/x.spec.js: the plugin's own chai offers"
                        + " only require('chai'); lock chai in package-lock.json for more");
        assertThatThrownBy(() -> resolver.resolve("underscore", from))
                .hasMessageContaining("the project has no package-lock.json to take packages from");
    }

    private static CoreLog recorder(List<String> lines) {
        return (level, line) -> lines.add(level + " " + line);
    }
}
