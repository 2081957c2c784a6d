package io.iobind.server.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One Engine.IO message packet ({@code 4<text>}), encoded once and shared by every session it is sent to: a
 * broadcast to a thousand clients, or queued for a hundred slow ones, or kept for connection state recovery, holds
 * its bytes once, not once per recipient. Immutable.
 *
 * <p>The bytes are kept behind the header of the WebSocket text frame that carries them (a server's frames are not
 * masked, so that frame is the same for every recipient): a WebSocket connection with nothing else to write sends
 * the whole frame with one write of its socket (see {@link EngineWebSocket}), a few bytes more per message.
 */
public final class EngineMessage {

    /** A final text frame (FIN, opcode 1), as every message packet goes out. */
    private static final byte FINAL_TEXT = (byte) 0x81;

    /** The WebSocket frame: its header, then the packet's UTF-8 bytes, type included; never written to. */
    private final byte[] frame;
    /** Where the packet starts in {@link #frame}: the header's length. */
    private final int start;

    private EngineMessage(byte[] frame, int start) {
        this.frame = frame;
        this.start = start;
    }

    /** A message packet carrying {@code text} (e.g. an encoded Socket.IO packet). */
    public static EngineMessage of(String text) {
        byte[] packet = ("4" + text).getBytes(StandardCharsets.UTF_8);
        int length = packet.length;
        int start = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[start + length];
        ByteBuffer header = ByteBuffer.wrap(frame);
        header.put(FINAL_TEXT);
        if (length < 126) {
            header.put((byte) length);
        } else if (length <= 0xFFFF) {
            header.put((byte) 126).putShort((short) length);
        } else {
            header.put((byte) 127).putLong(length);
        }
        header.put(packet);
        return new EngineMessage(frame, start);
    }

    /** The packet as written on the wire, type included. */
    String packet() {
        return new String(frame, start, frame.length - start, StandardCharsets.UTF_8);
    }

    /** The text it carries (without the packet type). */
    public String text() {
        return new String(frame, start + 1, frame.length - start - 1, StandardCharsets.UTF_8);
    }

    /** Its size in bytes, which is what it counts against a session's outgoing cap. */
    public int length() {
        return frame.length - start;
    }

    /** Whether it carries a Socket.IO acknowledgement, a reply its client waits for. */
    boolean isReply() {
        return length() > 1 && frame[start + 1] == '3';
    }

    /**
     * The packet's bytes, as a buffer of its own over the shared content: from its position (after the frame
     * header) to its limit.
     */
    ByteBuffer payload() {
        return ByteBuffer.wrap(frame, start, frame.length - start);
    }

    /** The whole WebSocket text frame carrying the packet (header and payload), as a buffer of its own. */
    ByteBuffer frame() {
        return ByteBuffer.wrap(frame);
    }

    @Override
    public String toString() {
        return packet();
    }
}
