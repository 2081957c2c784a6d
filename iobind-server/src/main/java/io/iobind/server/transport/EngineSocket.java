package io.iobind.server.transport;

import java.util.List;
import java.util.Map;

/** One Engine.IO session, whatever its transport. Thread-safe. */
public interface EngineSocket {

    /** The session id (sid). */
    String id();

    /** {@code "polling"} or {@code "websocket"} (after an upgrade, or a direct WebSocket session). */
    String transport();

    /** The handshake request's query parameters, decoded. */
    Map<String, String> query();

    /** The handshake request's headers; names are looked up case-insensitively. */
    Map<String, List<String>> headers();

    /** {@code "ip:port"} of the handshake request. */
    String remoteAddress();

    /**
     * Sends one message packet (type 4) with this text. Never blocks: queued for the transport. Returns false when
     * the session is closed (or was just dropped for being over its outgoing caps).
     */
    boolean send(String text);

    /**
     * Sends a message encoded once for many sessions (see {@link EngineMessage}); otherwise as {@link #send(String)}.
     */
    boolean send(EngineMessage message);

    /** Sends one binary message; see {@link #send(String)}. */
    boolean send(byte[] data);

    /**
     * Closes the session: messages already sent still reach the client (polling: in the next poll; websocket:
     * before the close), then the transport closes; onClose("forced close") fires.
     */
    void close();

    /**
     * Drops the transport at once without any close packet, as a crashed/restarting server would (clients
     * reconnect); for shutdown. onClose("transport close").
     */
    void drop();

    boolean isOpen();

    /** Set by the open callback before any message of the session is delivered. */
    void listener(Listener listener);

    interface Listener {
        /** A message from the client, on a network thread, in order; calls for one session never overlap. Must not block. */
        void onMessage(String text);

        void onMessage(byte[] data);

        /**
         * Once, when the session ends; reason one of "transport close", "transport error", "ping timeout",
         * "forced close", "parse error", "slow client", "server shutdown".
         */
        void onClose(String reason);

        /** Polling → websocket done. */
        default void onUpgrade() {
        }
    }
}
