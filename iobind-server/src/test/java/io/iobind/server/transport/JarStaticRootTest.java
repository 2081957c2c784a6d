package io.iobind.server.transport;

import io.iobind.server.IobindServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A static root inside a jar (how an application serves the page it ships in its own runnable jar): files are
 * served in place, folders are not listed, and the rest of the jar cannot be reached.
 */
class JarStaticRootTest {

    @TempDir
    static Path temp;
    private static Path jar;
    private static IobindServer server;

    @BeforeAll
    static void start() throws Exception {
        jar = temp.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            add(out, "webapp/", null);
            add(out, "webapp/index.html", "<h1>from the jar</h1>");
            add(out, "webapp/css/", null);
            add(out, "webapp/css/app.css", "body{}");
            add(out, "secret.txt", "TOP-SECRET");
            add(out, "io/example/Secret.class", "TOP-SECRET");
        }
        server = IobindServer.builder().port(0).staticRoot("/", jarFolder("webapp/")).build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void filesAreServedFromTheJar() throws Exception {
        assertThat(rawGet("/")).startsWith("HTTP/1.1 200").contains("<h1>from the jar</h1>");
        assertThat(rawGet("/index.html")).startsWith("HTTP/1.1 200").contains("<h1>from the jar</h1>");
        assertThat(rawGet("/css/app.css")).startsWith("HTTP/1.1 200").contains("body{}");
        assertThat(rawGet("/missing.js")).startsWith("HTTP/1.1 404");
    }

    @Test
    void foldersAreNotListed() throws Exception {
        assertThat(rawGet("/css/")).doesNotStartWith("HTTP/1.1 200").doesNotContain("app.css");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt", "/css/../../secret.txt",
            "/../io/example/Secret.class", "/%252e%252e/secret.txt", "/..%5csecret.txt", "/.%2e/secret.txt"})
    void nothingElseInTheJarIsReachable(String path) throws Exception {
        assertThat(rawGet(path)).doesNotStartWith("HTTP/1.1 200").doesNotContain("TOP-SECRET");
    }

    @Test
    void aFolderWithoutTheTrailingSlashIsTheSameRoot() throws Exception {
        IobindServer another = IobindServer.builder().port(0).staticRoot("/app", jarFolder("webapp")).build();
        try {
            another.start();
            assertThat(RawHttp.get(another, "/app/index.html")).startsWith("HTTP/1.1 200").contains("from the jar");
        } finally {
            another.stop();
        }
    }

    @Test
    void aMissingFolderOrAnotherSchemeIsRefusedWhenConfigured() {
        assertThatThrownBy(() -> IobindServer.builder().staticRoot("/", jarFolder("nothing-here/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("static root for / is not a folder");
        assertThatThrownBy(() -> IobindServer.builder().staticRoot("/", jarFolder("webapp/index.html")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a folder");
        assertThatThrownBy(() -> IobindServer.builder().staticRoot("/", URI.create("http://example.invalid/web/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a file: or jar: URI");
    }

    @Test
    void aFileUriIsADirectoryRoot() throws Exception {
        Path page = Files.createDirectories(temp.resolve("page"));
        Files.writeString(page.resolve("index.html"), "<h1>from a folder</h1>");
        IobindServer another = IobindServer.builder().port(0).staticRoot("/", page.toUri()).build();
        try {
            another.start();
            assertThat(RawHttp.get(another, "/index.html")).startsWith("HTTP/1.1 200").contains("from a folder");
        } finally {
            another.stop();
        }
    }

    private static URI jarFolder(String folder) {
        return URI.create("jar:" + jar.toUri() + "!/" + folder);
    }

    private static void add(JarOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        if (content != null) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        out.closeEntry();
    }

    private static String rawGet(String path) throws IOException {
        return RawHttp.get(server, path);
    }
}
