package io.iobind.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the Node scripts of src/test/node (official socket.io packages pinned by its package-lock.json) for the tests
 * that check this server against Node's own implementation. Needs node and npm on PATH; without them, or when npm
 * cannot reach a registry, the calling test is skipped with one line saying what did not run.
 */
public final class NodeScripts {

    private static final Path SOURCES = Path.of("src", "test", "node");
    private static final Path WORK = Path.of("target", "node-scripts");

    private NodeScripts() {
    }

    /**
     * Runs {@code script} with {@code arguments} and returns its output once it exited with 0 (within 90 s).
     *
     * @param testName what the skip line is tagged with
     * @param what     what would not have happened without Node, for the skip line
     */
    public static String run(String testName, String what, String script, String... arguments) throws Exception {
        boolean nodePresent = runs("node", "--version") && runs("npm", "--version");
        String skipped = "SKIPPED: node and npm are not on PATH, so " + what + " did not happen (install Node.js to run it)";
        if (!nodePresent) {
            System.out.println("[" + testName + "] " + skipped);
        }
        assumeTrue(nodePresent, skipped);
        install(testName, what);
        Path log = WORK.resolve(script + "-" + String.join("-", arguments).replaceAll("[^A-Za-z0-9]+", "_") + ".log");
        List<String> command = new ArrayList<>(List.of("node", WORK.resolve(script).toString()));
        command.addAll(List.of(arguments));
        Process node = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = node.waitFor(90, TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("node finished within 90 s; output:%n%s", output).isTrue();
        assertThat(node.exitValue()).as("node exit code; output:%n%s", output).isZero();
        return output;
    }

    /** {@code npm ci} from our own lock file, into target/, unless the same lock is installed already. */
    private static synchronized void install(String testName, String what) throws Exception {
        Files.createDirectories(WORK);
        Path lock = SOURCES.resolve("package-lock.json");
        Path installedLock = WORK.resolve("node_modules").resolve(".iobind-installed-lock.json");
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, WORK.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (Files.exists(installedLock) && Files.mismatch(lock, installedLock) == -1) {
            return;
        }
        Path log = WORK.resolve("npm-ci.log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
                .directory(WORK.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = npm.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            npm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (finished && npm.exitValue() != 0 && registryUnreachable(output)) {
            String skipped = "SKIPPED: node is present but npm ci could not reach a registry, so " + what
                    + " did not happen; npm said:\n" + output.strip();
            System.out.println("[" + testName + "] " + skipped);
            assumeTrue(false, skipped);
        }
        assertThat(finished && npm.exitValue() == 0).as("npm ci in %s:%n%s", WORK, output).isTrue();
        Files.copy(lock, installedLock, StandardCopyOption.REPLACE_EXISTING);
    }

    /** npm's error codes for a registry it cannot reach (offline machine, no DNS, nothing listening, proxy down). */
    static boolean registryUnreachable(String npmOutput) {
        return NETWORK_ERRORS.matcher(npmOutput).find();
    }

    private static final Pattern NETWORK_ERRORS = Pattern.compile(
            "\\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ERR_SOCKET_TIMEOUT)\\b");

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException notThere) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
