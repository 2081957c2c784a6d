package io.iobind.example;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code target/done.jar} as a user runs it (failsafe, after {@code package}): the shaded jar starts, serves the
 * page, the library and the vendor files out of itself, answers Socket.IO, and stops on SIGTERM.
 */
class DoneJarIT {

    @TempDir
    Path dataDir;

    @Test
    void theJarServesEverythingThePageLoads() throws Exception {
        try (DoneProcess done = DoneProcess.startJar(Path.of("target", "done.jar"),
                "--port", "0", "--data", dataDir.toString())) {
            URI uri = done.awaitRunning();
            String page = new String(uri.toURL().openStream().readAllBytes(), StandardCharsets.UTF_8);
            List<String> paths = new ArrayList<>(List.of("", "app.js", "style.css", "vendor/backbone/backbone-min.js",
                    "vendor/underscore/underscore-umd-min.js", "socket.io/socket.io.min.js",
                    "socket.io/?EIO=4&transport=polling"));
            // The library, from the webjar inside the jar.
            List<String> library = Main.webjarScripts(page);
            assertThat(library).hasSize(2);
            library.forEach(script -> paths.add(script.substring(1)));
            for (String path : paths) {
                HttpURLConnection connection = (HttpURLConnection) uri.resolve(path).toURL().openConnection();
                try (InputStream body = connection.getInputStream()) {
                    assertThat(connection.getResponseCode()).as("/" + path).isEqualTo(200);
                    assertThat(body.readAllBytes()).as("/" + path).isNotEmpty();
                }
            }
            try (TodoClient client = TodoClient.connect(uri)) {
                assertThat(client.create("from the jar").getString("title")).isEqualTo("from the jar");
            }
            done.process.toHandle().destroy();
            assertThat(done.awaitExit()).isEqualTo(143);
            assertThat(done.finalOutput()).contains("stopped").doesNotContain("Exception");
        }
    }
}
