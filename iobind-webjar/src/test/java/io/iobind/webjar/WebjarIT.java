package io.iobind.webjar;

import io.iobind.server.LoopbackHttp;
import io.iobind.server.IobindServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged webjar (target/iobind-webjar-VERSION.jar): it holds dist/'s six files at the webjars.org path, and an
 * iobind-server with it on its class path serves them at {@code /webjars/backbone.iobind/VERSION/}, byte for byte,
 * with their type and caching headers, and nothing else.
 */
class WebjarIT {

    private static final String NAME = System.getProperty("iobind.package.name");
    private static final String VERSION = System.getProperty("iobind.package.version");
    private static final Path JAR = Path.of(System.getProperty("iobind.webjar.jar"));
    private static final Path DIST = Path.of("..", "dist");
    private static final List<String> FILES = List.of("backbone.iobind.js", "backbone.iobind.min.js",
            "backbone.iobind.min.js.map", "backbone.iosync.js", "backbone.iosync.min.js", "backbone.iosync.min.js.map");
    private static final LoopbackHttp HTTP = new LoopbackHttp();

    private static URLClassLoader classPath;
    private static IobindServer server;

    @BeforeAll
    static void start() throws Exception {
        // slf4j-simple reads its settings (simplelogger.properties) through the context class loader: before it changes.
        LoggerFactory.getILoggerFactory();
        // Only the jar (and the JDK), so what is served can come from nowhere else.
        classPath = new URLClassLoader(new URL[]{JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classPath);
        try {
            server = IobindServer.builder().port(0).build().start();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (classPath != null) {
            classPath.close();
        }
    }

    @Test
    void theJarHoldsTheSixFilesOfDistAtTheWebjarPath() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (JarEntry entry : jar.stream().toList()) {
                if (entry.getName().startsWith("META-INF/resources/") && !entry.isDirectory()) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        files.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
        String folder = "META-INF/resources/webjars/" + NAME + "/" + VERSION + "/";
        assertThat(files.keySet()).containsExactlyElementsOf(FILES.stream().map(name -> folder + name).sorted().toList());
        for (String name : FILES) {
            assertThat(files.get(folder + name)).as(name).isEqualTo(Files.readAllBytes(DIST.resolve(name)));
        }
    }

    @Test
    void aServerWithTheWebjarServesDistByteForByte() throws Exception {
        assertThat(classPath.getResource("META-INF/resources/webjars/" + NAME + "/" + VERSION + "/backbone.iobind.min.js"))
                .as("served from the jar").hasProtocol("jar");
        for (String name : FILES) {
            HttpResponse<byte[]> response = get(url(name), Map.of());
            assertThat(response.statusCode()).as(name).isEqualTo(200);
            assertThat(response.body()).as(name).isEqualTo(Files.readAllBytes(DIST.resolve(name)));
            assertThat(response.headers().firstValue("Content-Type")).as(name).hasValueSatisfying(type ->
                    assertThat(type.replace(" ", "")).isEqualToIgnoringCase(name.endsWith(".map")
                            ? "application/json;charset=utf-8" : "application/javascript;charset=utf-8"));
            assertThat(response.headers().firstValue("Cache-Control")).as(name).hasValue(VERSION.endsWith("-SNAPSHOT")
                    ? "no-cache" : "public, max-age=31536000, immutable");
            assertThat(response.headers().firstValue("ETag")).as(name).isPresent();
        }
    }

    @Test
    void theETagOfAFileGets304() throws Exception {
        String etag = get(url("backbone.iobind.min.js"), Map.of()).headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> again = get(url("backbone.iobind.min.js"), Map.of("If-None-Match", etag));
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get(url("backbone.iosync.min.js"), Map.of("If-None-Match", etag)).statusCode()).isEqualTo(200);
    }

    @Test
    void aMissingFileIs404() throws Exception {
        assertThat(get(url("backbone.iobind.mjs"), Map.of()).statusCode()).isEqualTo(404);
        assertThat(get("/webjars/" + NAME + "/0.0.0/backbone.iobind.min.js", Map.of()).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/backbone.iobind", "/backbone.iobind/", "/backbone.iobind/VERSION",
            "/backbone.iobind/VERSION/"})
    void foldersAre404(String path) throws Exception {
        String response = rawGet("/webjars" + path.replace("VERSION", VERSION));
        assertThat(response).startsWith("HTTP/1.1 404").doesNotContain("backbone.iobind.min.js");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../../../MANIFEST.MF", "/%2e%2e/%2e%2e/%2e%2e/MANIFEST.MF",
            "/..%2f..%2f..%2fMANIFEST.MF", "/../../../maven/io.iobind/iobind-webjar/pom.properties",
            "/.%2e/.%2e/.%2e/maven/io.iobind/iobind-webjar/pom.xml", "/..\\..\\..\\MANIFEST.MF"})
    void nothingElseOfTheJarIsReachable(String path) throws Exception {
        String response = rawGet("/webjars/" + NAME + "/" + VERSION + path);
        assertThat(response).doesNotStartWith("HTTP/1.1 200").doesNotContain("Manifest-Version")
                .doesNotContain("artifactId");
    }

    private static String url(String file) {
        return "/webjars/" + NAME + "/" + VERSION + "/" + file;
    }

    private static HttpResponse<byte[]> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path.substring(1)));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The whole response to a GET sent byte for byte as written, so no client library normalises the path first. */
    private static String rawGet(String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(response);
            return response.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
