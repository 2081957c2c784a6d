package io.iobind.server.transport;

import io.iobind.server.LoopbackHttp;
import io.iobind.server.CapturedLog;
import io.iobind.server.IobindServer;
import io.iobind.server.JavaClient;
import io.iobind.server.RawWebSocket;
import io.iobind.server.TodoBackend;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.iobind.server.JavaClient.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Origins, limits and malformed input at the transport level. */
class TransportSecurityTest {

    private static final String EVIL = "http://evil.example";
    private static final String FRIEND = "http://app.example:8080";
    private static final int MAX_MESSAGE = 64 * 1024;

    private static IobindServer closed;
    private static IobindServer open;
    private static TodoBackend backend;
    private static WebSocketClient webSockets;
    private static LoopbackHttp http;

    @BeforeAll
    static void start() throws Exception {
        closed = IobindServer.builder().port(0).maxMessageBytes(MAX_MESSAGE).build();
        backend = new TodoBackend();
        backend.register(closed);
        closed.start();
        open = IobindServer.builder().port(0).allowedOrigins(FRIEND).build();
        new TodoBackend().register(open);
        open.start();
        webSockets = new WebSocketClient();
        webSockets.start();
        http = new LoopbackHttp();
    }

    @AfterAll
    static void stop() throws Exception {
        webSockets.stop();
        http.close();
        closed.stop();
        open.stop();
    }

    private static URI polling(IobindServer server, String extraQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + "/socket.io/?EIO=4&transport=polling" + extraQuery);
    }

    private static HttpResponse<String> get(URI uri, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(TIMEOUT_SECONDS));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(URI uri, String origin, HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
                .header("Content-Type", "text/plain;charset=UTF-8").POST(body);
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String handshakeSid(IobindServer server) throws Exception {
        HttpResponse<String> open = get(polling(server, ""), null);
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).startsWith("0{");
        return new JSONObject(open.body().substring(1)).getString("sid");
    }

    @Test
    void crossOriginPollingIsRefusedByDefault() throws Exception {
        try (CapturedLog log = CapturedLog.start()) {
            HttpResponse<String> refused = get(polling(closed, ""), EVIL);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            log.awaitLine("WARN", "refused GET request from origin " + EVIL);

            String sid = handshakeSid(closed);
            int before = backend.todos.size();
            HttpResponse<String> injected = post(polling(closed, "&sid=" + sid), EVIL,
                    HttpRequest.BodyPublishers.ofString("40"));
            assertThat(injected.statusCode()).isEqualTo(403);
            assertThat(backend.todos).hasSize(before);
            log.awaitLine("WARN", "refused POST request from origin " + EVIL);
        }
    }

    @Test
    void sameOriginPollingWorksWithoutCorsHeaders() throws Exception {
        HttpResponse<String> same = get(polling(closed, ""), "http://127.0.0.1:" + closed.port());
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(same.body()).startsWith("0{\"sid\"");
        assertThat(same.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void anAllowListedOriginGetsCorsHeadersAndPreflights() throws Exception {
        HttpResponse<String> allowed = get(polling(open, ""), FRIEND);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(FRIEND);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");

        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(polling(open, ""))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", FRIEND)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(FRIEND);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");

        try (CapturedLog log = CapturedLog.start()) {
            HttpResponse<String> evilPreflight = http.send(HttpRequest.newBuilder(polling(open, ""))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", EVIL).header("Access-Control-Request-Method", "POST").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(evilPreflight.statusCode()).isEqualTo(403);
            log.awaitLine("WARN", "refused OPTIONS request from origin " + EVIL);
            assertThat(get(polling(open, ""), EVIL).statusCode()).isEqualTo(403);
            log.awaitLine("WARN", "refused GET request from origin " + EVIL);
        }
    }

    @Test
    void crossOriginWebSocketHandshakesAreRefusedWith403() throws Exception {
        try (CapturedLog log = CapturedLog.start()) {
            RawWebSocket hijacker = new RawWebSocket();
            CompletableFuture<?> refused = RawWebSocket.connect(webSockets, hijacker, RawWebSocket.engineIoUri(closed), EVIL);
            assertThatThrownBy(() -> refused.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(UpgradeException.class)
                    .satisfies(cause -> assertThat(((UpgradeException) cause).getResponseStatusCode()).isEqualTo(403));

            RawWebSocket sameOrigin = new RawWebSocket();
            RawWebSocket.connect(webSockets, sameOrigin, RawWebSocket.engineIoUri(closed), "http://127.0.0.1:" + closed.port())
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(sameOrigin.next()).startsWith("0{\"sid\"");
            sameOrigin.close();

            RawWebSocket friend = new RawWebSocket();
            RawWebSocket.connect(webSockets, friend, RawWebSocket.engineIoUri(open), FRIEND).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(friend.next()).startsWith("0{\"sid\"");
            friend.close();

            RawWebSocket stranger = new RawWebSocket();
            CompletableFuture<?> strangerRefused = RawWebSocket.connect(webSockets, stranger, RawWebSocket.engineIoUri(open), EVIL);
            assertThatThrownBy(() -> strangerRefused.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).hasCauseInstanceOf(UpgradeException.class);

            // One line for each refused upgrade (a GET), naming the origin.
            assertThat(log.awaitLines(2, "WARN", "refused GET request from origin " + EVIL)).hasSize(2);
        }
    }

    @Test
    void requestsWithoutQueryStringOrWithUnknownTransportGet400() throws Exception {
        URI bare = URI.create("http://127.0.0.1:" + closed.port() + "/socket.io/");
        HttpResponse<String> noQuery = get(bare, null);
        assertThat(noQuery.statusCode()).isEqualTo(400);
        assertThat(new JSONObject(noQuery.body()).getString("message")).isEqualTo("Transport unknown");
        assertThat(post(bare, null, HttpRequest.BodyPublishers.ofString("40")).statusCode()).isEqualTo(400);

        HttpResponse<String> unknown = get(URI.create("http://127.0.0.1:" + closed.port() + "/socket.io/?EIO=4&transport=carrier-pigeon"), null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        HttpResponse<String> jsonp = get(polling(closed, "&j=1"), null);
        assertThat(jsonp.statusCode()).isEqualTo(400);
        HttpResponse<String> unknownSid = get(polling(closed, "&sid=not-a-session"), null);
        assertThat(unknownSid.statusCode()).isEqualTo(400);
    }

    @Test
    void webSocketUpgradesWithoutQueryStringOrWithAnUnknownSidAreRefused() throws Exception {
        for (String query : new String[] {"", "?EIO=4&transport=polling"}) {
            RawWebSocket socket = new RawWebSocket();
            CompletableFuture<?> refused = RawWebSocket.connect(webSockets, socket,
                    URI.create("ws://127.0.0.1:" + closed.port() + "/socket.io/" + query), null);
            assertThatThrownBy(() -> refused.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                    .cause().isInstanceOf(UpgradeException.class)
                    .satisfies(cause -> assertThat(((UpgradeException) cause).getResponseStatusCode()).isEqualTo(400));
        }
        RawWebSocket unknownSid = new RawWebSocket();
        RawWebSocket.connect(webSockets, unknownSid,
                URI.create("ws://127.0.0.1:" + closed.port() + "/socket.io/?EIO=4&transport=websocket&sid=forged"), null)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(unknownSid.closeStatus.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        assertThat(unknownSid.texts.poll()).isIn(null, RawWebSocket.CLOSED);
    }

    @Test
    void oversizedPollingBodiesGet413() throws Exception {
        try (CapturedLog log = CapturedLog.start()) {
            String sid = handshakeSid(closed);
            String big = "4" + "x".repeat(MAX_MESSAGE + 10);
            HttpResponse<String> declared = post(polling(closed, "&sid=" + sid), null, HttpRequest.BodyPublishers.ofString(big));
            assertThat(declared.statusCode()).isEqualTo(413);

            String sid2 = handshakeSid(closed);
            HttpResponse<String> chunked = post(polling(closed, "&sid=" + sid2), null,
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())));
            assertThat(chunked.statusCode()).isEqualTo(413);

            HttpResponse<String> empty = post(polling(closed, "&sid=" + sid2), null, HttpRequest.BodyPublishers.noBody());
            assertThat(empty.statusCode()).isEqualTo(400);
            assertThat(log.awaitLines(2, "WARN", "refused polling body over " + MAX_MESSAGE + " bytes from 127.0.0.1"))
                    .hasSize(2);
        }
    }

    /**
     * The server answers an over-limit body before the client has sent all of it; the client must still read the
     * 413, never a reset connection. A reset is a race (the server closing with unread bytes), so many rounds.
     */
    @Test
    void everyOverLimitBodyIsAnsweredWith413AndNeverAReset() throws Exception {
        byte[] big = ("4" + "x".repeat(2 * MAX_MESSAGE)).getBytes(StandardCharsets.UTF_8);
        int rounds = 200;
        try (CapturedLog log = CapturedLog.start()) {
            for (int round = 0; round < rounds; round++) {
                HttpResponse<String> declared = post(polling(closed, "&sid=" + handshakeSid(closed)), null,
                        HttpRequest.BodyPublishers.ofByteArray(big));
                assertThat(declared.statusCode()).as("round %d, Content-Length body", round).isEqualTo(413);
                HttpResponse<String> chunked = post(polling(closed, "&sid=" + handshakeSid(closed)), null,
                        HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
                assertThat(chunked.statusCode()).as("round %d, chunked body", round).isEqualTo(413);
                assertThat(chunked.body()).contains("Payload too large (max " + MAX_MESSAGE + " bytes)");
            }
            assertThat(log.lines()).filteredOn(line -> line.contains("refused polling body over " + MAX_MESSAGE + " bytes"))
                    .hasSize(2 * rounds);
        }
    }

    /** A client that waits for {@code 100 Continue} is refused on the header and never sends the body. */
    @Test
    void anOverLimitBodyAnnouncedWithExpectContinueIsRefusedBeforeItIsSent() throws Exception {
        String sid = handshakeSid(closed);
        try (CapturedLog log = CapturedLog.start(); Socket socket = new Socket("127.0.0.1", closed.port())) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            socket.getOutputStream().write(("POST /socket.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + closed.port() + "\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: " + (MAX_MESSAGE + 1) + "\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 413").doesNotContain("100 Continue").contains("Payload too large");
            log.awaitLine("WARN", "refused polling body over " + MAX_MESSAGE + " bytes from 127.0.0.1");
        }
    }

    @Test
    void aWebSocketMessageOverTheLimitClosesWith1009() throws Exception {
        try (CapturedLog log = CapturedLog.start(); RawWebSocket socket = RawWebSocket.connected(webSockets, closed)) {
            socket.send("42[\"todo:create\",{\"title\":\"" + "y".repeat(MAX_MESSAGE) + "\"}]");
            assertThat(socket.closeStatus.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isIn(1009, -1, 1006);
            log.awaitLine("WARN", "closing websocket of 127.0.0.1:", "message over " + MAX_MESSAGE + " bytes");
        }
    }

    /** Each of these must end in a closed connection or be ignored; never a crash or a changed store. */
    @ParameterizedTest
    @ValueSource(strings = {"", "4", "42", "42[", "42[]", "42{\"a\":1}", "42[1,2]", "42[null]", "43", "431[", "4x",
            "41/nowhere,", "40/nowhere,", "45-[\"x\"]", "451-[\"a\",{\"_placeholder\":true,\"num\":9}]", "9", "6", "5",
            "0", "1", "\u0000\u0001", "4\uD800", "42[\"todo:create\"{\"title\":\"a\"}]"})
    void malformedPacketsNeverCrashOrCorrupt(String packet) throws Exception {
        int before = backend.todos.size();
        try (CapturedLog log = CapturedLog.start("io.socket");
             JavaClient bystander = JavaClient.websocket(closed.uri()).connect();
             RawWebSocket socket = RawWebSocket.connected(webSockets, closed)) {
            socket.send(packet);
            // A well-formed call right after: either it is answered, or the connection was closed for the bad one.
            if (socket.isOpen()) {
                try {
                    socket.send("421[\"todos:count\"]");
                } catch (Exception closedMeanwhile) {
                    assertThat(socket.closeStatus.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isNotNull();
                }
            }
            String answer = null;
            while (answer == null && !socket.closeStatus.isDone()) {
                String text = socket.texts.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (text == null || RawWebSocket.CLOSED.equals(text)) {
                    break;
                }
                if (text.startsWith("431[")) {
                    answer = text;
                } else if ("2".equals(text)) {
                    socket.send("3");
                }
            }
            assertThat(answer != null || socket.closeStatus.isDone())
                    .as("packet %s: answered or closed", packet).isTrue();
            if (answer != null) {
                assertThat(answer).startsWith("431[null,{\"count\":");
            }
            assertThat(((JSONObject) bystander.ok("todos:count")).getInt("count")).isEqualTo(before);
            // socket.io-server warns about packets it cannot decode; nothing is logged as an error.
            assertThat(log.lines()).noneMatch(line -> line.contains("ERROR") || line.startsWith("SEVERE"));
        }
        assertThat(backend.todos).hasSize(before);
    }

    @Test
    void binaryGarbageIsSurvived() throws Exception {
        try (CapturedLog log = CapturedLog.start();
             JavaClient bystander = JavaClient.websocket(closed.uri()).connect();
             RawWebSocket socket = RawWebSocket.connected(webSockets, closed)) {
            socket.sendBinary(new byte[] {4, (byte) 0xff, 0, 1, 2});
            try {
                socket.sendBinary(new byte[0]);
            } catch (ExecutionException closedForTheFirstFrame) {
                // The server may close the connection for the first frame before the second is sent.
                assertThat(closedForTheFirstFrame).hasCauseInstanceOf(ClosedChannelException.class);
                assertThat(socket.closeStatus.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isNotNull();
            }
            assertThat(bystander.ok("todos:count")).isNotNull();
            // The first frame is binary data no packet announced: the session is closed for it, and the log says why.
            log.awaitLine("WARN", "sent a malformed Socket.IO packet (a binary message arrived without a packet announcing it)",
                    "closing it");
        }
    }
}
