package io.iobind.maven.jstest;

import io.iobind.maven.util.CoreLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spec run in a JVM of its own: the same lines, summary and reports as in Maven's JVM. */
class ForkedSuiteTest {

    private static final List<String> JVM_ARGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "--enable-native-access=ALL-UNNAMED", "-Dsun.misc.unsafe.memory.access=allow");

    @TempDir
    Path project;

    private ForkedSuite.Request request(List<Path> specs, String titleFilter, boolean ownRunner) {
        return new ForkedSuite.Request(specs.stream().map(Path::toString).toList(), titleFilter, project.toString(),
                project.toString(), null, project.resolve("npm-cache").toString(), 2000, 15_000, 60_000, "UTF-8",
                project.resolve("reports").toString(), false, ownRunner, 2);
    }

    @Test
    void theForkedJvmRunsTheSpecsAndHandsBackLinesSummaryAndReports() throws Exception {
        Path spec = Files.createDirectories(project.resolve("test")).resolve("forked.spec.js");
        Files.writeString(spec, """
                var expect = require('chai').expect;
                describe('forked', function () {
                  it('passes', function (done) { expect(typeof leak).to.equal('undefined'); setTimeout(done, 5); });
                  it('fails', function () { console.log('said in the fork: \u00e9'); expect('a').to.equal('b'); });
                  it('passes too', function () {});
                });
                """);
        // Run side by side with it (two threads), in a Context of its own: its global does not leak into the other.
        Path other = project.resolve("test").resolve("another.spec.js");
        Files.writeString(other, "globalThis.leak = 1;\ndescribe('another', function () { it('runs', function (done) { setTimeout(done, 20); }); });\n");
        List<String> lines = new ArrayList<>();

        RunSummary summary = ForkedSuite.run(request(List.of(other, spec), null, true), Path.of(System.getProperty("java.home")),
                JVM_ARGS, recorder(lines));

        assertThat(summary.testsRun()).isEqualTo(4);
        assertThat(summary.count(TestOutcome.FAILURE)).isEqualTo(1);
        assertThat(summary.files()).extracting(SpecFileResult::displayName).containsExactly("test/another.spec.js", "test/forked.spec.js");
        assertThat(lines.indexOf("INFO Running test/another.spec.js")).isNotNegative().isLessThan(lines.indexOf("INFO Running test/forked.spec.js"));
        SpecFileResult file = summary.files().get(1);
        assertThat(file.displayName()).isEqualTo("test/forked.spec.js");
        assertThat(file.output()).contains("said in the fork: \u00e9");
        assertThat(lines).anyMatch(l -> l.startsWith("INFO Spec runner: mocha "));
        assertThat(lines).contains("INFO Running test/forked.spec.js");
        assertThat(lines).anyMatch(l -> l.startsWith("ERROR Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed:"));
        assertThat(lines).contains("ERROR AssertionError: expected 'a' to equal 'b'");
        assertThat(lines).contains("INFO said in the fork: \u00e9");
        assertThat(lines).noneMatch(l -> l.startsWith("WARN"));
        assertThat(project.resolve("reports").resolve("TEST-test.forked.spec.xml")).isRegularFile();
    }

    @Test
    void nothingToRunTheSpecsWithComesBackAsTheSameFailure() throws Exception {
        Path spec = Files.createDirectories(project.resolve("test")).resolve("a.spec.js");
        Files.writeString(spec, "describe('x', function () { it('y', function () {}); });\n");
        List<String> lines = new ArrayList<>();

        assertThatThrownBy(() -> ForkedSuite.run(request(List.of(spec), null, false), Path.of(System.getProperty("java.home")),
                JVM_ARGS, recorder(lines)))
                .isInstanceOf(MissingRunnerException.class)
                .hasMessageContaining("iobind:test found 1 spec file but no mocha to run them: there is no package-lock.json in " + project)
                .hasMessageContaining("(iobind.test.ownRunner is false)");
        assertThat(lines).isEmpty();
    }

    private static CoreLog recorder(List<String> lines) {
        return (level, line) -> lines.add(level + " " + line);
    }
}
