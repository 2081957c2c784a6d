package io.iobind.server.transport;

import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoWebSocket;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connects one Jetty 12 WebSocket session to engine.io-server.
 *
 * <p>Writes never block: engine.io calls {@link #write} while holding its per-socket lock (and Socket.IO's
 * broadcast holds the adapter lock around all of them), so a blocking send would let one slow client stall
 * every broadcast. Jetty's outgoing frame queue is capped (see {@code maxOutgoingFrames} on the factory), and so
 * are the bytes waiting in it ({@code maxOutgoingBytes}); when a client falls that far behind the connection is
 * dropped instead of buffering without bound.
 *
 * <p>Text frames written on a handler thread join the server's {@link WriteBatch}: they are queued in Jetty's
 * batch mode and written out together, replies when their event is handled, pushes within a few milliseconds.
 */
public final class JettyEngineIoWebSocket extends EngineIoWebSocket implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(JettyEngineIoWebSocket.class);

    private final EngineIoServer engineIoServer;
    private final Set<JettyEngineIoWebSocket> openSockets;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long maxOutgoingBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final WriteBatch writeBatch;
    private final WriteBatch.Slot batchSlot = new WriteBatch.Slot(this::flushQueued);
    private volatile Session session;
    private volatile CoreSession coreSession;

    JettyEngineIoWebSocket(EngineIoServer engineIoServer, Set<JettyEngineIoWebSocket> openSockets,
                           Map<String, String> query, Map<String, List<String>> headers, long maxOutgoingBytes,
                           WriteBatch writeBatch) {
        this.engineIoServer = engineIoServer;
        this.writeBatch = Objects.requireNonNull(writeBatch, "writeBatch");
        this.maxOutgoingBytes = maxOutgoingBytes;
        this.openSockets = openSockets;
        this.query = Map.copyOf(query);
        this.headers = Map.copyOf(headers);
    }

    @Override
    public Map<String, String> getQuery() {
        return query;
    }

    @Override
    public Map<String, List<String>> getConnectionHeaders() {
        return headers;
    }

    @Override
    public void write(String message) throws IOException {
        Session current = requireOpenSession();
        // Characters, not encoded bytes: exact for the ASCII JSON most packets are, and cheap to count.
        long size = message.length();
        if (!reserve(current, size)) {
            return;
        }
        CoreSession core = coreSession;
        if (core != null && writeBatch.batchesCurrentThread()) {
            core.sendFrame(new Frame(OpCode.TEXT, message),
                    org.eclipse.jetty.util.Callback.from(() -> onSent(size), failure -> onSendFailed(size, failure)), true);
            // An Engine.IO message carrying a Socket.IO ACK ("43…") is a reply its client is waiting for.
            writeBatch.queued(batchSlot, message.startsWith("43"));
            return;
        }
        current.sendText(message, Callback.from(() -> onSent(size), failure -> onSendFailed(size, failure)));
    }

    /** Writes out the frames a handler thread queued (see {@link WriteBatch}). */
    private void flushQueued() {
        CoreSession core = coreSession;
        if (core != null && core.isOutputOpen()) {
            core.flush(org.eclipse.jetty.util.Callback.from(() -> { }, this::onWriteFailed));
        }
    }

    @Override
    public void write(byte[] message) throws IOException {
        Session current = requireOpenSession();
        long size = message.length;
        if (reserve(current, size)) {
            current.sendBinary(ByteBuffer.wrap(message), Callback.from(() -> onSent(size), failure -> onSendFailed(size, failure)));
        }
    }

    private void onSent(long size) {
        queuedBytes.addAndGet(-size);
    }

    private void onSendFailed(long size, Throwable failure) {
        queuedBytes.addAndGet(-size);
        onWriteFailed(failure);
    }

    /** Counts a frame as queued, or drops the client when that would put more than the cap in its queue. */
    private boolean reserve(Session current, long size) {
        long queued = queuedBytes.addAndGet(size);
        if (queued <= maxOutgoingBytes) {
            return true;
        }
        queuedBytes.addAndGet(-size);
        if (current.isOpen()) {
            LOG.info("dropping websocket {}: over {} bytes waiting to be sent, the client is not reading fast enough",
                    current.getRemoteSocketAddress(), maxOutgoingBytes);
            current.disconnect();
        }
        return false;
    }

    @Override
    public void close() {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.close(StatusCode.NORMAL, null, Callback.NOOP);
        }
    }

    /**
     * Drops the connection without a close handshake, as a crashed or restarting server would. Clients treat
     * that as a transport error and reconnect; the official Java client does not notice a clean close from the
     * server at all (it never answers the close frame), so a clean close would leave it hanging.
     */
    void disconnect() {
        Session current = session;
        if (current != null) {
            current.disconnect();
        }
    }

    private Session requireOpenSession() throws IOException {
        Session current = session;
        if (current == null || !current.isOpen()) {
            throw new IOException("websocket is closed");
        }
        return current;
    }

    private void onWriteFailed(Throwable failure) {
        Session current = session;
        if (current != null && current.isOpen()) {
            LOG.info("dropping websocket {}: write failed ({}), the client is not reading fast enough",
                    current.getRemoteSocketAddress(), failure.toString());
            // A full outgoing queue means the client stopped reading; a close frame would only queue up behind
            // the rest, so drop the connection rather than buffer more.
            current.disconnect();
        }
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        if (session instanceof WebSocketSession jettySession) {
            this.coreSession = jettySession.getCoreSession();
        }
        openSockets.add(this);
        // Jetty delivers no message before this returns (auto-demand starts afterwards), so the engine.io
        // socket and Socket.IO's listeners are in place before the client's first packet is read.
        engineIoServer.handleWebSocket(this);
    }

    @Override
    public void onWebSocketText(String message) {
        emit("message", message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        callback.succeed();
        emit("message", (Object) bytes);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        try {
            openSockets.remove(this);
            if (closed.compareAndSet(false, true)) {
                emit("close");
            }
        } finally {
            callback.succeed();
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("websocket error: {}", cause.toString());
        emit("error", "websocket error", String.valueOf(cause.getMessage()));
        // After a protocol error (e.g. a message over the size limit) Jetty starts a close handshake that some
        // clients never answer; drop the connection so they see it at once.
        disconnect();
    }
}
