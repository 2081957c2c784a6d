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
                JVM_ARGS, null, recorder(lines));

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
                JVM_ARGS, null, recorder(lines)))
                .isInstanceOf(MissingRunnerException.class)
                .hasMessageContaining("iobind:test found 1 spec file but no mocha to run them: there is no package-lock.json in " + project)
                .hasMessageContaining("(iobind.test.ownRunner is false)");
        assertThat(lines).isEmpty();
    }

    @Test
    void aSecondRunMapsTheClassesTheFirstOneArchived(@TempDir Path archives) throws Exception {
        Path spec = Files.createDirectories(project.resolve("test")).resolve("a.spec.js");
        Files.writeString(spec, "describe('x', function () { it('y', function () {}); });\n");
        Path loaded = project.resolve("classes-loaded.txt");
        List<String> jvmArgs = new ArrayList<>(JVM_ARGS);
        jvmArgs.add("-Xlog:class+load=info:file=" + loaded);
        List<String> lines = new ArrayList<>();

        // As under Maven, jars only: the JVM archives no classes from a class path with folders (target/classes).
        String classPath = jarsOnlyClassPath();

        RunSummary first = ForkedSuite.run(request(List.of(spec), null, true), javaHome(), jvmArgs, archives, classPath, recorder(lines));
        String firstLoads = Files.readString(loaded);
        RunSummary second = ForkedSuite.run(request(List.of(spec), null, true), javaHome(), jvmArgs, archives, classPath, recorder(lines));
        String secondLoads = Files.readString(loaded);

        assertThat(first.testsRun()).isEqualTo(1);
        assertThat(second.testsRun()).isEqualTo(1);
        assertThat(files(archives)).hasSize(1).allMatch(name -> name.matches("spec-jvm-[0-9a-f]{16}\\.jsa"));
        assertThat(firstLoads).doesNotContain("shared objects file (top)");
        assertThat(secondLoads).containsPattern("org\\.graalvm\\.polyglot\\.Context source: shared objects file \\(top\\)");
        assertThat(lines).noneMatch(l -> l.startsWith("WARN") || l.contains("cds") || l.contains("CDS"));
    }

    @Test
    void aDamagedArchiveCostsNothingButTheSaving(@TempDir Path archives) throws Exception {
        Path spec = Files.createDirectories(project.resolve("test")).resolve("a.spec.js");
        Files.writeString(spec, "describe('x', function () { it('y', function () {}); });\n");
        Path archive = SharedClassArchive.in(archives, javaHome(), JVM_ARGS, ForkedSuite.classPath()).archive();
        Files.writeString(archive, "not an archive");
        List<String> lines = new ArrayList<>();

        RunSummary summary = ForkedSuite.run(request(List.of(spec), null, true), javaHome(), JVM_ARGS, archives, recorder(lines));

        assertThat(summary.testsRun()).isEqualTo(1);
        assertThat(summary.green()).isTrue();
        assertThat(lines).noneMatch(l -> l.startsWith("WARN") || l.contains("cds") || l.contains("shared archive"));
    }

    @Test
    void optionsThatSayHowToShareClassesAreTheUsersWord(@TempDir Path archives) {
        for (String option : List.of("-Xshare:off", "-XX:SharedArchiveFile=/tmp/mine.jsa", "-XX:ArchiveClassesAtExit=/tmp/mine.jsa")) {
            assertThat(SharedClassArchive.in(archives, javaHome(), List.of(option), ForkedSuite.classPath())).as(option).isNull();
        }
    }

    /**
     * This test JVM's class path with the plugin's classes packed into a jar and the test classes left out; Surefire's
     * manifest-only jar is opened up into the entries its manifest lists.
     */
    private String jarsOnlyClassPath() throws Exception {
        List<Path> entries = new ArrayList<>();
        for (String element : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(element);
            String classPath = null;
            if (path.toString().endsWith(".jar")) {
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(path.toFile())) {
                    classPath = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue("Class-Path");
                }
            }
            if (classPath == null) {
                entries.add(path);
            } else {
                for (String listed : classPath.trim().split("\\s+")) {
                    entries.add(Path.of(java.net.URI.create(listed)));
                }
            }
        }
        List<String> jars = new ArrayList<>();
        for (Path entry : entries) {
            if (Files.isDirectory(entry) && entry.getFileName().toString().equals("classes")) {
                jars.add(jar(entry, project.resolve("plugin-classes.jar")).toString());
            } else if (Files.isRegularFile(entry)) {
                jars.add(entry.toString());
            }
        }
        return String.join(java.io.File.pathSeparator, jars);
    }

    private static Path jar(Path classes, Path jar) throws java.io.IOException {
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar)); var files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    private static List<String> files(Path directory) throws java.io.IOException {
        try (var list = Files.list(directory)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static CoreLog recorder(List<String> lines) {
        return (level, line) -> lines.add(level + " " + line);
    }
}
