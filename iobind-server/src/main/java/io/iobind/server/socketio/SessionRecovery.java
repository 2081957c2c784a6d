package io.iobind.server.socketio;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connection state recovery for one namespace, as socket.io 4.6+ clients expect it. Every event the server emits
 * carries an offset (appended as its last argument) and is kept for the recovery window; a socket that loses its
 * connection leaves its id and rooms behind under a private id ({@code pid}) for as long. A client that comes back
 * within the window sends its {@code pid} and the last offset it saw in its CONNECT payload and gets its socket back
 * (same id, same rooms) and the events it missed.
 *
 * <p>The log is bounded by age (the window) and by size: when it is full the oldest events go, and a client whose
 * offset is gone gets a new session instead (it then resynchronises as after any reconnect). Kept in memory: a
 * server restart ends every session anyway.
 */
final class SessionRecovery {

    /** Reasons after which a socket may come back; a client that left or broke the protocol may not. */
    private static final Set<String> RECOVERABLE = Set.of(
            "transport close", "transport error", "ping timeout", "forced close", "server shutdown");

    private static final SecureRandom RANDOM = new SecureRandom();

    /** An event kept for the sockets in any of {@code rooms} (all when empty) that are in none of {@code except}. */
    record Stored(String offset, long atNanos, PacketCodec.Encoded packet, Set<String> rooms, Set<String> except,
                  long bytes) {
    }

    record Session(String id, String pid, Set<String> rooms, long disconnectedAtNanos) {
    }

    /** What a returning client gets back, when it can. */
    record Restored(Session session, List<PacketCodec.Encoded> missed) {
    }

    private final long windowNanos;
    private final long maxBytes;
    private final String offsetPrefix = randomId(6) + "-";
    private final AtomicLong nextOffset = new AtomicLong();
    private final ArrayDeque<Stored> log = new ArrayDeque<>();
    private long logBytes;
    private final LinkedHashMap<String, Session> sessions = new LinkedHashMap<>();

    SessionRecovery(long windowNanos, long maxBytes) {
        this.windowNanos = windowNanos;
        this.maxBytes = maxBytes;
    }

    static String randomId(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    String newOffset() {
        return offsetPrefix + Long.toString(nextOffset.incrementAndGet(), 36);
    }

    /** Keeps an emitted event for the sockets in any of {@code rooms} (all when empty) and in none of {@code except}. */
    synchronized void store(String offset, PacketCodec.Encoded packet, Set<String> rooms, Set<String> except) {
        long now = System.nanoTime();
        long bytes = packet.bytes();
        log.addLast(new Stored(offset, now, packet, rooms, except, bytes));
        logBytes += bytes;
        expire(now);
    }

    /** Leaves a disconnected socket behind, when the reason allows it to come back. */
    synchronized void persist(NamespaceSocket socket, Set<String> rooms, String reason) {
        if (socket.pid() == null || !RECOVERABLE.contains(reason)) {
            return;
        }
        long now = System.nanoTime();
        sessions.put(socket.pid(), new Session(socket.id(), socket.pid(), Set.copyOf(rooms), now));
        expire(now);
    }

    /**
     * The session left under {@code pid} and the events after {@code offset} it should have received, or null when
     * it cannot be restored (unknown or expired pid, or an offset no longer, or never, in the log).
     */
    synchronized Restored restore(String pid, String offset) {
        long now = System.nanoTime();
        expire(now);
        Session session = sessions.remove(pid);
        if (session == null) {
            return null;
        }
        List<PacketCodec.Encoded> missed = new ArrayList<>();
        boolean found = false;
        for (Stored stored : log) {
            if (!found) {
                found = stored.offset().equals(offset);
                continue;
            }
            // A socket's rooms include its own id, so an event to or except one socket is matched by its rooms too.
            boolean addressed = stored.rooms().isEmpty() || intersects(session.rooms(), stored.rooms());
            if (addressed && !intersects(session.rooms(), stored.except())) {
                missed.add(stored.packet());
            }
        }
        if (!found) {
            // Its last event is gone from the log (or never was in it): what it missed cannot be told.
            return null;
        }
        return new Restored(session, missed);
    }

    private static boolean intersects(Set<String> rooms, Set<String> others) {
        for (String room : others) {
            if (rooms.contains(room)) {
                return true;
            }
        }
        return false;
    }

    private void expire(long now) {
        Stored oldest;
        while ((oldest = log.peekFirst()) != null && (now - oldest.atNanos() > windowNanos || logBytes > maxBytes)) {
            log.removeFirst();
            logBytes -= oldest.bytes();
        }
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
            if (now - it.next().disconnectedAtNanos() <= windowNanos) {
                break;
            }
            it.remove();
        }
    }

    synchronized int storedEvents() {
        return log.size();
    }
}
