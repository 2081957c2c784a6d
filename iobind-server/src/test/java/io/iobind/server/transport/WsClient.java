package io.iobind.server.transport;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.iobind.server.transport.EngineFixture.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket endpoint (Jetty's client) that speaks Engine.IO by hand: it records every frame, text as String and
 * binary as byte[], in arrival order, and answers nothing on its own (pings included). Public because Jetty
 * calls its listener methods reflectively.
 */
public final class WsClient implements Session.Listener.AutoDemanding, AutoCloseable {

    /** The close status: the code of the server's close frame, or -1 when the connection was cut. */
    final CompletableFuture<Integer> closeStatus = new CompletableFuture<>();
    private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
    private volatile Session session;
    /** Set by {@link EngineFixture#webSocketSession()}. */
    String sid;

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    @Override
    public void onWebSocketText(String message) {
        frames.add(message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        frames.add(bytes);
        callback.succeed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        closeStatus.complete(statusCode);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closeStatus.complete(-1);
    }

    /** The next frame, text or binary. */
    Object next() throws InterruptedException {
        Object frame = frames.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(frame).as("a frame arrived").isNotNull();
        return frame;
    }

    String nextText() throws InterruptedException {
        Object frame = next();
        assertThat(frame).isInstanceOf(String.class);
        return (String) frame;
    }

    /** Frames received and not yet taken. */
    int unread() {
        return frames.size();
    }

    /** Waits for the connection to close; returns its status. */
    int awaitClose() throws Exception {
        return closeStatus.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    void send(String text) throws Exception {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendText(text, Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        sent.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    void send(byte[] data) throws Exception {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendBinary(ByteBuffer.wrap(data), Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        sent.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.close();
        }
    }
}
