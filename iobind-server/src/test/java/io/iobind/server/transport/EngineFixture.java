package io.iobind.server.transport;

import io.iobind.server.LoopbackHttp;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bare {@link EngineServer} behind an {@link EngineServlet} on Jetty at a free port, at {@code /engine.io/}, the
 * way {@code ProtocolSuiteServer eio} serves it, plus the plain-HTTP and WebSocket plumbing the engine tests share.
 * Every session gets a {@link Recorder} as its listener; with {@code echo} it also sends each message back.
 */
final class EngineFixture implements AutoCloseable {

    /** Generous: how long any single wait of a test may last before it fails. */
    static final long TIMEOUT_SECONDS = 20;
    static final int MAX_PAYLOAD = 1_000_000;

    final EngineServer engine;
    private final Server jetty;
    private final int port;
    private final Map<String, Recorder> sessions = new ConcurrentHashMap<>();
    private final LoopbackHttp http = new LoopbackHttp();
    private WebSocketClient webSockets;

    private EngineFixture(EngineOptions options, boolean echo, Consumer<EngineSocket> afterOpen) throws Exception {
        engine = new EngineServer(options, null, socket -> {
            Recorder recorder = new Recorder(socket, echo);
            sessions.put(socket.id(), recorder);
            socket.listener(recorder);
            afterOpen.accept(socket);
        });
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder("engine.io",
                new EngineServlet(engine, new OriginPolicy(List.of(OriginPolicy.ANY)), Duration.ofSeconds(30)));
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/engine.io/*");
        jetty.setHandler(context);
        jetty.start();
        port = connector.getLocalPort();
    }

    /** An echo server whose heartbeat stays out of the way (a minute between pings). */
    static EngineFixture echo() throws Exception {
        return new EngineFixture(options(Duration.ofSeconds(60), Duration.ofSeconds(60)), true, socket -> { });
    }

    static EngineFixture echo(EngineOptions options) throws Exception {
        return new EngineFixture(options, true, socket -> { });
    }

    /** An echo server whose open handler, after the recorder is set, also runs {@code afterOpen}. */
    static EngineFixture echo(Consumer<EngineSocket> afterOpen) throws Exception {
        return new EngineFixture(options(Duration.ofSeconds(60), Duration.ofSeconds(60)), true, afterOpen);
    }

    /** A server that only records what its sessions receive. */
    static EngineFixture recording(EngineOptions options) throws Exception {
        return new EngineFixture(options, false, socket -> { });
    }

    /** These heartbeat settings, the official suite's maxPayload, and caps far out of reach. */
    static EngineOptions options(Duration pingInterval, Duration pingTimeout) {
        return new EngineOptions(pingInterval, pingTimeout, MAX_PAYLOAD, 100_000, 1L << 30);
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        try {
            if (webSockets != null) {
                webSockets.stop();
            }
        } finally {
            http.close();
            engine.close();
            jetty.stop();
        }
    }

    // ---- sessions as the server sees them

    /** The recorder of this session; every session has one before its sid reaches the client. */
    Recorder session(String sid) {
        Recorder recorder = sessions.get(sid);
        assertThat(recorder).as("session %s was opened", sid).isNotNull();
        return recorder;
    }

    List<Recorder> sessions() {
        return List.copyOf(sessions.values());
    }

    /** The listener of one session: what it was sent, and how it ended. */
    static final class Recorder implements EngineSocket.Listener {
        final EngineSocket socket;
        private final boolean echo;
        /** Messages from the client in order: String for text, byte[] for binary. */
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final CountDownLatch upgraded = new CountDownLatch(1);
        /** onClose calls, to check there is exactly one. */
        final BlockingQueue<String> closeReasons = new LinkedBlockingQueue<>();

        Recorder(EngineSocket socket, boolean echo) {
            this.socket = socket;
            this.echo = echo;
        }

        @Override
        public void onMessage(String text) {
            received.add(text);
            if (echo) {
                socket.send(text);
            }
        }

        @Override
        public void onMessage(byte[] data) {
            received.add(data);
            if (echo) {
                socket.send(data);
            }
        }

        @Override
        public void onClose(String reason) {
            closeReasons.add(reason);
            closed.complete(reason);
        }

        @Override
        public void onUpgrade() {
            upgraded.countDown();
        }

        /** The reason the session ended with, waiting for it. */
        String closeReason() throws Exception {
            return closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        Object nextReceived() throws InterruptedException {
            Object message = received.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(message).as("a message reached the server").isNotNull();
            return message;
        }
    }

    // ---- HTTP

    URI uri(String query) {
        return URI.create("http://127.0.0.1:" + port + "/engine.io/?" + query);
    }

    static String pollingQuery(String sid) {
        return "EIO=4&transport=polling" + (sid == null ? "" : "&sid=" + sid);
    }

    HttpResponse<String> get(String query) throws Exception {
        return http.send(request(query).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String query, String body) throws Exception {
        return http.send(request(query).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String query, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return http.send(request(query).method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String query) {
        return HttpRequest.newBuilder(uri(query)).timeout(Duration.ofSeconds(TIMEOUT_SECONDS));
    }

    /** A polling handshake; returns the new sid. */
    String handshake() throws Exception {
        HttpResponse<String> open = get(pollingQuery(null));
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).startsWith("0{\"sid\":\"");
        return sidOf(open.body());
    }

    /** The sid in an OPEN packet. */
    static String sidOf(String openPacket) {
        int start = openPacket.indexOf("\"sid\":\"") + "\"sid\":\"".length();
        return openPacket.substring(start, openPacket.indexOf('"', start));
    }

    HttpResponse<String> poll(String sid) throws Exception {
        return get(pollingQuery(sid));
    }

    /** A poll sent now and answered whenever the server has something for it. */
    CompletableFuture<HttpResponse<String>> pollAsync(String sid) {
        return http.sendAsync(request(pollingQuery(sid)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> push(String sid, String payload) throws Exception {
        return post(pollingQuery(sid), payload);
    }

    /** Waits until the server holds this many polls open (parked, waiting for packets). */
    void awaitParkedPolls(int count) throws InterruptedException {
        awaitTrue("" + count + " parked poll(s)", () -> engine.openPolls() == count);
    }

    /**
     * An HTTP exchange written byte for byte on a fresh connection (for requests java.net.http will not send,
     * such as a WebSocket upgrade); returns the status line, headers and the body (Content-Length or chunked).
     */
    RawResponse raw(String requestLineAndHeaders) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            socket.getOutputStream().write((requestLineAndHeaders + "Host: 127.0.0.1:" + port + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String lower = head.toLowerCase();
            String body;
            int lengthAt = lower.indexOf("\r\ncontent-length:");
            if (lengthAt >= 0) {
                int end = lower.indexOf("\r\n", lengthAt + 2);
                int length = Integer.parseInt(head.substring(lengthAt + "\r\ncontent-length:".length(), end).trim());
                body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            } else if (lower.contains("\r\ntransfer-encoding: chunked")) {
                body = readChunked(in);
            } else {
                body = "";
            }
            return new RawResponse(Integer.parseInt(head.substring(9, 12)), head, body);
        }
    }

    record RawResponse(int status, String head, String body) {
    }

    /** The upgrade request a WebSocket client sends, for {@link #raw}. */
    static String webSocketUpgrade(String query) {
        String key = java.util.Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        return "GET /engine.io/?" + query + " HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n";
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (!bytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the connection stays open until the headers end").isNotEqualTo(-1);
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                assertThat(b).isNotEqualTo(-1);
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            int size = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
            if (size == 0) {
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(in.readNBytes(size));
            in.readNBytes(2); // CRLF after the chunk
        }
    }

    // ---- WebSocket

    URI webSocketUri(String query) {
        return URI.create("ws://127.0.0.1:" + port + "/engine.io/?" + query);
    }

    /** A WebSocket to this server (Jetty's client), connected. */
    WsClient webSocket(String query) throws Exception {
        if (webSockets == null) {
            webSockets = new WebSocketClient();
            webSockets.start();
        }
        WsClient client = new WsClient();
        webSockets.connect(client, webSocketUri(query)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return client;
    }

    /** A direct WebSocket session: connected, its OPEN packet read; returns the client, its sid in {@code sid}. */
    WsClient webSocketSession() throws Exception {
        WsClient client = webSocket("EIO=4&transport=websocket");
        String open = client.nextText();
        assertThat(open).startsWith("0{\"sid\":\"");
        client.sid = sidOf(open);
        return client;
    }

    /** Polls {@code condition} until it holds, failing after {@link #TIMEOUT_SECONDS}. */
    static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline < 0).as("waited for %s", what).isTrue();
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }
}
