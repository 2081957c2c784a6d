package io.iobind.server.transport;

import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * One Jetty WebSocket connection carrying an Engine.IO session: a direct WebSocket session (no sid in the
 * request), or a probe upgrading a polling session (its sid).
 *
 * <p>It is a frame handler of Jetty's WebSocket core, not an endpoint of Jetty's WebSocket API: the API's session
 * keeps the upgrade request and response for the connection's whole life, and through them the HTTP exchange
 * that carried the upgrade (its connection, parser, channel and servlet request objects): about 9 KB per
 * connection, half of what an idle connection costs (measured with 1000 idle clients and jmap -histo:live).
 * So this class puts messages together itself (continuation frames, UTF-8 checked, at most maxPayload bytes),
 * answers pings, and asks Jetty for the next frame once one is handled.
 *
 * <p>Writes never block: frames are queued in Jetty and counted until Jetty reports them written, and a session
 * whose client lets more than the caps pile up is dropped (see {@link EngineSession}) instead of buffering
 * without bound. Text frames that the {@link WriteBatch} holds (written on its handler threads while other work
 * waits, or replies) are queued in Jetty's batch mode and written out together; an Engine.IO message carrying a
 * Socket.IO ACK ("43…") is a reply its client waits for, flushed as soon as the handler's task ends. Other frames
 * are written at once.
 *
 * <p>Written at once, a message whose connection has nothing else in Jetty's hands (the case of every idle viewer
 * of a broadcast) skips Jetty's frame queue: its frame, built once with the message (see {@link EngineMessage}),
 * goes to the socket with one non-blocking write of Jetty's endpoint, as Node's ws writes a frame. What Jetty
 * still had to write of this connection would have been overtaken, so this is done only when no frame, flush or
 * close is with Jetty (every one is counted until Jetty reports it done), on a plain TCP connection without
 * extensions. If the socket takes only part of the frame, Jetty's endpoint writes the rest when the socket can
 * take it, and every frame, flush or close meant for Jetty waits behind it, in order. A close, from either side,
 * ends the direct writes for good: Jetty writes close frames of its own.
 *
 * <p>Made by {@link EngineServlet} alone.
 */
public final class EngineWebSocket implements FrameHandler {

    private static final Logger LOG = LoggerFactory.getLogger(EngineWebSocket.class);
    private static final AtomicIntegerFieldUpdater<EngineWebSocket> PENDING_FRAMES =
            AtomicIntegerFieldUpdater.newUpdater(EngineWebSocket.class, "pendingFrames");
    private static final AtomicLongFieldUpdater<EngineWebSocket> PENDING_BYTES =
            AtomicLongFieldUpdater.newUpdater(EngineWebSocket.class, "pendingBytes");

    private static final Duration DUPLICATE_REFUSAL_PAUSE = Duration.ofMillis(100);

    /**
     * The largest message written straight to the socket. Larger ones are rare (a push of a sync app is a few
     * hundred bytes) and likelier to fill the socket's buffer, and take Jetty's path.
     */
    static final int DIRECT_MAX_BYTES = 16 * 1024;

    private final EngineServer server;
    private final String sid;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;
    private final String remoteAddress;
    /** Frames with Jetty or being written directly, and their bytes; fields, not atomics: fewer objects per write. */
    private volatile int pendingFrames;
    private volatile long pendingBytes;
    private final WriteBatch.Slot batchSlot = new WriteBatch.Slot(this::flushBatched);
    private volatile CoreSession coreSession;
    /** The connection's endpoint while frames may be written to its socket directly; null otherwise. */
    private volatile SocketChannelEndPoint plainEndPoint;
    /**
     * What waits for the rest of a direct write to be written (frames, flushes and closes for Jetty, in order);
     * null while no direct write is unfinished. Guarded by this.
     */
    private ArrayDeque<Runnable> behindDirectWrite;
    /**
     * Set once a close started, from either side (or Jetty reported an error): nothing more is written. Set under
     * this object's lock, so that no direct write is under way once it is.
     */
    private volatile boolean closing;
    private volatile EngineSession engineSession;
    /** A fragmented message being put together (read on Jetty's reading thread only), or null. */
    private ByteArrayOutputStream fragments;
    private byte fragmentedOpCode;
    /** Set when this side closes the connection for a bad message: its end is an error, not a client's close. */
    private volatile boolean failing;

    EngineWebSocket(EngineServer server, String sid, Map<String, String> query, Map<String, List<String>> headers,
                    String remoteAddress) {
        this.server = server;
        this.sid = sid;
        this.query = query;
        this.headers = headers;
        this.remoteAddress = remoteAddress;
    }

    @Override
    public void onOpen(CoreSession session, Callback callback) {
        this.coreSession = session;
        if (session instanceof WebSocketCoreSession core && core.getNegotiatedExtensions().isEmpty()
                && core.getConnection().getEndPoint() instanceof SocketChannelEndPoint plain) {
            // Not over TLS or a proxy protocol (their endpoints wrap the socket's), and no extension changes frames.
            plainEndPoint = plain;
        }
        try {
            open(session);
        } finally {
            callback.succeeded();
        }
        // Jetty reads no frame before it is asked to, so the session and its listener are in place before the
        // client's first packet is delivered.
        session.demand();
    }

    private void open(CoreSession session) {
        if (sid == null) {
            engineSession = server.openWebSocketSession(this, query, headers, remoteAddress);
            if (engineSession == null) {
                disconnect(); // the server is stopping, or the session ended before it had this socket
            }
            return;
        }
        EngineSession existing = server.session(sid);
        if (existing == null) {
            closeThroughJetty(() -> session.close(CloseStatus.POLICY_VIOLATION, "Session ID unknown", Callback.NOOP));
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
        CoreSession current = coreSession;
        if (current != null && current.isOutputOpen()) {
            closeThroughJetty(() -> current.close(CloseStatus.POLICY_VIOLATION, "Session already has a websocket",
                    Callback.NOOP));
        }
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        CoreSession session = coreSession;
        try {
            switch (frame.getOpCode()) {
                case OpCode.TEXT, OpCode.BINARY, OpCode.CONTINUATION -> onDataFrame(frame);
                case OpCode.PING -> pong(session, copyOf(frame.getPayload()));
                case OpCode.CLOSE -> {
                    // Jetty answers it with a close frame once the callback succeeds: after any unfinished
                    // direct write, and no direct write after it.
                    closeThroughJetty(callback::succeeded);
                    return;
                }
                default -> {
                    // PONG: nothing to do.
                }
            }
        } catch (MessageFailure failure) {
            callback.succeeded();
            fail(failure.status, failure.getMessage(), failure.warning);
            return;
        }
        callback.succeeded();
        session.demand();
    }

    /**
     * Answers a ping, unless a close started (Jetty would refuse the pong, and a refused frame disconnects); counted
     * like the other frames, so that no direct write overtakes it.
     */
    private void pong(CoreSession session, ByteBuffer payload) {
        if (closing) {
            return;
        }
        PENDING_FRAMES.incrementAndGet(this);
        Written written = new Written(0);
        throughJetty(() -> session.sendFrame(new Frame(OpCode.PONG).setPayload(payload), written, false));
    }

    private void onDataFrame(Frame frame) throws MessageFailure {
        int limit = server.options().maxPayload();
        ByteBuffer payload = frame.getPayload();
        int length = payload == null ? 0 : payload.remaining();
        if (frame.getOpCode() != OpCode.CONTINUATION && frame.isFin()) {
            if (length > limit) {
                throw new MessageFailure(CloseStatus.MESSAGE_TOO_LARGE, "message over " + limit + " bytes", true);
            }
            deliver(frame.getOpCode(), length == 0 ? new byte[0] : copyOf(payload).array());
            return;
        }
        if (frame.getOpCode() != OpCode.CONTINUATION) {
            fragments = new ByteArrayOutputStream(Math.max(64, length));
            fragmentedOpCode = frame.getOpCode();
        }
        if (fragments.size() + (long) length > limit) {
            fragments = null;
            throw new MessageFailure(CloseStatus.MESSAGE_TOO_LARGE, "message over " + limit + " bytes", true);
        }
        if (length > 0) {
            byte[] bytes = new byte[length];
            payload.slice().get(bytes);
            fragments.writeBytes(bytes);
        }
        if (frame.isFin()) {
            byte[] message = fragments.toByteArray();
            fragments = null;
            deliver(fragmentedOpCode, message);
        }
    }

    private void deliver(byte opCode, byte[] message) throws MessageFailure {
        EngineSession current = engineSession;
        if (opCode == OpCode.TEXT) {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(message)).toString();
            } catch (CharacterCodingException invalid) {
                throw new MessageFailure(CloseStatus.BAD_PAYLOAD, "text message is not valid UTF-8", false);
            }
            if (current != null) {
                current.onWebSocketText(this, text);
            }
        } else if (current != null) {
            current.onWebSocketBinary(this, message);
        }
    }

    private static ByteBuffer copyOf(ByteBuffer payload) {
        if (payload == null) {
            return ByteBuffer.allocate(0);
        }
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
        copy.put(payload.slice()).flip();
        return copy;
    }

    /** A message this connection cannot take: the connection is closed with this status. */
    private static final class MessageFailure extends Exception {
        final int status;
        final boolean warning;

        MessageFailure(int status, String message, boolean warning) {
            super(message, null, false, false);
            this.status = status;
            this.warning = warning;
        }
    }

    private void fail(int status, String reason, boolean warning) {
        if (warning) {
            LOG.warn("closing websocket of {}: {}", remoteAddress, reason);
        } else {
            LOG.debug("closing websocket of {}: {}", remoteAddress, reason);
        }
        failing = true;
        CoreSession session = coreSession;
        if (session != null) {
            // The close frame says why (before the session's end closes the socket normally); a client that
            // never answers it is cut by the disconnect once it is written.
            closeThroughJetty(() -> session.close(status, reason,
                    Callback.from(this::disconnect, failed -> disconnect())));
        }
        EngineSession current = engineSession;
        if (current != null) {
            current.onWebSocketClosed(this, true);
        }
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        startClosing(); // Jetty has sent a close frame of its own, or given up on the connection
        try {
            if (cause instanceof MessageTooLargeException) {
                LOG.warn("closing websocket of {}: message over {} bytes", remoteAddress, server.options().maxPayload());
            } else {
                LOG.debug("websocket error from {}: {}", remoteAddress, cause.toString());
            }
            EngineSession current = engineSession;
            if (current != null) {
                current.onWebSocketClosed(this, true);
            }
        } finally {
            callback.succeeded();
        }
        // After a protocol error Jetty starts a close handshake some clients never answer: cut it short.
        disconnect();
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        startClosing();
        try {
            EngineSession current = engineSession;
            if (current != null) {
                current.onWebSocketClosed(this, failing);
            }
        } finally {
            callback.succeeded();
        }
    }

    /**
     * Queues one packet (an encoded text packet, or a binary message) for the client. Returns the cap it would
     * exceed (nothing is queued then), or null; a closed connection drops it silently (its close ends the
     * session).
     */
    String write(Object packet) {
        CoreSession core = coreSession;
        if (core == null || closing) {
            return null;
        }
        long size = packet instanceof EngineMessage message ? message.length()
                : packet instanceof String text ? text.length() : ((byte[]) packet).length;
        EngineOptions options = server.options();
        if (PENDING_FRAMES.incrementAndGet(this) > options.maxOutgoingFrames()) {
            PENDING_FRAMES.decrementAndGet(this);
            return options.maxOutgoingFrames() + " frames";
        }
        if (PENDING_BYTES.addAndGet(this, size) > options.maxOutgoingBytes()) {
            release(size);
            return options.maxOutgoingBytes() + " bytes";
        }
        if (packet instanceof byte[] data) {
            Written callback = new Written(size);
            throughJetty(() -> core.sendFrame(new Frame(OpCode.BINARY, ByteBuffer.wrap(data)), callback, false));
            return null;
        }
        boolean reply = packet instanceof EngineMessage message ? message.isReply()
                : ((String) packet).startsWith("43");
        WriteBatch batch = server.writeBatch();
        boolean held = batch != null && batch.holds(batchSlot, reply);
        if (!held && packet instanceof EngineMessage message && size <= DIRECT_MAX_BYTES
                && writeDirectly(message, size)) {
            return null;
        }
        if (!core.isOutputOpen()) {
            // Jetty closed it (an idle timeout, a protocol error): its end, reported next, ends the session.
            release(size);
            return null;
        }
        Written callback = new Written(size);
        // An EngineMessage's frame gets its own view of the shared bytes: Jetty's write moves the view's position.
        Frame frame = packet instanceof EngineMessage message ? new Frame(OpCode.TEXT, message.payload())
                : new Frame(OpCode.TEXT, (String) packet);
        throughJetty(() -> core.sendFrame(frame, callback, held));
        if (held) {
            batch.queued(batchSlot, reply);
        }
        return null;
    }

    /**
     * Writes the message's frame to the socket, skipping Jetty's frame queue, if nothing of this connection is with
     * Jetty now (the frame being written, {@code size} bytes, is the only one counted); returns whether it did
     * (then its count is released, or will be once the rest is written). See the class comment.
     */
    private boolean writeDirectly(EngineMessage message, long size) {
        SocketChannelEndPoint endPoint = plainEndPoint;
        if (endPoint == null) {
            return false;
        }
        synchronized (this) {
            // Jetty's own close frames (on a protocol error or an idle timeout) are not counted, nor checked for here:
            // asking Jetty whether output is open takes a lock of its own, a few cache misses per recipient of a
            // broadcast. Such a close is followed by onError, which ends the direct writes; a frame written in
            // between follows the close frame on a connection that is being cut.
            if (closing || behindDirectWrite != null || pendingFrames != 1) {
                return false;
            }
            ByteBuffer frame = message.frame();
            try {
                // One write(2) of the whole frame; Jetty's endpoint flush would gather one buffer with writev(2).
                if (endPoint.getChannel().write(frame) > 0) {
                    endPoint.notIdle();
                }
            } catch (IOException broken) {
                new Written(size).failed(broken);
                return true;
            }
            server.countDirectWrite(!frame.hasRemaining());
            if (!frame.hasRemaining()) {
                release(size);
                return true;
            }
            Written callback = new Written(size);
            // The socket's buffer is full: Jetty's endpoint writes the rest once the socket can take more, and
            // what comes for Jetty meanwhile waits behind it.
            behindDirectWrite = new ArrayDeque<>();
            try {
                endPoint.write(Callback.from(() -> {
                    callback.succeeded();
                    directWriteFinished();
                }, failure -> {
                    callback.failed(failure);
                    directWriteFinished();
                }), frame);
            } catch (RuntimeException busy) {
                // A write of Jetty's own is unfinished (a close frame Jetty sent on an error): the connection is
                // ending; fail the frame, which disconnects.
                callback.failed(busy);
                directWriteFinished();
            }
            return true;
        }
    }

    /** Hands Jetty what waited for a direct write's rest, in order, and then lets sends go to Jetty at once. */
    private void directWriteFinished() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = behindDirectWrite.poll();
                if (next == null) {
                    behindDirectWrite = null;
                    return;
                }
            }
            // Outside the lock (Jetty may call back into the session, e.g. when a close completes), while the
            // queue still exists, so that what comes meanwhile queues behind this.
            next.run();
        }
    }

    /** Gives Jetty a frame, flush or close at once, or after an unfinished direct write. */
    private void throughJetty(Runnable send) {
        synchronized (this) {
            if (behindDirectWrite != null) {
                behindDirectWrite.add(send);
                return;
            }
        }
        send.run();
    }

    /** As {@link #throughJetty}, for a close: no direct write follows it. */
    private void closeThroughJetty(Runnable close) {
        startClosing();
        throughJetty(close);
    }

    /** Ends writing: set under the lock, so that no direct write is under way once it is. */
    private synchronized void startClosing() {
        closing = true;
    }

    /** Releases one frame's count once Jetty has written it (one object per frame: a broadcast makes thousands). */
    private final class Written implements Callback {
        private final long size;

        Written(long size) {
            this.size = size;
        }

        @Override
        public void succeeded() {
            release(size);
        }

        @Override
        public void failed(Throwable failure) {
            succeeded();
            LOG.debug("websocket write to {} failed: {}", remoteAddress, failure.toString());
            // Off this callback: Jetty may call it while it holds its own locks, and disconnecting re-enters Jetty.
            server.execute(EngineWebSocket.this::disconnect);
        }
    }

    /** Writes out the frames a handler thread queued (see {@link WriteBatch}). */
    private void flushBatched() {
        CoreSession core = coreSession;
        if (core != null && core.isOutputOpen()) {
            throughJetty(() -> core.flush(Callback.from(() -> { }, failure -> server.execute(this::disconnect))));
        }
    }

    /** Releases the count of one frame of {@code size} bytes, written or failed. */
    private void release(long size) {
        PENDING_FRAMES.decrementAndGet(this);
        PENDING_BYTES.addAndGet(this, -size);
    }

    long pendingBytes() {
        return pendingBytes;
    }

    /** Closes with a close handshake; frames queued before it are written first. */
    void close() {
        CoreSession current = coreSession;
        if (current != null && current.isOutputOpen()) {
            closeThroughJetty(() -> current.close(CloseStatus.NORMAL, null, Callback.NOOP));
        }
    }

    /**
     * Cuts the connection without a close handshake, as a crashed or restarting server would: clients reconnect
     * (the official Java client never answers a close frame, so a clean close would leave it hanging). Jetty
     * fails the frames still queued, which releases their count.
     */
    void disconnect() {
        CoreSession current = coreSession;
        if (current != null) {
            current.abort();
        }
    }
}
