package io.iobind.server.transport;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Jetty WebSocket connection carrying an Engine.IO session: a direct WebSocket session (no sid in the
 * request), or a probe upgrading a polling session (its sid).
 *
 * <p>Writes never block: frames are queued in Jetty and counted until Jetty reports them written, and a session
 * whose client lets more than the caps pile up is dropped (see {@link EngineSession}) instead of buffering
 * without bound. Text frames written on a handler thread of the {@link WriteBatch} are queued in Jetty's batch
 * mode and written out together; an Engine.IO message carrying a Socket.IO ACK ("43…") is a reply its client
 * waits for, flushed as soon as the handler's task ends.
 *
 * <p>Public only because Jetty calls its listener methods reflectively; made by {@link EngineServlet} alone.
 */
public final class EngineWebSocket implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(EngineWebSocket.class);

    private static final Duration DUPLICATE_REFUSAL_PAUSE = Duration.ofMillis(100);

    private final EngineServer server;
    private final String sid;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;
    private final String remoteAddress;
    private final AtomicInteger pendingFrames = new AtomicInteger();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final WriteBatch.Slot batchSlot = new WriteBatch.Slot(this::flushBatched);
    private volatile Session session;
    private volatile CoreSession coreSession;
    private volatile EngineSession engineSession;

    EngineWebSocket(EngineServer server, String sid, Map<String, String> query, Map<String, List<String>> headers,
                    String remoteAddress) {
        this.server = server;
        this.sid = sid;
        this.query = query;
        this.headers = headers;
        this.remoteAddress = remoteAddress;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        if (session instanceof WebSocketSession jettySession) {
            this.coreSession = jettySession.getCoreSession();
        }
        // Jetty reads no message before this returns (auto-demand starts afterwards), so the session and its
        // listener are in place before the client's first packet is delivered.
        if (sid == null) {
            engineSession = server.openWebSocketSession(this, query, headers, remoteAddress);
            if (engineSession == null) {
                disconnect(); // the server is stopping, or the session ended before it had this socket
            }
            return;
        }
        EngineSession existing = server.session(sid);
        if (existing == null) {
            session.close(StatusCode.POLICY_VIOLATION, "Session ID unknown", Callback.NOOP);
            return;
        }
        if (!existing.attachProbe(this)) {
            // The session has (or is getting) its WebSocket already. The refusal waits a moment: a client
            // retrying in a loop is slowed down, and the packets the first socket's client sent before opening
            // this one (its probe) are answered first, as a server reading in arrival order would.
            if (server.schedule(this::refuseDuplicate, DUPLICATE_REFUSAL_PAUSE) == null) {
                refuseDuplicate();
            }
            return;
        }
        engineSession = existing;
    }

    private void refuseDuplicate() {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.close(StatusCode.POLICY_VIOLATION, "Session already has a websocket", Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketText(String message) {
        EngineSession current = engineSession;
        if (current != null) {
            current.onWebSocketText(this, message);
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        callback.succeed();
        EngineSession current = engineSession;
        if (current != null) {
            current.onWebSocketBinary(this, bytes);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        try {
            EngineSession current = engineSession;
            if (current != null) {
                current.onWebSocketClosed(this, false);
            }
        } finally {
            callback.succeed();
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        if (cause.getClass().getSimpleName().equals("MessageTooLargeException")) {
            LOG.warn("closing websocket of {}: message over {} bytes", remoteAddress, server.options().maxPayload());
        } else {
            LOG.debug("websocket error from {}: {}", remoteAddress, cause.toString());
        }
        EngineSession current = engineSession;
        if (current != null) {
            current.onWebSocketClosed(this, true);
        }
        // After a protocol error Jetty starts a close handshake some clients never answer: cut it short.
        disconnect();
    }

    /**
     * Queues one packet (an encoded text packet, or a binary message) for the client. Returns the cap it would
     * exceed (nothing is queued then), or null; a closed connection drops it silently (its close ends the
     * session).
     */
    String write(Object packet) {
        Session current = session;
        if (current == null || !current.isOpen()) {
            return null;
        }
        long size = packet instanceof EngineMessage message ? message.length()
                : packet instanceof String text ? text.length() : ((byte[]) packet).length;
        EngineOptions options = server.options();
        if (pendingFrames.incrementAndGet() > options.maxOutgoingFrames()) {
            pendingFrames.decrementAndGet();
            return options.maxOutgoingFrames() + " frames";
        }
        if (pendingBytes.addAndGet(size) > options.maxOutgoingBytes()) {
            pendingBytes.addAndGet(-size);
            pendingFrames.decrementAndGet();
            return options.maxOutgoingBytes() + " bytes";
        }
        Runnable written = () -> {
            pendingFrames.decrementAndGet();
            pendingBytes.addAndGet(-size);
        };
        if (packet instanceof EngineMessage message) {
            CoreSession core = coreSession;
            WriteBatch batch = server.writeBatch();
            boolean batched = batch != null && batch.batchesCurrentThread();
            if (core != null) {
                // The frame gets its own view of the shared bytes: Jetty's write moves the view's position.
                core.sendFrame(new Frame(OpCode.TEXT, message.payload()),
                        org.eclipse.jetty.util.Callback.from(written, failure -> onWriteFailed(written, failure)), batched);
                if (batched) {
                    batch.queued(batchSlot, message.isReply());
                }
            } else {
                current.sendText(message.packet(), Callback.from(written, failure -> onWriteFailed(written, failure)));
            }
        } else if (packet instanceof String text) {
            CoreSession core = coreSession;
            WriteBatch batch = server.writeBatch();
            if (core != null && batch != null && batch.batchesCurrentThread()) {
                core.sendFrame(new Frame(OpCode.TEXT, text),
                        org.eclipse.jetty.util.Callback.from(written, failure -> onWriteFailed(written, failure)), true);
                batch.queued(batchSlot, text.startsWith("43"));
            } else {
                current.sendText(text, Callback.from(written, failure -> onWriteFailed(written, failure)));
            }
        } else {
            current.sendBinary(ByteBuffer.wrap((byte[]) packet), Callback.from(written, failure -> onWriteFailed(written, failure)));
        }
        return null;
    }

    private void onWriteFailed(Runnable written, Throwable failure) {
        written.run();
        LOG.debug("websocket write to {} failed: {}", remoteAddress, failure.toString());
        // Off this callback: Jetty may call it while it holds its own locks, and disconnecting re-enters Jetty.
        server.execute(this::disconnect);
    }

    /** Writes out the frames a handler thread queued (see {@link WriteBatch}). */
    private void flushBatched() {
        CoreSession core = coreSession;
        if (core != null && core.isOutputOpen()) {
            core.flush(org.eclipse.jetty.util.Callback.from(() -> { }, failure -> server.execute(this::disconnect)));
        }
    }

    long pendingBytes() {
        return pendingBytes.get();
    }

    /** Closes with a close handshake; frames queued before it are written first. */
    void close() {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.close(StatusCode.NORMAL, null, Callback.NOOP);
        }
    }

    /**
     * Cuts the connection without a close handshake, as a crashed or restarting server would: clients reconnect
     * (the official Java client never answers a close frame, so a clean close would leave it hanging). Jetty
     * fails the frames still queued, which releases their count.
     */
    void disconnect() {
        Session current = session;
        if (current != null) {
            current.disconnect();
        }
    }
}
