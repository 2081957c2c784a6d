package io.iobind.server.transport;

import io.iobind.server.LoopbackHttp;
import io.iobind.server.CapturedLog;
import io.iobind.server.IobindServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Webjars of the class path at {@code /webjars/}: files of jars and folders are served with their type, an ETag and a
 * cache policy for their versioned URL; folders, hidden files and everything else of the class path are not.
 */
class WebjarServletTest {

    private static final String SCRIPT = "/*! demo 1.2.3 */ window.demo = 1;\n";
    private static final LoopbackHttp HTTP = new LoopbackHttp();

    @TempDir
    static Path temp;
    private static URLClassLoader classPath;
    private static IobindServer server;

    @BeforeAll
    static void start() throws Exception {
        // A webjar with folder entries, as Maven's jar plugin makes them.
        Path withFolders = temp.resolve("demo.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(withFolders))) {
            for (String folder : new String[]{"META-INF/", "META-INF/resources/", "META-INF/resources/webjars/",
                    "META-INF/resources/webjars/demo/", "META-INF/resources/webjars/demo/1.2.3/",
                    "META-INF/resources/webjars/demo/1.2.3/css/", "META-INF/resources/webjars/demo/2.0.0-SNAPSHOT/"}) {
                add(out, folder, null);
            }
            add(out, "META-INF/resources/webjars/demo/1.2.3/demo.min.js", SCRIPT);
            add(out, "META-INF/resources/webjars/demo/1.2.3/demo.min.js.map", "{\"version\":3}");
            add(out, "META-INF/resources/webjars/demo/1.2.3/css/demo.css", "body{}");
            add(out, "META-INF/resources/webjars/demo/1.2.3/logo.svg", "<svg/>");
            add(out, "META-INF/resources/webjars/demo/1.2.3/LICENSE", "MIT");
            add(out, "META-INF/resources/webjars/demo/1.2.3/.npmrc", "TOP-SECRET");
            add(out, "META-INF/resources/webjars/demo/2.0.0-SNAPSHOT/demo.js", "/* snapshot */");
            add(out, "META-INF/resources/secret.txt", "TOP-SECRET");
            add(out, "META-INF/MANIFEST.MF", "TOP-SECRET");
            add(out, "io/example/Secret.class", "TOP-SECRET");
        }
        // One without folder entries (zip tools, some shading setups).
        Path withoutFolders = temp.resolve("bare.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(withoutFolders))) {
            add(out, "META-INF/resources/webjars/bare/1.0.0/sub/bare.js", "/* bare */");
        }
        // A folder of the class path, as target/classes is in a build.
        Path classes = temp.resolve("classes");
        Path folderWebjar = Files.createDirectories(classes.resolve("META-INF/resources/webjars/folder/0.1.0-SNAPSHOT/sub"));
        Files.writeString(folderWebjar.resolve("folder.js"), "/* from a folder */");
        Files.writeString(classes.resolve("secret.txt"), "TOP-SECRET");
        Files.writeString(classes.resolve("META-INF/resources/webjars/folder/0.1.0-SNAPSHOT/.hidden.js"), "TOP-SECRET");

        classPath = new URLClassLoader(new URL[]{withFolders.toUri().toURL(), withoutFolders.toUri().toURL(),
                classes.toUri().toURL()}, WebjarServletTest.class.getClassLoader());
        server = startWith(classPath, IobindServer.builder().port(0));
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        classPath.close();
    }

    @Test
    void aFileOfAJarIsServedWithItsTypeAnETagAndAYearOfCachingForARelease() throws Exception {
        HttpResponse<byte[]> response = get("/webjars/demo/1.2.3/demo.min.js", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(SCRIPT);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type.replace(" ", "")).isEqualToIgnoringCase("application/javascript;charset=utf-8"));
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(SCRIPT.length());
        assertThat(response.headers().firstValue("ETag")).hasValueSatisfying(etag -> assertThat(etag).matches("\"[0-9a-f]{16}\""));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void eachKindOfFileGetsItsContentType() throws Exception {
        Map<String, String> expected = Map.of(
                "/webjars/demo/1.2.3/demo.min.js.map", "application/json;charset=utf-8",
                "/webjars/demo/1.2.3/css/demo.css", "text/css;charset=utf-8",
                "/webjars/demo/1.2.3/logo.svg", "image/svg+xml",
                "/webjars/demo/1.2.3/LICENSE", "application/octet-stream");
        for (Map.Entry<String, String> file : expected.entrySet()) {
            HttpResponse<byte[]> response = get(file.getKey(), Map.of());
            assertThat(response.statusCode()).as(file.getKey()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(file.getKey())
                    .hasValueSatisfying(type -> assertThat(type.replace(" ", "")).isEqualToIgnoringCase(file.getValue()));
        }
    }

    @Test
    void aSnapshotIsRevalidatedOnEveryUse() throws Exception {
        for (String path : new String[]{"/webjars/demo/2.0.0-SNAPSHOT/demo.js", "/webjars/folder/0.1.0-SNAPSHOT/sub/folder.js"}) {
            HttpResponse<byte[]> response = get(path, Map.of());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("Cache-Control")).as(path).hasValue("no-cache");
        }
    }

    @Test
    void aKnownEtagGets304WithoutBody() throws Exception {
        HttpResponse<byte[]> first = get("/webjars/demo/1.2.3/demo.min.js", Map.of());
        String etag = first.headers().firstValue("ETag").orElseThrow();

        for (String ifNoneMatch : new String[]{etag, "W/" + etag, "\"other\", " + etag}) {
            HttpResponse<byte[]> again = get("/webjars/demo/1.2.3/demo.min.js", Map.of("If-None-Match", ifNoneMatch));
            assertThat(again.statusCode()).as("If-None-Match: %s", ifNoneMatch).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(again.headers().firstValue("ETag")).hasValue(etag);
            assertThat(again.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        }
        HttpResponse<byte[]> other = get("/webjars/demo/1.2.3/demo.min.js", Map.of("If-None-Match", "\"0123456789abcdef\""));
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isEqualTo(first.body());
        assertThat(get("/webjars/demo/1.2.3/demo.min.js.map", Map.of()).headers().firstValue("ETag")).isNotEqualTo(Optional.of(etag));
    }

    @Test
    void aFileOfAClassPathFolderIsReadAgainOnEveryRequest() throws Exception {
        Path file = temp.resolve("classes/META-INF/resources/webjars/folder/0.1.0-SNAPSHOT/sub/folder.js");
        HttpResponse<byte[]> before = get("/webjars/folder/0.1.0-SNAPSHOT/sub/folder.js", Map.of());
        Files.writeString(file, "/* rebuilt */");
        try {
            HttpResponse<byte[]> after = get("/webjars/folder/0.1.0-SNAPSHOT/sub/folder.js",
                    Map.of("If-None-Match", before.headers().firstValue("ETag").orElseThrow()));
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(new String(after.body(), StandardCharsets.UTF_8)).isEqualTo("/* rebuilt */");
        } finally {
            Files.writeString(file, "/* from a folder */");
        }
    }

    @Test
    void headAnswersTheHeadersOfGetWithoutBody() throws Exception {
        HttpResponse<byte[]> get = get("/webjars/bare/1.0.0/sub/bare.js", Map.of());
        HttpResponse<byte[]> head = HTTP.send(HttpRequest.newBuilder(URI.create(server.uri() + "webjars/bare/1.0.0/sub/bare.js"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        for (String header : new String[]{"Content-Type", "Content-Length", "ETag", "Cache-Control"}) {
            assertThat(head.headers().firstValue(header)).as(header).isPresent().isEqualTo(get.headers().firstValue(header));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/webjars/demo/1.2.3/missing.js", "/webjars/nothing/1.0.0/nothing.js",
            "/webjars/demo/9.9.9/demo.min.js", "/webjars/demo.min.js", "/webjars/demo/demo.min.js"})
    void aMissingFileIs404(String path) throws Exception {
        assertThat(get(path, Map.of()).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/webjars", "/webjars/", "/webjars/demo", "/webjars/demo/", "/webjars/demo/1.2.3",
            "/webjars/demo/1.2.3/", "/webjars/demo/1.2.3/css", "/webjars/demo/1.2.3/css/", "/webjars/bare/1.0.0/sub",
            "/webjars/bare/1.0.0/sub/", "/webjars/folder/0.1.0-SNAPSHOT/sub", "/webjars/folder/0.1.0-SNAPSHOT/sub/"})
    void foldersAreNotListed(String path) throws Exception {
        String response = RawHttp.get(server, path);
        assertThat(response).startsWith("HTTP/1.1 404").doesNotContain("demo.min.js").doesNotContain("demo.css")
                .doesNotContain("bare.js").doesNotContain("folder.js");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/webjars/demo/1.2.3/.npmrc", "/webjars/folder/0.1.0-SNAPSHOT/.hidden.js",
            "/webjars/demo/1.2.3/%2enpmrc"})
    void hiddenFilesAreNotServed(String path) throws Exception {
        assertThat(RawHttp.get(server, path)).doesNotStartWith("HTTP/1.1 200").doesNotContain("TOP-SECRET");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/webjars/../secret.txt", "/webjars/demo/1.2.3/../../../secret.txt",
            "/webjars/demo/1.2.3/..%2f..%2f..%2fsecret.txt", "/webjars/%2e%2e/secret.txt",
            "/webjars/demo/1.2.3/%2e%2e/%2e%2e/%2e%2e/secret.txt", "/webjars/demo/1.2.3/..%5c..%5c..%5csecret.txt",
            "/webjars/demo/1.2.3/..\\..\\..\\secret.txt", "/webjars/demo/1.2.3/%252e%252e/%252e%252e/%252e%252e/secret.txt",
            "/webjars/demo//1.2.3//..//..//..//secret.txt", "/webjars/demo/1.2.3/.%2e/.%2e/.%2e/secret.txt",
            "/webjars/demo/1.2.3/../../../../MANIFEST.MF", "/webjars/demo/1.2.3/../../../../../io/example/Secret.class",
            "/webjars/folder/0.1.0-SNAPSHOT/../../../../../secret.txt", "/webjars/demo/1.2.3/file:/etc/passwd",
            "/webjars/demo/1.2.3/%00/../../../secret.txt"})
    void nothingElseOfTheClassPathIsReachable(String path) throws Exception {
        assertThat(RawHttp.get(server, path)).doesNotStartWith("HTTP/1.1 200").doesNotContain("TOP-SECRET");
    }

    @Test
    void resourceNamesNeedANameAVersionAndAFile() {
        assertThat(WebjarServlet.resourceName("/demo/1.2.3/demo.min.js")).isEqualTo("demo/1.2.3/demo.min.js");
        assertThat(WebjarServlet.resourceName("/demo/1.2.3/css/demo.css")).isEqualTo("demo/1.2.3/css/demo.css");
        for (String refused : new String[]{null, "", "/", "demo/1.2.3/a.js", "/demo/1.2.3", "/demo/1.2.3/",
                "/demo//a.js", "/demo/1.2.3/../a.js", "/demo/1.2.3/./a.js", "/demo/1.2.3/.a.js", "/demo/1.2.3/a\\b.js",
                "/demo/1.2.3/c:a.js", "/demo/1.2.3/a\u0000.js"}) {
            assertThat(WebjarServlet.resourceName(refused)).as("%s", refused).isNull();
        }
    }

    @Test
    void turnedOffWebjarsPathsAreLeftToTheStaticRoots() throws Exception {
        Path page = Files.createDirectories(temp.resolve("page/webjars/demo/1.2.3"));
        Files.writeString(page.resolve("demo.min.js"), "/* the page's own copy */");
        IobindServer off = startWith(classPath, IobindServer.builder().port(0).webjars(false)
                .staticRoot("/", temp.resolve("page")));
        try {
            HttpResponse<byte[]> response = get(off, "/webjars/demo/1.2.3/demo.min.js", Map.of());
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("/* the page's own copy */");
            assertThat(get(off, "/webjars/demo/2.0.0-SNAPSHOT/demo.js", Map.of()).statusCode()).isEqualTo(404);
        } finally {
            off.stop();
        }
    }

    @Test
    void aStaticRootAtTheWebjarsPathIsRefusedWhileWebjarsAreServed() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("own-webjars"));
        assertThatThrownBy(() -> IobindServer.builder().staticRoot("/webjars", folder).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a static root at /webjars hides the webjars");
        IobindServer.builder().webjars(false).staticRoot("/webjars", folder).build();
    }

    @Test
    void servingWebjarsLogsNothing() throws Exception {
        try (CapturedLog log = CapturedLog.start("org.eclipse.jetty")) {
            IobindServer another = startWith(classPath, IobindServer.builder().port(0));
            try {
                assertThat(get(another, "/webjars/demo/1.2.3/demo.min.js", Map.of()).statusCode()).isEqualTo(200);
                assertThat(get(another, "/webjars/demo/1.2.3/", Map.of()).statusCode()).isEqualTo(404);
                assertThat(RawHttp.get(another, "/webjars/%2e%2e/secret.txt")).doesNotStartWith("HTTP/1.1 200");
            } finally {
                another.stop();
            }
            assertThat(log.lines()).noneMatch(line -> line.contains("WARN") || line.contains("Exception"));
        }
    }

    /** Starts a server whose starting thread has {@code classLoader} as its context class loader (its class path). */
    private static IobindServer startWith(ClassLoader classLoader, IobindServer.Builder builder) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        try {
            return builder.build().start();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static HttpResponse<byte[]> get(String path, Map<String, String> headers) throws Exception {
        return get(server, path, headers);
    }

    private static HttpResponse<byte[]> get(IobindServer target, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.uri() + path.substring(1)));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void add(JarOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        if (content != null) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        out.closeEntry();
    }
}
