package io.iobind.server.transport;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Engine.IO session: its packet queue while it polls, its WebSocket once it has one, the upgrade between
 * them, and the heartbeat.
 *
 * <p>State changes happen under the session's monitor, held only briefly and never around a listener call or
 * an HTTP answer: a listener may send to other sessions, and taking their monitors while holding this one could
 * deadlock. WebSocket frames are handed to Jetty under the monitor (that never blocks), so that the packets
 * queued while polling and those sent during the switch reach the WebSocket in order.
 */
final class EngineSession implements EngineSocket {

    private static final Logger LOG = LoggerFactory.getLogger(EngineSession.class);

    static final String POLLING = "polling";
    static final String WEBSOCKET = "websocket";
    static final char SEPARATOR = '\u001e';
    /** How long a poll that comes during an upgrade waits for it to finish before it gets a noop. */
    private static final Duration UPGRADE_POLL_PAUSE = Duration.ofMillis(100);

    /** How the transport is told the session ended. */
    enum Ending {
        /** The server closes: a parked poll gets a close packet, a WebSocket a close frame. */
        CLOSE,
        /** The client closed: a parked poll is ended with a noop, the WebSocket closed. */
        CLIENT_CLOSED,
        /** Nothing is said, as if the server had crashed: polls get an error, the WebSocket is cut. */
        DROP
    }

    /** The outcome of a POST, for the servlet to answer. */
    enum PostOutcome { OK, UNKNOWN_SID, BAD_REQUEST }

    private static final Listener NO_LISTENER = new Listener() {
        @Override
        public void onMessage(String text) {
        }

        @Override
        public void onMessage(byte[] data) {
        }

        @Override
        public void onClose(String reason) {
        }
    };

    private final EngineServer server;
    private final String id;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;
    private final String remoteAddress;
    private final AtomicBoolean closeReported = new AtomicBoolean();
    private volatile Listener listener = NO_LISTENER;
    private volatile String transport;

    // Guarded by this.
    /** False once closed: nothing more is sent or delivered (a forced close may still be waiting for a poll). */
    private boolean open = true;
    /** True once the transport is gone too and the sid forgotten. */
    private boolean ended;
    private EngineWebSocket webSocket;
    /** A WebSocket probing for an upgrade, until the client's upgrade packet. */
    private EngineWebSocket probe;
    /** Packets not yet collected by a poll: encoded text packets and binary messages; null while empty. */
    private ArrayDeque<Object> outbox;
    private long outboxBytes;
    private PollRequest parkedPoll;
    /** A poll that came during an upgrade; see {@link #onPoll}. */
    private PollRequest latePoll;
    private boolean posting;
    /** The next heartbeat step: a ping to send, or the check that its pong came. */
    private ScheduledFuture<?> heartbeat;
    /** System.nanoTime() by which the outstanding ping must be answered; 0 when none is outstanding. */
    private long pongDeadline;

    EngineSession(EngineServer server, String id, String transport, Map<String, String> query,
                  Map<String, List<String>> headers, String remoteAddress) {
        this.server = server;
        this.id = id;
        this.transport = transport;
        this.query = query;
        this.headers = headers;
        this.remoteAddress = remoteAddress;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public Map<String, String> query() {
        return query;
    }

    @Override
    public Map<String, List<String>> headers() {
        return headers;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public void listener(Listener listener) {
        this.listener = listener == null ? NO_LISTENER : listener;
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public boolean send(String text) {
        return enqueue(EngineMessage.of(text));
    }

    @Override
    public boolean send(EngineMessage message) {
        return enqueue(message);
    }

    @Override
    public boolean send(byte[] data) {
        return enqueue(data);
    }

    @Override
    public void close() {
        PollRequest poll = null;
        String payload = null;
        EngineWebSocket abandonedProbe = null;
        boolean overWebSocket;
        synchronized (this) {
            if (!open) {
                return;
            }
            overWebSocket = webSocket != null;
            if (!overWebSocket) {
                // Polling: what was sent, then the close packet, go out with the next poll.
                open = false;
                cancelHeartbeat();
                queue("1");
                if (parkedPoll != null) {
                    poll = parkedPoll;
                    parkedPoll = null;
                    payload = drainOutbox();
                    abandonedProbe = markEnded();
                } else {
                    // A client that never polls again is forgotten after a heartbeat's worth of waiting.
                    heartbeat = server.schedule(() -> end("forced close", Ending.DROP),
                            server.options().pingInterval().plus(server.options().pingTimeout()));
                }
            }
        }
        if (overWebSocket) {
            // Jetty writes the frames already queued before the close frame.
            end("forced close", Ending.CLOSE);
            return;
        }
        if (poll != null) {
            afterEnded(abandonedProbe);
            poll.answer(payload);
        }
        reportClose("forced close");
    }

    @Override
    public void drop() {
        end("transport close", Ending.DROP);
    }

    // ---- outgoing

    private boolean enqueue(Object packet) {
        String overCap;
        PollRequest poll = null;
        String payload = null;
        synchronized (this) {
            if (!open) {
                return false;
            }
            if (webSocket != null) {
                overCap = webSocket.write(packet);
            } else {
                overCap = queue(packet);
                if (overCap == null && parkedPoll != null) {
                    poll = parkedPoll;
                    parkedPoll = null;
                    payload = drainOutbox();
                }
            }
        }
        if (overCap != null) {
            dropSlowClient(overCap);
            return false;
        }
        if (poll != null) {
            poll.answer(payload);
        }
        return true;
    }

    /** Adds a packet for the next poll; returns the cap it would exceed (nothing is queued then), or null. */
    private String queue(Object packet) {
        if (outbox == null) {
            outbox = new ArrayDeque<>(4);
        }
        outbox.add(packet);
        // Characters, not encoded bytes: exact for the ASCII JSON most packets are, and cheap to count.
        outboxBytes += packet instanceof EngineMessage message ? message.length()
                : packet instanceof String text ? text.length() : base64Length((byte[]) packet);
        EngineOptions options = server.options();
        if (outbox.size() > options.maxOutgoingFrames()) {
            return options.maxOutgoingFrames() + " packets";
        }
        if (outboxBytes > options.maxOutgoingBytes()) {
            return options.maxOutgoingBytes() + " bytes";
        }
        return null;
    }

    /** The queued packets as one polling payload; empties the queue. */
    private String drainOutbox() {
        StringBuilder payload = new StringBuilder((int) Math.min(outboxBytes + outbox.size(), Integer.MAX_VALUE));
        for (Object packet : outbox) {
            if (!payload.isEmpty()) {
                payload.append(SEPARATOR);
            }
            if (packet instanceof EngineMessage message) {
                payload.append(message.packet());
            } else if (packet instanceof String text) {
                payload.append(text);
            } else {
                payload.append('b').append(Base64.getEncoder().encodeToString((byte[]) packet));
            }
        }
        outbox = null;
        outboxBytes = 0;
        return payload.toString();
    }

    private static long base64Length(byte[] data) {
        return 1 + 4L * ((data.length + 2) / 3);
    }

    private void dropSlowClient(String cap) {
        if (end("slow client", Ending.DROP)) {
            LOG.info("dropped Engine.IO session {} of {} ({}): over {} waiting to be sent, the client is not reading fast enough",
                    id, remoteAddress, transport, cap);
        }
    }

    /** Bytes (characters) waiting in the polling queue or not yet written to the WebSocket; for tests. */
    synchronized long pendingBytes() {
        return webSocket != null ? webSocket.pendingBytes() : outboxBytes;
    }

    // ---- polling

    void onPoll(PollRequest poll) {
        String payload = null;
        boolean timedOut = false;
        boolean duplicate = false;
        boolean unknown = false;
        boolean closedByClient = false;
        boolean upgraded = false;
        boolean last = false;
        EngineWebSocket abandonedProbe = null;
        synchronized (this) {
            if (ended || (!open && outbox == null)) {
                unknown = true;
                // The client's close packet, posted at the same time, ended the session between the servlet's
                // look-up and this call: the poll gets the noop it would have got had it been waiting.
                closedByClient = ended && server.takeClientClosed(id);
            } else if (WEBSOCKET.equals(transport)) {
                upgraded = true;
            } else if (open && pongOverdue()) {
                timedOut = true;
            } else if (parkedPoll != null || latePoll != null) {
                duplicate = true;
            } else if (probe != null) {
                // Upgrading: what is queued waits for the WebSocket. A client pausing its polling sends no poll
                // now, but one may be on its way while the upgrade packets are read on another connection. It
                // waits a moment, then gets a noop if the session still polls, or is refused like any poll
                // after an upgrade (waiting also keeps that answer well behind the probe's on the WebSocket).
                latePoll = poll;
                server.schedule(() -> endLatePoll(poll), UPGRADE_POLL_PAUSE);
            } else if (outbox != null) {
                payload = drainOutbox();
                if (!open) {
                    // A forced close's last packets: the session ends with this poll.
                    abandonedProbe = markEnded();
                    last = true;
                }
            } else {
                parkedPoll = poll;
            }
        }
        if (closedByClient) {
            poll.answer("6");
        } else if (unknown) {
            poll.fail(HttpServletResponse.SC_BAD_REQUEST, EngineServer.UNKNOWN_SID, "Session ID unknown");
        } else if (upgraded) {
            // Refused after the same pause as a poll that came during the upgrade, so that the refusal never
            // overtakes what the WebSocket sent just before (the probe's answer) on its way to the client.
            Runnable refuse = () -> poll.fail(HttpServletResponse.SC_BAD_REQUEST, EngineServer.BAD_REQUEST,
                    "Session upgraded to websocket");
            if (server.schedule(refuse, UPGRADE_POLL_PAUSE) == null) {
                refuse.run();
            }
        } else if (timedOut) {
            end("ping timeout", Ending.CLOSE);
            poll.fail(HttpServletResponse.SC_BAD_REQUEST, EngineServer.UNKNOWN_SID, "Session ID unknown");
        } else if (duplicate) {
            LOG.warn("closing Engine.IO session {} of {}: a second poll came while one was waiting", id, remoteAddress);
            poll.fail(HttpServletResponse.SC_BAD_REQUEST, EngineServer.BAD_REQUEST, "Overlapping poll");
            end("transport error", Ending.CLOSE);
        } else if (payload != null) {
            if (last) {
                afterEnded(abandonedProbe);
            }
            poll.answer(payload);
        }
    }

    private void endLatePoll(PollRequest poll) {
        boolean upgraded;
        synchronized (this) {
            if (latePoll != poll) {
                return;
            }
            latePoll = null;
            upgraded = WEBSOCKET.equals(transport);
        }
        if (upgraded) {
            poll.fail(HttpServletResponse.SC_BAD_REQUEST, EngineServer.BAD_REQUEST, "Session upgraded to websocket");
        } else {
            poll.answer("6");
        }
    }

    /** A parked poll the container ended (timeout, client gone): forgets it. */
    synchronized boolean forgetPoll(PollRequest poll) {
        if (parkedPoll == poll) {
            parkedPoll = null;
            return true;
        }
        if (latePoll == poll) {
            latePoll = null;
            return true;
        }
        return false;
    }

    PostOutcome onPost(String body) {
        boolean timedOut = false;
        boolean overlapping = false;
        synchronized (this) {
            if (ended) {
                return PostOutcome.UNKNOWN_SID;
            }
            if (!open) {
                return PostOutcome.OK; // closing: the client learns it from its next poll
            }
            if (WEBSOCKET.equals(transport)) {
                return PostOutcome.BAD_REQUEST;
            }
            if (pongOverdue()) {
                timedOut = true;
            } else if (posting) {
                overlapping = true;
            } else {
                posting = true;
            }
        }
        if (timedOut) {
            end("ping timeout", Ending.CLOSE);
            return PostOutcome.UNKNOWN_SID;
        }
        if (overlapping) {
            // Two POSTs at once would deliver messages out of order (and concurrently).
            LOG.warn("closing Engine.IO session {} of {}: a second POST came while one was being read", id, remoteAddress);
            end("transport error", Ending.CLOSE);
            return PostOutcome.BAD_REQUEST;
        }
        try {
            List<Object> packets = decodePayload(body);
            if (packets == null) {
                LOG.warn("closing Engine.IO session {} of {}: malformed polling payload", id, remoteAddress);
                end("parse error", Ending.CLOSE);
                return PostOutcome.BAD_REQUEST;
            }
            for (Object packet : packets) {
                onPacket(packet, null);
            }
            return PostOutcome.OK;
        } finally {
            synchronized (this) {
                posting = false;
            }
        }
    }

    // ---- incoming packets

    /**
     * One packet from the client, decoded; {@code from} is the WebSocket it came on, null for polling. Runs on
     * the thread that read it; the transports never read two packets of a session at once.
     */
    private void onPacket(Object packet, EngineWebSocket from) {
        if (packet instanceof byte[] data) {
            deliver(data);
            return;
        }
        String text = (String) packet;
        switch (text.charAt(0)) {
            case '4' -> deliver(text.substring(1));
            case '3' -> onPong();
            case '2' -> {
                if (from != null && "probe".equals(text.substring(1))) {
                    onProbe(from);
                } else {
                    enqueue("3" + text.substring(1));
                }
            }
            case '1' -> end("transport close", Ending.CLIENT_CLOSED);
            case '5' -> {
                if (from != null) {
                    onUpgrade(from);
                }
            }
            default -> {
                // open (0) and noop (6) mean nothing coming from a client
            }
        }
    }

    private void deliver(String text) {
        if (isOpen()) {
            try {
                listener.onMessage(text);
            } catch (RuntimeException failure) {
                LOG.warn("the message listener of Engine.IO session {} failed: {}", id, failure.toString());
            }
        }
    }

    private void deliver(byte[] data) {
        if (isOpen()) {
            try {
                listener.onMessage(data);
            } catch (RuntimeException failure) {
                LOG.warn("the message listener of Engine.IO session {} failed: {}", id, failure.toString());
            }
        }
    }

    // ---- heartbeat

    /** Starts the heartbeat: the first ping goes out a ping interval from now. */
    synchronized void startHeartbeat() {
        heartbeat = server.schedule(this::ping, server.options().pingInterval());
    }

    private void ping() {
        synchronized (this) {
            if (!open) {
                return;
            }
            long deadline = System.nanoTime() + server.options().pingTimeout().toNanos();
            pongDeadline = deadline == 0 ? 1 : deadline;
            heartbeat = server.schedule(this::checkPong, server.options().pingTimeout());
        }
        enqueue("2");
    }

    private void checkPong() {
        boolean overdue;
        synchronized (this) {
            overdue = open && pongDeadline != 0;
        }
        if (overdue) {
            end("ping timeout", Ending.CLOSE);
        }
    }

    private synchronized void onPong() {
        if (!open || pongDeadline == 0) {
            return; // not asked for
        }
        pongDeadline = 0;
        cancelHeartbeat();
        heartbeat = server.schedule(this::ping, server.options().pingInterval());
    }

    /**
     * Whether the outstanding ping is past its deadline. Checked on each request as well as by the timer, so a
     * request racing with a late timer still sees the session as timed out.
     */
    private boolean pongOverdue() {
        return pongDeadline != 0 && System.nanoTime() - pongDeadline > 0;
    }

    private void cancelHeartbeat() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
        }
    }

    // ---- websocket

    /**
     * A direct WebSocket session gets its socket: writes the OPEN packet, then what was sent meanwhile, and from
     * now on packets go to the socket. Returns false if the session has ended already (the caller cuts the socket).
     *
     * <p>The OPEN packet is written here, under the monitor, with the socket attached. It used to be written
     * before: a client holding its sid could make another thread close() the session before it had its socket,
     * which then took it for a polling session, queued a close packet no poll would fetch, and left the
     * WebSocket open and silent.
     */
    boolean attachWebSocket(EngineWebSocket socket, String openPacket) {
        String overCap;
        boolean closedBeforehand;
        synchronized (this) {
            if (ended) {
                return false;
            }
            webSocket = socket;
            socket.write(openPacket);
            overCap = flushOutboxTo(socket);
            closedBeforehand = !open;
        }
        if (overCap != null) {
            dropSlowClient(overCap);
        } else if (closedBeforehand) {
            // close() came before the socket (from the open handler, or a thread it handed the session to): its
            // packets went out above; now the close frame. onClose("forced close") was reported by close().
            end("forced close", Ending.CLOSE);
        }
        return true;
    }

    /** A WebSocket offering an upgrade; false when this session cannot take one (it has one, or is closed). */
    synchronized boolean attachProbe(EngineWebSocket socket) {
        if (!open || probe != null || WEBSOCKET.equals(transport)) {
            return false;
        }
        probe = socket;
        return true;
    }

    private void onProbe(EngineWebSocket from) {
        PollRequest poll;
        synchronized (this) {
            if (from != probe || !open) {
                return;
            }
            from.write("3probe");
            // The client pauses polling now; a waiting poll is ended cleanly.
            poll = parkedPoll;
            parkedPoll = null;
        }
        if (poll != null) {
            poll.answer("6");
        }
    }

    private void onUpgrade(EngineWebSocket from) {
        PollRequest poll;
        String overCap;
        synchronized (this) {
            if (from != probe || !open) {
                return;
            }
            probe = null;
            webSocket = from;
            transport = WEBSOCKET;
            overCap = flushOutboxTo(from);
            poll = parkedPoll;
            parkedPoll = null;
        }
        if (poll != null) {
            // Came during the upgrade (one waiting before it was answered at the probe): too late now.
            poll.fail(HttpServletResponse.SC_BAD_REQUEST, EngineServer.BAD_REQUEST, "Session upgraded to websocket");
        }
        if (overCap != null) {
            dropSlowClient(overCap);
            return;
        }
        try {
            listener.onUpgrade();
        } catch (RuntimeException failure) {
            LOG.warn("the upgrade listener of Engine.IO session {} failed: {}", id, failure.toString());
        }
    }

    /** Moves the polling queue onto the WebSocket, in order; returns the cap exceeded, or null. */
    private String flushOutboxTo(EngineWebSocket socket) {
        String overCap = null;
        if (outbox != null) {
            for (Object packet : outbox) {
                overCap = socket.write(packet);
                if (overCap != null) {
                    break;
                }
            }
            outbox = null;
            outboxBytes = 0;
        }
        return overCap;
    }

    void onWebSocketText(EngineWebSocket from, String text) {
        synchronized (this) {
            if (from != webSocket && from != probe) {
                return; // a socket this session has let go
            }
        }
        if (text.isEmpty() || !isPacketType(text.charAt(0))) {
            LOG.warn("closing Engine.IO session {} of {}: malformed websocket packet", id, remoteAddress);
            end("parse error", Ending.CLOSE);
            return;
        }
        onPacket(text, from);
    }

    void onWebSocketBinary(EngineWebSocket from, byte[] data) {
        synchronized (this) {
            if (from != webSocket && from != probe) {
                return;
            }
        }
        onPacket(data, from);
    }

    /** The socket closed ({@code failed}: with an error). A failed probe only ends the upgrade attempt. */
    void onWebSocketClosed(EngineWebSocket from, boolean failed) {
        synchronized (this) {
            if (from == probe) {
                probe = null;
                // polling goes on
                return;
            }
            if (from != webSocket) {
                return;
            }
        }
        end(failed ? "transport error" : "transport close", Ending.CLIENT_CLOSED);
    }

    // ---- ending

    /**
     * Ends the session now: forgets its sid, tells the transport as {@code how} says, and reports {@code reason}
     * (unless a forced close reported already). Returns false if it had ended before.
     */
    boolean end(String reason, Ending how) {
        PollRequest poll;
        EngineWebSocket socket;
        EngineWebSocket abandonedProbe;
        synchronized (this) {
            if (ended) {
                return false;
            }
            poll = parkedPoll != null ? parkedPoll : latePoll;
            parkedPoll = null;
            latePoll = null;
            socket = webSocket;
            if (poll == null && how == Ending.CLIENT_CLOSED && socket == null) {
                // Before the session is marked ended: a poll that found the session just before will see this.
                server.rememberClientClose(id);
            }
            abandonedProbe = markEnded();
        }
        afterEnded(abandonedProbe);
        if (poll != null) {
            switch (how) {
                case CLOSE -> poll.answer("1");
                case CLIENT_CLOSED -> poll.answer("6");
                case DROP -> {
                    if (server.isClosed()) {
                        poll.fail(HttpServletResponse.SC_SERVICE_UNAVAILABLE, EngineServer.BAD_REQUEST, "Server is stopping");
                    } else {
                        poll.fail(HttpServletResponse.SC_BAD_REQUEST, EngineServer.UNKNOWN_SID, "Session ID unknown");
                    }
                }
            }
        }
        if (socket != null) {
            if (how == Ending.DROP) {
                socket.disconnect();
            } else {
                socket.close();
            }
        }
        reportClose(reason);
        return true;
    }

    /** Marks the session ended and releases what it holds; returns a probing socket to let go of. Guarded. */
    private EngineWebSocket markEnded() {
        ended = true;
        open = false;
        cancelHeartbeat();
        outbox = null;
        outboxBytes = 0;
        EngineWebSocket abandoned = probe;
        probe = null;
        return abandoned;
    }

    private void afterEnded(EngineWebSocket abandonedProbe) {
        server.forget(this);
        if (abandonedProbe != null) {
            abandonedProbe.disconnect();
        }
    }

    private void reportClose(String reason) {
        if (closeReported.compareAndSet(false, true)) {
            try {
                listener.onClose(reason);
            } catch (RuntimeException failure) {
                LOG.warn("the close listener of Engine.IO session {} failed: {}", id, failure.toString());
            }
        }
    }

    /** Splits and checks a polling payload; null when any packet in it is malformed. */
    static List<Object> decodePayload(String body) {
        List<Object> packets = new ArrayList<>();
        int start = 0;
        while (start <= body.length()) {
            int end = body.indexOf(SEPARATOR, start);
            if (end < 0) {
                end = body.length();
            }
            String packet = body.substring(start, end);
            if (packet.isEmpty()) {
                return null;
            }
            if (packet.charAt(0) == 'b') {
                try {
                    packets.add(Base64.getDecoder().decode(packet.substring(1)));
                } catch (IllegalArgumentException notBase64) {
                    return null;
                }
            } else if (isPacketType(packet.charAt(0))) {
                packets.add(packet);
            } else {
                return null;
            }
            start = end + 1;
        }
        return packets;
    }

    static boolean isPacketType(char type) {
        return type >= '0' && type <= '6';
    }
}
