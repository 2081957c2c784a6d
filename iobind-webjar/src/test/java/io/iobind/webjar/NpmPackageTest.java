package io.iobind.webjar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The npm package the build lays out in target/npm, as a user gets it: {@code npm pack} (twice, from two copies
 * written at different times: the same bytes), installed from the tarball into a project of its own
 * (target/npm-test, with the peers and tools src/test/node/package-lock.json pins), then loaded with {@code require},
 * with {@code import} from an {@code .mjs} file, and bundled from an ES module import by esbuild; and its TypeScript
 * declarations checked by {@code tsc --strict} against a file of every documented call and a file of wrong ones.
 *
 * <p>Needs node and npm on PATH: without them the test is skipped with one line saying so, and fails under
 * {@code CI=true} (CI has them).
 */
class NpmPackageTest {

    private static final String NAME = System.getProperty("iobind.package.name");
    private static final String VERSION = System.getProperty("iobind.package.version");
    private static final Path PACKAGE = Path.of(System.getProperty("iobind.npm.directory"));
    private static final Path SOURCES = Path.of("src", "test", "node");
    private static final Path WORK = Path.of("target", "npm-test");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The files of the package besides package.json, as its "files" lists them. */
    private static final List<String> FILES = List.of(
            "backbone.iosync.js", "backbone.iosync.min.js", "backbone.iosync.min.js.map", "backbone.iosync.mjs",
            "backbone.iosync.d.ts", "backbone.iosync.d.mts",
            "backbone.iobind.js", "backbone.iobind.min.js", "backbone.iobind.min.js.map", "backbone.iobind.mjs",
            "backbone.iobind.d.ts", "backbone.iobind.d.mts",
            "index.js", "index.mjs", "index.d.ts", "index.d.mts", "socket.d.ts", "README.md");

    private static Path tarball;
    private static Path secondTarball;
    private static JsonNode packed;

    @BeforeAll
    static void packAndInstall() throws Exception {
        if (!runs("node", "--version") || !runs("npm", "--version")) {
            skip("node and npm are not on PATH (install Node.js to run it)");
        }
        copyTree(SOURCES, WORK);
        installTools();

        Path first = recreate(WORK.resolve("pack-1"));
        packed = JSON.readTree(run(WORK, "npm", "pack", PACKAGE.toAbsolutePath().toString(), "--json",
                "--pack-destination", first.toAbsolutePath().toString())).get(0);
        tarball = first.resolve(packed.path("filename").asText());

        // The same package written again later (new modification times, as a rebuild writes it), packed again.
        Path copy = recreate(WORK.resolve("package-copy"));
        Thread.sleep(1100);
        copyTree(PACKAGE, copy);
        Path second = recreate(WORK.resolve("pack-2"));
        JsonNode again = JSON.readTree(run(WORK, "npm", "pack", copy.toAbsolutePath().toString(), "--json",
                "--pack-destination", second.toAbsolutePath().toString())).get(0);
        secondTarball = second.resolve(again.path("filename").asText());

        // Not --offline: npm 11 checks the package's peer ranges against the registry's metadata of the installed
        // peers, which npm ci does not cache, and offline it reports "Found: backbone@undefined" (ERESOLVE).
        run(WORK, "npm", "install", "--no-save", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts",
                tarball.toAbsolutePath().toString());
    }

    @Test
    void packageJsonHasThePomVersionTheEntriesAndThePeerRanges() throws IOException {
        JsonNode manifest = JSON.readTree(PACKAGE.resolve("package.json").toFile());

        assertThat(manifest.path("name").asText()).isEqualTo(NAME);
        assertThat(manifest.path("version").asText()).isEqualTo(VERSION);
        assertThat(manifest.path("main").asText()).isEqualTo("./index.js");
        assertThat(manifest.path("types").asText()).isEqualTo("./index.d.ts");
        JsonNode root = manifest.path("exports").path(".");
        assertThat(root.path("import").path("default").asText()).isEqualTo("./index.mjs");
        assertThat(root.path("import").path("types").asText()).isEqualTo("./index.d.mts");
        assertThat(root.path("require").path("default").asText()).isEqualTo("./index.js");
        assertThat(root.path("require").path("types").asText()).isEqualTo("./index.d.ts");
        assertThat(manifest.path("peerDependencies").toString()).isEqualTo(JSON.createObjectNode()
                .put("backbone", "1.4.x || 1.5.x || 1.6.x")
                .put("socket.io-client", "3.x || 4.x")
                .put("underscore", "1.13.x").toString());
        assertThat(manifest.path("peerDependenciesMeta").path("socket.io-client").path("optional").asBoolean()).isTrue();

        List<String> listed = new ArrayList<>();
        manifest.path("files").forEach(file -> listed.add(file.asText()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(FILES);
        for (String target : exportTargets(manifest.path("exports"))) {
            assertThat(PACKAGE.resolve(target)).as("export target %s", target).isRegularFile();
            if (!target.equals("./package.json")) {
                assertThat(listed).as("export target %s is packed", target).contains(target.substring(2));
            }
        }
    }

    @Test
    void theTarballHoldsTheFilesAndDistUnchanged() throws IOException {
        List<String> paths = new ArrayList<>();
        packed.path("files").forEach(file -> paths.add(file.path("path").asText()));
        List<String> expected = new ArrayList<>(FILES);
        expected.add("package.json");
        assertThat(paths).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(packed.path("version").asText()).isEqualTo(VERSION);
        for (String name : FILES) {
            if (name.startsWith("backbone.") && (name.endsWith(".js") || name.endsWith(".map"))) {
                assertThat(PACKAGE.resolve(name)).as(name).hasSameBinaryContentAs(Path.of("..", "dist", name));
            }
        }
    }

    @Test
    void npmPackIsReproducible() throws IOException {
        assertThat(Files.readAllBytes(secondTarball)).as("%s and %s", tarball, secondTarball)
                .isEqualTo(Files.readAllBytes(tarball));
    }

    @Test
    void requireGivesBackbonePatchedByEachEntry() throws Exception {
        String output = run(WORK, "node", "require.cjs", VERSION);
        assertThat(output).contains("require('backbone.iobind/iobind') first: OK",
                "then require('backbone.iobind/iosync'): OK", "then require('backbone.iobind'): OK");
    }

    @Test
    void importFromAnMjsFileGivesBackbonePatchedByEachEntry() throws Exception {
        String output = run(WORK, "node", "import.mjs", VERSION);
        assertThat(output).contains("import from 'backbone.iobind/iosync' first: OK",
                "then import from 'backbone.iobind/iobind': OK", "then import Backbone from 'backbone.iobind': OK");
    }

    @Test
    void esbuildBundlesAnEsModuleImportIntoAWorkingBrowserBundle() throws Exception {
        Path bundle = WORK.resolve("out").resolve("bundle.mjs");
        Files.deleteIfExists(bundle);
        run(WORK, "node", Path.of("node_modules", "esbuild", "bin", "esbuild").toString(), "bundle-entry.mjs", "--bundle",
                "--format=esm", "--platform=browser", "--log-level=warning", "--outfile=" + WORK.relativize(bundle));
        assertThat(Files.readString(bundle)).contains("ioBindVersion").contains("ioSyncVersion")
                .doesNotContain("require(\"backbone\")");

        String output = run(WORK, "node", "--input-type=module", "-e",
                "globalThis.IOBIND_EXPECTED_VERSION = " + JSON.writeValueAsString(VERSION) + "; await import('./out/bundle.mjs');");
        assertThat(output).contains("an esbuild bundle importing backbone.iobind: OK");
    }

    @Test
    void tscAcceptsEveryDocumentedCall() throws Exception {
        tsc("types/tsconfig.json");
    }

    @Test
    void tscResolvesTheRequireAndImportEntriesToTheirDeclarations() throws Exception {
        tsc("types/tsconfig.node.json");
    }

    @Test
    void tscRejectsEachWrongCall() throws Exception {
        // Every line after a `// @ts-expect-error` must be an error, or tsc fails with "Unused '@ts-expect-error'".
        long expectedErrors = Files.readAllLines(WORK.resolve("types/misuse.ts")).stream()
                .filter(line -> line.startsWith("// @ts-expect-error")).count();
        assertThat(expectedErrors).isGreaterThanOrEqualTo(19);
        tsc("types/tsconfig.misuse.json");
    }

    private static void tsc(String project) throws Exception {
        run(WORK, "node", Path.of("node_modules", "typescript", "bin", "tsc").toString(), "-p", project);
    }

    /** The file targets of an "exports" map, each once. */
    private static TreeSet<String> exportTargets(JsonNode exports) {
        TreeSet<String> targets = new TreeSet<>();
        if (exports.isTextual()) {
            targets.add(exports.asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = exports.fields(); fields.hasNext(); ) {
            targets.addAll(exportTargets(fields.next().getValue()));
        }
        return targets;
    }

    /** {@code npm ci} from the test's lock file, unless the same lock is installed already. */
    private static void installTools() throws Exception {
        Path lock = SOURCES.resolve("package-lock.json");
        Path installedLock = WORK.resolve("node_modules").resolve(".iobind-installed-lock.json");
        if (Files.exists(installedLock) && Files.mismatch(lock, installedLock) == -1) {
            return;
        }
        Result npm = start(WORK, "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts");
        if (npm.exitCode() != 0 && NETWORK_ERRORS.matcher(npm.output()).find()) {
            String said = npm.output().lines().filter(line -> NETWORK_ERRORS.matcher(line).find()).findFirst().orElse("").strip();
            skip("node is present but npm ci could not reach a registry (npm: " + said + ")");
        }
        assertThat(npm.exitCode()).as("npm ci in %s:%n%s", WORK, npm.output()).isZero();
        Files.copy(lock, installedLock, StandardCopyOption.REPLACE_EXISTING);
    }

    /** npm's error codes for a registry it cannot reach (offline machine, no DNS, nothing listening, proxy down). */
    private static final Pattern NETWORK_ERRORS = Pattern.compile(
            "\\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ERR_SOCKET_TIMEOUT)\\b");

    /** Skips with one line saying why; under CI=true (which has Node) fails instead. */
    private static void skip(String why) {
        String message = "NpmPackageTest (npm pack, install, require, import, esbuild and tsc of the npm package): " + why;
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true and " + message);
        }
        System.out.println("Skipping " + message);
        abort(message);
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs a command in {@code directory} and returns its output (stdout and stderr) once it exited with 0. */
    private static String run(Path directory, String... command) throws Exception {
        Result result = start(directory, command);
        assertThat(result.exitCode()).as("exit code of %s; output:%n%s", String.join(" ", command), result.output()).isZero();
        return result.output();
    }

    private static Result start(Path directory, String... command) throws Exception {
        Path log = Files.createTempFile(WORK, "run-", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            process.getOutputStream().close();
            boolean finished = process.waitFor(5, TimeUnit.MINUTES);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(finished).as("%s finished within 5 minutes; output:%n%s", String.join(" ", command), output).isTrue();
            return new Result(process.exitValue(), output);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException notThere) {
            return false;
        }
    }

    private static Path recreate(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(directory);
    }

    /** Copies the files under {@code from} into {@code to} (new files, new modification times). */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
