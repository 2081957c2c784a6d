package io.iobind.server.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link EngineServer}.
 *
 * @param pingInterval      how often the server pings each session (sent in the handshake)
 * @param pingTimeout       how long a ping may stay unanswered before the session is closed (sent in the handshake)
 * @param maxPayload        bytes: the largest polling body and WebSocket message accepted; sent in the handshake so
 *                          clients size their polling payloads to it
 * @param maxOutgoingFrames packets waiting for one session, not yet written to the network (WebSocket) or not yet
 *                          collected by a poll (polling); more and the session is dropped as a slow client
 * @param maxOutgoingBytes  the same, counted in characters/bytes of the packets
 */
public record EngineOptions(Duration pingInterval, Duration pingTimeout, int maxPayload,
                            int maxOutgoingFrames, long maxOutgoingBytes) {

    public EngineOptions {
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(pingTimeout, "pingTimeout");
        if (pingInterval.isNegative() || pingInterval.isZero() || pingTimeout.isNegative() || pingTimeout.isZero()) {
            throw new IllegalArgumentException("pingInterval and pingTimeout must be positive");
        }
        if (maxPayload <= 0 || maxOutgoingFrames <= 0 || maxOutgoingBytes <= 0) {
            throw new IllegalArgumentException("maxPayload, maxOutgoingFrames and maxOutgoingBytes must be positive");
        }
    }
}
