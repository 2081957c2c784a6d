package io.iobind.example;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Main} as a process: it serves the page, stops gracefully on Ctrl-C, and says why it cannot start. */
class MainProcessTest {

    @TempDir
    Path dataDir;

    @Test
    void servesThePageAndStopsGracefullyOnSigterm() throws Exception {
        try (DoneProcess done = DoneProcess.start("--port", "0", "--data", dataDir.toString())) {
            URI uri = done.awaitRunning();
            try (TodoClient client = TodoClient.connect(uri)) {
                client.create("kept");
            }
            String page = new String(uri.toURL().openStream().readAllBytes());
            assertThat(page).contains("<title>Done.</title>", "vendor/backbone/backbone-min.js",
                    "/webjars/backbone.iobind/");
            // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook runs. (Through the handle: Process.destroy() would also
            // close our end of the child's output, and lose what the hook prints.)
            done.process.toHandle().destroy();
            assertThat(done.awaitExit()).as("exit status after SIGTERM").isEqualTo(143);
            assertThat(done.finalOutput()).contains("iobind server on port " + uri.getPort() + " stopped")
                    .doesNotContain("Exception").doesNotContain("while stopping");
        }
        try (DoneTestServer server = DoneTestServer.start(dataDir, 0);
             TodoClient client = TodoClient.connect(server.uri())) {
            assertThat(client.titles()).containsExactly("kept");
        }
    }

    @Test
    void aDataDirectoryInUseByAnotherServerFailsWithOneLine() throws Exception {
        try (DoneProcess first = DoneProcess.start("--port", "0", "--data", dataDir.toString())) {
            first.awaitRunning();
            try (DoneProcess second = DoneProcess.start("--port", "0", "--data", dataDir.toString())) {
                assertThat(second.awaitExit()).isEqualTo(1);
                assertThat(second.finalOutput()).endsWith("done: the data directory "
                        + dataDir.toAbsolutePath().normalize() + " is in use by another server (an H2 file database"
                        + " opens in one process at a time): stop it or pick another with --data\n");
            }
        }
    }
}
