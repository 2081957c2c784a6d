package io.iobind.server.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One Engine.IO message packet ({@code 4<text>}), encoded once and shared by every session it is sent to: a
 * broadcast to a thousand clients, or queued for a hundred slow ones, or kept for connection state recovery, holds
 * its bytes once, not once per recipient. Immutable.
 */
public final class EngineMessage {

    /** The packet's UTF-8 bytes, type included; never written to (frames get views of them). */
    private final byte[] utf8;

    private EngineMessage(byte[] utf8) {
        this.utf8 = utf8;
    }

    /** A message packet carrying {@code text} (e.g. an encoded Socket.IO packet). */
    public static EngineMessage of(String text) {
        return new EngineMessage(("4" + text).getBytes(StandardCharsets.UTF_8));
    }

    /** The packet as written on the wire, type included. */
    String packet() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** The text it carries (without the packet type). */
    public String text() {
        return new String(utf8, 1, utf8.length - 1, StandardCharsets.UTF_8);
    }

    /** Its size in bytes, which is what it counts against a session's outgoing cap. */
    public int length() {
        return utf8.length;
    }

    /** Whether it carries a Socket.IO acknowledgement, a reply its client waits for. */
    boolean isReply() {
        return utf8.length > 1 && utf8[1] == '3';
    }

    /** The bytes, as a buffer of its own (position and limit) over the shared content. */
    ByteBuffer payload() {
        return ByteBuffer.wrap(utf8);
    }

    @Override
    public String toString() {
        return packet();
    }
}
