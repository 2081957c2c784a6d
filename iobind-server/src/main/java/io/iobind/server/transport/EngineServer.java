package io.iobind.server.transport;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The Engine.IO v4 sessions of one server: creates them, finds them by sid, runs their heartbeats, and ends them
 * all on {@link #close()}. The HTTP and WebSocket sides are {@link EngineServlet}'s.
 *
 * <p>Every heartbeat runs on one shared timer thread, each session holding at most one scheduled task, so ten
 * thousand idle sessions cost ten thousand small queue entries and no thread.
 */
public final class EngineServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EngineServer.class);

    // Engine.IO's error codes, which clients know.
    static final int UNKNOWN_TRANSPORT = 0;
    static final int UNKNOWN_SID = 1;
    static final int BAD_HANDSHAKE_METHOD = 2;
    static final int BAD_REQUEST = 3;
    static final int FORBIDDEN = 4;
    static final int UNSUPPORTED_PROTOCOL_VERSION = 5;

    private static final Duration CLIENT_CLOSE_MEMORY = Duration.ofSeconds(1);
    private static final int SID_BYTES = 15; // 20 base64url characters, 120 random bits

    private final EngineOptions options;
    private final WriteBatch writeBatch;
    private final Consumer<EngineSocket> onOpen;
    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private final SecureRandom random = new SecureRandom();
    /**
     * Polls not yet ended, so that a shutdown answers any a session did not. Kept as PollRequests, not bare
     * AsyncContexts, so the shutdown goes through their answered-once guard (see {@link #close()}).
     */
    private final Set<PollRequest> openPolls = ConcurrentHashMap.newKeySet();
    /**
     * Polling sessions the client closed while no poll was waiting, for a moment: see {@link #takeClientClosed}.
     */
    private final Map<String, Boolean> closedByClient = new ConcurrentHashMap<>();
    private volatile boolean closed;
    /** WebSocket frames written straight to their socket (see {@link EngineWebSocket}); those cut short. */
    private final LongAdder directWrites = new LongAdder();
    private final LongAdder directWritesCutShort = new LongAdder();

    /**
     * @param writeBatch where WebSocket frames written on its handler threads are batched; null to write every
     *                   frame at once
     * @param onOpen     called once per new session, before its OPEN packet can reach the client and before any
     *                   of its messages is delivered; sets the session's listener
     */
    public EngineServer(EngineOptions options, WriteBatch writeBatch, Consumer<EngineSocket> onOpen) {
        this.options = Objects.requireNonNull(options, "options");
        this.writeBatch = writeBatch;
        this.onOpen = Objects.requireNonNull(onOpen, "onOpen");
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "iobind-engine-timer");
            thread.setDaemon(true);
            return thread;
        });
        // Most heartbeat tasks are cancelled (a pong came): remove them at once rather than when they would run.
        scheduler.setRemoveOnCancelPolicy(true);
        this.timer = scheduler;
    }

    public EngineOptions options() {
        return options;
    }

    public int openSessions() {
        return sessions.size();
    }

    /** How many WebSocket frames were written straight to their socket, skipping Jetty's frame queue. */
    public long directWrites() {
        return directWrites.sum();
    }

    /** How many of those the socket took only part of, leaving the rest to Jetty. */
    public long directWritesCutShort() {
        return directWritesCutShort.sum();
    }

    void countDirectWrite(boolean whole) {
        directWrites.increment();
        if (!whole) {
            directWritesCutShort.increment();
        }
    }

    /** Stops the timers, drops every session (onClose("server shutdown")) and answers parked polls (503). */
    @Override
    public void close() {
        closed = true;
        for (EngineSession session : List.copyOf(sessions.values())) {
            session.end("server shutdown", EngineSession.Ending.DROP);
        }
        for (PollRequest poll : List.copyOf(openPolls)) {
            openPolls.remove(poll);
            // A no-op for a poll answered already: the loop above just answered the parked ones (503), and a send
            // on another thread may be answering one now. Their answers are still being written, and completing
            // their AsyncContexts here, as this loop once did, cut them short: Jetty turned a response missing
            // its declared body into a 500, which a waiting client got instead of the 503.
            poll.fail(HttpServletResponse.SC_SERVICE_UNAVAILABLE, BAD_REQUEST, "Server is stopping");
        }
        timer.shutdownNow();
    }

    boolean isClosed() {
        return closed;
    }

    WriteBatch writeBatch() {
        return writeBatch;
    }

    /** Remembers a poll until {@link #forgetPoll}, so that {@link #close()} can answer it. */
    void trackPoll(PollRequest poll) {
        openPolls.add(poll);
    }

    /** The poll's request ended (answered, timed out or failed). */
    void forgetPoll(PollRequest poll) {
        openPolls.remove(poll);
    }

    /** Polls whose requests have not ended yet; for tests. */
    int openPolls() {
        return openPolls.size();
    }

    EngineSession session(String sid) {
        return sid == null ? null : sessions.get(sid);
    }

    void forget(EngineSession session) {
        sessions.remove(session.id(), session);
    }

    /**
     * Remembers for a moment that the client closed this polling session. A client sends its close packet in a
     * POST while its poll may still be on the way on another connection; that poll gets the noop it would have
     * got had it arrived first (see {@link #takeClientClosed}), instead of an error.
     */
    void rememberClientClose(String sid) {
        closedByClient.put(sid, Boolean.TRUE);
        if (schedule(() -> closedByClient.remove(sid), CLIENT_CLOSE_MEMORY) == null) {
            closedByClient.remove(sid);
        }
    }

    /** Whether the client just closed this session (once: later requests find the sid unknown). */
    boolean takeClientClosed(String sid) {
        return sid != null && closedByClient.remove(sid) != null;
    }

    /** A new session, registered and announced to {@code onOpen}; null once the server is closed. */
    EngineSession open(String transport, Map<String, String> query, Map<String, List<String>> headers,
                       String remoteAddress) {
        if (closed) {
            return null;
        }
        EngineSession session;
        do {
            session = new EngineSession(this, newSid(), transport, query, headers, remoteAddress);
        } while (sessions.putIfAbsent(session.id(), session) != null);
        session.startHeartbeat();
        try {
            onOpen.accept(session);
        } catch (RuntimeException failure) {
            LOG.warn("the open handler failed for Engine.IO session {} of {}: {}", session.id(), remoteAddress,
                    failure.toString());
        }
        if (closed) {
            session.end("server shutdown", EngineSession.Ending.DROP);
            return null;
        }
        return session;
    }

    /**
     * A direct WebSocket session: opened, then the socket attached as its transport, which writes the OPEN packet;
     * null once the server is closed or the session ended before it had its socket.
     */
    EngineSession openWebSocketSession(EngineWebSocket socket, Map<String, String> query,
                                       Map<String, List<String>> headers, String remoteAddress) {
        EngineSession session = open(EngineSession.WEBSOCKET, query, headers, remoteAddress);
        // Anything the open handler sent waits in the session's queue and follows the OPEN packet.
        if (session != null && !session.attachWebSocket(socket, openPacket(session, false))) {
            return null;
        }
        return session;
    }

    /** The handshake's OPEN packet. */
    String openPacket(EngineSession session, boolean canUpgrade) {
        return "0{\"sid\":\"" + session.id() + "\",\"upgrades\":" + (canUpgrade ? "[\"websocket\"]" : "[]")
                + ",\"pingInterval\":" + options.pingInterval().toMillis()
                + ",\"pingTimeout\":" + options.pingTimeout().toMillis()
                + ",\"maxPayload\":" + options.maxPayload() + "}";
    }

    private String newSid() {
        byte[] bytes = new byte[SID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Schedules on the shared timer; null once the server is closed. */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closedAlready) {
            return null;
        }
    }

    /** Runs a short task on the timer thread (inline once the server is closed). */
    void execute(Runnable task) {
        try {
            timer.execute(task);
        } catch (RejectedExecutionException closedAlready) {
            task.run();
        }
    }
}
