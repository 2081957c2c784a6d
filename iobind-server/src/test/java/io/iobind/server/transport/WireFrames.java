package io.iobind.server.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSocket frames byte by byte, for tests whose client is a plain socket, so that nothing between the test and
 * the server fixes frames up or reads ahead.
 */
final class WireFrames {

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private WireFrames() {
    }

    /**
     * Upgrades {@code socket} (connected to the fixture) to a direct WebSocket session and reads the OPEN packet;
     * returns the sid.
     */
    static String openSession(Socket socket, int port) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((EngineFixture.webSocketUpgrade("EIO=4&transport=websocket") + "Host: 127.0.0.1:" + port
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.getInputStream();
        assertThat(EngineFixture.readHead(in)).startsWith("HTTP/1.1 101");
        ServerFrame open = read(in);
        assertThat(open.text()).startsWith("0{\"sid\"");
        return EngineFixture.sidOf(open.text());
    }

    /** A client frame: masked, as RFC 6455 requires of clients. */
    static byte[] client(int opCode, boolean fin, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | opCode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        byte[] mask = {0x37, (byte) 0xFA, 0x21, 0x3D};
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /** Reads one server frame, which must be final and unmasked. */
    static ServerFrame read(InputStream in) throws IOException {
        int first = in.read();
        int second = in.read();
        assertThat(first).as("a frame from the server").isNotEqualTo(-1);
        assertThat(first & 0x70).as("no reserved bit set").isZero();
        assertThat(second & 0x80).as("server frames are not masked").isZero();
        long length = second & 0x7F;
        if (length == 126) {
            length = ((in.read() & 0xFF) << 8) | (in.read() & 0xFF);
        } else if (length == 127) {
            length = ByteBuffer.wrap(in.readNBytes(8)).getLong();
        }
        byte[] payload = in.readNBytes((int) length);
        assertThat(payload).as("the frame's whole payload").hasSize((int) length);
        return new ServerFrame(first & 0x0F, (first & 0x80) != 0, payload);
    }

    record ServerFrame(int opCode, boolean fin, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }
}
