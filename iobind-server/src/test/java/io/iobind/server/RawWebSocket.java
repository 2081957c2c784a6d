package io.iobind.server;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.iobind.server.JavaClient.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/** A bare WebSocket (Jetty's client) speaking Engine.IO text frames by hand, for malformed-input tests. */
public final class RawWebSocket implements Session.Listener.AutoDemanding, AutoCloseable {

    /** Put into {@link #texts} when the connection closes, so readers stop waiting. */
    public static final String CLOSED = "\u0000closed";

    public final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closeStatus = new CompletableFuture<>();
    private Session session;

    public static URI engineIoUri(IobindServer server) {
        return URI.create("ws://127.0.0.1:" + server.port() + "/socket.io/?EIO=4&transport=websocket");
    }

    public static CompletableFuture<Session> connect(WebSocketClient client, RawWebSocket endpoint, URI uri, String origin)
            throws Exception {
        ClientUpgradeRequest request = new ClientUpgradeRequest(uri);
        if (origin != null) {
            request.setHeader("Origin", origin);
        }
        return client.connect(endpoint, request);
    }

    /** Connects, reads the OPEN packet and joins the default namespace. */
    public static RawWebSocket connected(WebSocketClient client, IobindServer server) throws Exception {
        RawWebSocket socket = new RawWebSocket();
        connect(client, socket, engineIoUri(server), null).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(socket.next()).startsWith("0{\"sid\"");
        socket.send("40");
        assertThat(socket.next()).startsWith("40{\"sid\"");
        return socket;
    }

    public void send(String text) throws Exception {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendText(text, Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        sent.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    public void sendBinary(byte[] bytes) throws Exception {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendBinary(ByteBuffer.wrap(bytes), Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        sent.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The next text frame that is not an Engine.IO ping (pings are answered). */
    public String next() throws Exception {
        while (true) {
            String text = texts.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(text).as("a frame arrived").isNotNull();
            if (!"2".equals(text)) {
                return text;
            }
            send("3");
        }
    }

    public boolean isOpen() {
        return session != null && session.isOpen() && !closeStatus.isDone();
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    @Override
    public void onWebSocketText(String message) {
        texts.add(message);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        closeStatus.complete(statusCode);
        texts.add(CLOSED);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closeStatus.complete(-1);
        texts.add(CLOSED);
    }

    @Override
    public void close() {
        if (session != null && session.isOpen()) {
            session.close();
        }
    }
}
