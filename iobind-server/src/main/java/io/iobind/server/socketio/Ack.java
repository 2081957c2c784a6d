package io.iobind.server.socketio;

/**
 * The way to answer an event the client sent with an acknowledgement callback. The first {@link #send} answers;
 * the client's callback runs once, so later ones are dropped.
 */
public interface Ack {

    /**
     * Sends the acknowledgement with these arguments (JSON trees, {@link JsonText}, {@code byte[]}, or anything
     * the server's mapper writes; {@code null} is JSON null).
     *
     * @return false when the event was already answered or the client is gone
     */
    boolean send(Object... args);

    /** Whether {@link #send} was called. */
    boolean sent();
}
