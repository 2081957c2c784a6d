package io.iobind.server.transport;

import io.iobind.server.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.iobind.server.transport.EngineFixture.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link EngineWebSocket} does with WebSocket frames itself (it is a frame handler of Jetty's WebSocket core):
 * a message in several frames is delivered whole, pings are answered with their payload, a message over
 * maxPayload across frames closes with 1009, and a text message that is not UTF-8 closes with 1007. The client
 * is a plain socket writing frames byte by byte, so nothing between the test and the server fixes them up.
 */
class WebSocketFramesTest {

    private static final int TEXT = 0x1;
    private static final int CONTINUATION = 0x0;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;

    private EngineFixture fixture;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private String sid;

    @BeforeEach
    void connect() throws Exception {
        fixture = EngineFixture.echo();
        socket = new Socket("127.0.0.1", fixture.port());
        socket.setSoTimeout((int) TIMEOUT_SECONDS * 1000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
        out.write((EngineFixture.webSocketUpgrade("EIO=4&transport=websocket") + "Host: 127.0.0.1:" + fixture.port()
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(EngineFixture.readHead(in)).startsWith("HTTP/1.1 101");
        ServerFrame open = readFrame();
        assertThat(open.text()).startsWith("0{\"sid\"");
        sid = EngineFixture.sidOf(open.text());
    }

    @AfterEach
    void close() throws Exception {
        socket.close();
        fixture.close();
    }

    @Test
    void aMessageInSeveralFramesArrivesWholeAndAPingBetweenThemIsAnswered() throws Exception {
        out.write(frame(TEXT, false, "4héllo ".getBytes(StandardCharsets.UTF_8)));
        out.write(frame(PING, true, "are you there".getBytes(StandardCharsets.UTF_8)));
        // "é" split between two frames: the message is decoded whole, not frame by frame.
        byte[] rest = "wörld".getBytes(StandardCharsets.UTF_8);
        out.write(frame(CONTINUATION, false, Arrays.copyOfRange(rest, 0, 2)));
        out.write(frame(CONTINUATION, true, Arrays.copyOfRange(rest, 2, rest.length)));

        ServerFrame pong = readFrame();
        assertThat(pong.opCode).isEqualTo(PONG);
        assertThat(pong.text()).isEqualTo("are you there");
        assertThat(fixture.session(sid).nextReceived()).isEqualTo("héllo wörld");
        assertThat(readFrame().text()).isEqualTo("4héllo wörld");
    }

    @Test
    void aMessageOverMaxPayloadAcrossFramesClosesWith1009() throws Exception {
        byte[] half = new byte[EngineFixture.MAX_PAYLOAD / 2 + 1];
        Arrays.fill(half, (byte) 'x');
        half[0] = '4';
        try (CapturedLog log = CapturedLog.start()) {
            out.write(frame(TEXT, false, half));
            out.write(frame(CONTINUATION, true, half));
            ServerFrame close = readFrame();
            assertThat(close.opCode).isEqualTo(CLOSE);
            assertThat(close.closeCode()).isEqualTo(1009);
            log.awaitLine("WARN", "closing websocket of 127.0.0.1:", "message over " + EngineFixture.MAX_PAYLOAD + " bytes");
        }
        assertThat(fixture.session(sid).closeReason()).isEqualTo("transport error");
        assertThat(fixture.session(sid).received).isEmpty();
    }

    @Test
    void aTextMessageThatIsNotUtf8ClosesWith1007() throws Exception {
        try (CapturedLog log = CapturedLog.start()) {
            out.write(frame(TEXT, true, new byte[] {'4', (byte) 0xC3, '('}));
            ServerFrame close = readFrame();
            assertThat(close.opCode).isEqualTo(CLOSE);
            assertThat(close.closeCode()).isEqualTo(1007);
            assertThat(fixture.session(sid).closeReason()).isEqualTo("transport error");
            assertThat(log.lines()).as("a client's bad bytes are no server warning").isEmpty();
        }
        assertThat(fixture.session(sid).received).isEmpty();
    }

    /** A client frame: masked, as RFC 6455 requires of clients. */
    private static byte[] frame(int opCode, boolean fin, byte[] payload) {
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

    private ServerFrame readFrame() throws IOException {
        int first = in.read();
        int second = in.read();
        assertThat(first).as("a frame from the server").isNotEqualTo(-1);
        assertThat(second & 0x80).as("server frames are not masked").isZero();
        long length = second & 0x7F;
        if (length == 126) {
            length = ((in.read() & 0xFF) << 8) | (in.read() & 0xFF);
        } else if (length == 127) {
            length = ByteBuffer.wrap(in.readNBytes(8)).getLong();
        }
        return new ServerFrame(first & 0x0F, in.readNBytes((int) length));
    }

    private record ServerFrame(int opCode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }
}
