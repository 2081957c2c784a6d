package io.iobind.server;

import io.iobind.server.demo.InMemoryTodos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Node's real socket.io-client 4 (the version pinned in src/test/node/package-lock.json) against this server.
 * Needs node and npm on PATH; without them the test is skipped with a message saying so.
 */
class NodeClientConformanceTest {

    private static final Path SOURCES = Path.of("src", "test", "node");
    private static final Path WORK = Path.of("target", "node-conformance");

    private IobindServer server;

    @BeforeEach
    void start() throws Exception {
        // Recovery on: the CRUD run then also shows that the offsets it adds to every event disturb no client.
        server = IobindServer.builder().port(0).connectionStateRecovery(java.time.Duration.ofMinutes(2)).build();
        new InMemoryTodos().register(server);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void nodeSocketIoClientDoesAckedCrudAndReceivesPushes() throws Exception {
        String output = runNode("conformance.js", server.uri().toString());
        assertThat(output).as("node output").contains("CONFORMANCE OK");
    }

    @Test
    void nodeSocketIoClientRecoversItsSessionOverWebSocket() throws Exception {
        String output = runNode("recovery.js", server.uri().toString(), "websocket");
        assertThat(output).as("node output").contains("RECOVERY OK");
    }

    @Test
    void nodeSocketIoClientRecoversItsSessionOverPolling() throws Exception {
        String output = runNode("recovery.js", server.uri().toString(), "polling");
        assertThat(output).as("node output").contains("RECOVERY OK");
    }

    /** Runs one of the scripts in src/test/node with Node and returns its output once it exited with 0. */
    private String runNode(String script, String... arguments) throws Exception {
        boolean nodePresent = runs("node", "--version") && runs("npm", "--version");
        String skipped = "SKIPPED: node and npm are not on PATH, so the conformance run with Node's "
                + "socket.io-client 4 did not happen (install Node.js to run it)";
        if (!nodePresent) {
            System.out.println("[NodeClientConformanceTest] " + skipped);
        }
        assumeTrue(nodePresent, skipped);
        installClient();
        Path log = WORK.resolve(script + "-" + String.join("-", arguments).replaceAll("[^A-Za-z0-9]+", "_") + ".log");
        List<String> command = new java.util.ArrayList<>(List.of("node", WORK.resolve(script).toString()));
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
    private static void installClient() throws Exception {
        Files.createDirectories(WORK);
        Path lock = SOURCES.resolve("package-lock.json");
        Path installedLock = WORK.resolve("node_modules").resolve(".iobind-installed-lock.json");
        for (String file : List.of("package.json", "package-lock.json", "checks.js", "conformance.js", "recovery.js")) {
            Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
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
            String skipped = "SKIPPED: node is present but npm ci could not reach a registry, so the conformance run "
                    + "with Node's socket.io-client 4 did not happen; npm said:\n" + output.strip();
            System.out.println("[NodeClientConformanceTest] " + skipped);
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
        } catch (IOException | InterruptedException notThere) {
            return false;
        }
    }
}
