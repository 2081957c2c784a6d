package io.iobind.server.transport;

import io.iobind.server.CapturedLog;
import io.iobind.server.IobindServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Static roots: files are served, directories are not listed, nothing outside a root can be reached. */
class StaticRootsTest {

    @TempDir
    static Path temp;
    private static IobindServer server;

    @BeforeAll
    static void start() throws Exception {
        Path page = Files.createDirectories(temp.resolve("page"));
        Files.writeString(page.resolve("index.html"), "<h1>page</h1>");
        Files.createDirectories(page.resolve("css"));
        Files.writeString(page.resolve("css/app.css"), "body{}");
        Path dist = Files.createDirectories(temp.resolve("dist"));
        Files.writeString(dist.resolve("backbone.iosync.js"), "/* iosync */");
        Files.writeString(temp.resolve("secret.txt"), "TOP-SECRET");
        server = IobindServer.builder().port(0).staticRoot("/", page).staticRoot("/dist", dist).build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void filesAreServedFromEachRoot() throws Exception {
        assertThat(rawGet("/index.html")).startsWith("HTTP/1.1 200").contains("<h1>page</h1>");
        assertThat(rawGet("/")).startsWith("HTTP/1.1 200").contains("<h1>page</h1>");
        assertThat(rawGet("/css/app.css")).startsWith("HTTP/1.1 200").contains("body{}");
        assertThat(rawGet("/dist/backbone.iosync.js")).startsWith("HTTP/1.1 200").contains("/* iosync */");
    }

    @Test
    void directoriesAreNotListed() throws Exception {
        assertThat(rawGet("/css/")).doesNotStartWith("HTTP/1.1 200").doesNotContain("app.css");
        assertThat(rawGet("/dist/")).doesNotStartWith("HTTP/1.1 200").doesNotContain("backbone.iosync.js");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../secret.txt", "/dist/../../secret.txt", "/dist/..%2f..%2fsecret.txt",
            "/%2e%2e/secret.txt", "/dist/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt", "/dist/..\\..\\secret.txt",
            "/dist/%252e%252e/secret.txt", "/dist//..//..//secret.txt", "/dist/.%2e/.%2e/secret.txt"})
    void nothingOutsideTheRootsIsReachable(String path) throws Exception {
        String response = rawGet(path);
        assertThat(response).doesNotStartWith("HTTP/1.1 200").doesNotContain("TOP-SECRET");
    }

    @Test
    void mountingRootsLogsNoJettyWarnings() throws Exception {
        IobindServer another = IobindServer.builder().port(0).staticRoot("/", temp.resolve("page"))
                .staticRoot("/dist", temp.resolve("dist")).build();
        try (CapturedLog log = CapturedLog.start()) {
            try {
                another.start();
                // Jetty initialises a static servlet (and logs its complaints) on its first request.
                assertThat(RawHttp.get(another, "/dist/backbone.iosync.js")).startsWith("HTTP/1.1 200");
                assertThat(RawHttp.get(another, "/index.html")).startsWith("HTTP/1.1 200");
            } finally {
                another.stop();
            }
            assertThat(String.join("\n", log.lines()))
                    .doesNotContain("DefaultServlet").doesNotContain("ResourceServlet").doesNotContain("WARN");
        }
    }

    private static String rawGet(String path) throws IOException {
        return RawHttp.get(server, path);
    }
}
