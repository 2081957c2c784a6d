package io.iobind.server.transport;

import io.iobind.server.LoopbackHttp;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iobind.server.IobindServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The socket.io-client browser bundle at {@code <socketIoPath>socket.io(.min).js(.map)}, as Node's serveClient. */
class ClientBundleServletTest {

    /**
     * The version iobind-server/package-lock.json pins, and the SHA-256 of its files, taken from that version's
     * tarball after checking the tarball's SHA-512 against the lockfile's integrity
     * ({@code npm pack socket.io-client@4.8.1}, then {@code sha256sum package/dist/*}). When the pin moves, these move
     * with it: {@link #thePinnedVersionIsTheOneTheseHashesAreFor()} says so.
     */
    private static final String VERSION = "4.8.1";
    private static final Map<String, String> SHA_256 = Map.of(
            "socket.io.js", "238040837b5172381b31d5721c7ff8993bdb761be29547b503e3a9b4e14c0f13",
            "socket.io.js.map", "0656a912d96fe36d2aecb18e9b9bc678918468b61c21e8d5ae9661ee68b273e1",
            "socket.io.min.js", "b0e735814f8dcfecd6cdb8a7ce95a297a7e1e5f2727a29e6f5901801d52fa0c5",
            "socket.io.min.js.map", "4a708dc26393eb54c528a717bb2673f7dac47abf578dbf6b3b5e8ed96217d520");

    private static final LoopbackHttp HTTP = new LoopbackHttp();
    private static IobindServer server;

    @BeforeAll
    static void start() throws Exception {
        server = IobindServer.builder().port(0).build().start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void thePinnedVersionIsTheOneTheseHashesAreFor() throws IOException {
        assertThat(lockedClientVersion(Path.of("package-lock.json")))
                .as("socket.io-client in iobind-server/package-lock.json; update VERSION and SHA_256 here with it")
                .isEqualTo(VERSION);
        assertThat(lockedClientVersion(Path.of("..", "js-src", "package-lock.json")))
                .as("the server serves the client js-src is tested with (the protocol the server speaks)")
                .isEqualTo(VERSION);
        assertThat(lockedClientVersion(Path.of("src", "test", "node", "package-lock.json")))
                .as("the Node client of NodeClientConformanceTest")
                .isEqualTo(VERSION);
        assertThat(ClientBundleServlet.clientVersion()).isEqualTo(VERSION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"socket.io.js", "socket.io.js.map", "socket.io.min.js", "socket.io.min.js.map"})
    void servesTheFilesOfThePinnedTarball(String name) throws Exception {
        HttpResponse<byte[]> response = get("/socket.io/" + name, Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(response.body())))
                .as("SHA-256 of %s", name).isEqualTo(SHA_256.get(name));
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type.replace(" ", ""))
                .isEqualToIgnoringCase(name.endsWith(".map") ? "application/json;charset=utf-8" : "application/javascript;charset=utf-8"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=0");
        assertThat(response.headers().firstValue("ETag")).hasValueSatisfying(etag -> assertThat(etag).startsWith("\"" + VERSION + "-").endsWith("\""));
    }

    @Test
    void theMinifiedBundlePointsAtItsMap() throws Exception {
        String script = new String(get("/socket.io/socket.io.min.js", Map.of()).body(), StandardCharsets.UTF_8);

        assertThat(script).startsWith("/*!\n * Socket.IO v" + VERSION).endsWith("//# sourceMappingURL=socket.io.min.js.map\n");
    }

    @Test
    void aKnownEtagGets304WithoutBody() throws Exception {
        HttpResponse<byte[]> first = get("/socket.io/socket.io.min.js", Map.of());
        String etag = first.headers().firstValue("ETag").orElseThrow();

        for (String ifNoneMatch : new String[]{etag, "W/" + etag, "\"other\", " + etag, "*"}) {
            HttpResponse<byte[]> again = get("/socket.io/socket.io.min.js", Map.of("If-None-Match", ifNoneMatch));
            assertThat(again.statusCode()).as("If-None-Match: %s", ifNoneMatch).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(again.headers().firstValue("ETag")).hasValue(etag);
            assertThat(again.headers().firstValue("Cache-Control")).hasValue("public, max-age=0");
        }
        HttpResponse<byte[]> stale = get("/socket.io/socket.io.min.js", Map.of("If-None-Match", "\"" + VERSION + "\""));
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(first.body());
    }

    @Test
    void eachFileHasItsOwnEtag() throws Exception {
        assertThat(get("/socket.io/socket.io.js", Map.of()).headers().firstValue("ETag"))
                .isNotEqualTo(get("/socket.io/socket.io.min.js", Map.of()).headers().firstValue("ETag"));
    }

    @Test
    void headAnswersTheHeadersOfGetWithoutBody() throws Exception {
        HttpResponse<byte[]> get = get("/socket.io/socket.io.js", Map.of());
        HttpResponse<byte[]> head = HTTP.send(HttpRequest.newBuilder(server.uri().resolve("/socket.io/socket.io.js"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        for (String header : new String[]{"Content-Type", "Content-Length", "ETag", "Cache-Control"}) {
            assertThat(head.headers().firstValue(header)).as(header).isPresent().isEqualTo(get.headers().firstValue(header));
        }
    }

    @Test
    void otherMethodsAreNotAllowed() throws Exception {
        HttpResponse<byte[]> post = HTTP.send(HttpRequest.newBuilder(server.uri().resolve("/socket.io/socket.io.js"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void theSocketIoEndpointStillAnswersBesideIt() throws Exception {
        HttpResponse<byte[]> handshake = get("/socket.io/?EIO=4&transport=polling", Map.of());

        assertThat(handshake.statusCode()).isEqualTo(200);
        assertThat(new String(handshake.body(), StandardCharsets.UTF_8)).startsWith("0{\"sid\":");
        assertThat(get("/socket.io/socket.io.esm.min.js", Map.of()).statusCode())
                .as("a file not served is an Engine.IO request").isEqualTo(400);
    }

    @Test
    void theFilesFollowACustomSocketIoPath() throws Exception {
        try (IobindServer custom = IobindServer.builder().port(0).socketIoPath("/realtime").build().start()) {
            HttpResponse<byte[]> moved = get(custom, "/realtime/socket.io.min.js", Map.of());
            assertThat(moved.statusCode()).isEqualTo(200);
            assertThat(moved.body()).isEqualTo(get("/socket.io/socket.io.min.js", Map.of()).body());
            assertThat(get(custom, "/socket.io/socket.io.min.js", Map.of()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void turnedOffThePathsAreEngineIoRequestsLikeAnyOther() throws Exception {
        try (IobindServer off = IobindServer.builder().port(0).serveClient(false).build().start()) {
            for (String name : SHA_256.keySet()) {
                HttpResponse<byte[]> response = get(off, "/socket.io/" + name, Map.of());
                assertThat(response.statusCode()).as(name).isEqualTo(400);
                assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("Socket.IO v");
            }
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

    private static String lockedClientVersion(Path lockFile) throws IOException {
        return new ObjectMapper().readTree(lockFile.toFile()).path("packages").path("node_modules/socket.io-client")
                .path("version").asText();
    }
}
