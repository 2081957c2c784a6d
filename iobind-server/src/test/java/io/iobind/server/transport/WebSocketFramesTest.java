package io.iobind.server.transport;

import io.iobind.server.CapturedLog;
import io.iobind.server.transport.WireFrames.ServerFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.iobind.server.transport.EngineFixture.TIMEOUT_SECONDS;
import static io.iobind.server.transport.WireFrames.CLOSE;
import static io.iobind.server.transport.WireFrames.CONTINUATION;
import static io.iobind.server.transport.WireFrames.PING;
import static io.iobind.server.transport.WireFrames.PONG;
import static io.iobind.server.transport.WireFrames.TEXT;
import static io.iobind.server.transport.WireFrames.client;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link EngineWebSocket} does with WebSocket frames itself (it is a frame handler of Jetty's WebSocket core):
 * a message in several frames is delivered whole, pings are answered with their payload, a message over
 * maxPayload across frames closes with 1009, and a text message that is not UTF-8 closes with 1007. The client
 * is a plain socket writing frames byte by byte, so nothing between the test and the server fixes them up.
 */
class WebSocketFramesTest {

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
        sid = WireFrames.openSession(socket, fixture.port());
    }

    @AfterEach
    void close() throws Exception {
        socket.close();
        fixture.close();
    }

    @Test
    void aMessageInSeveralFramesArrivesWholeAndAPingBetweenThemIsAnswered() throws Exception {
        out.write(client(TEXT, false, "4héllo ".getBytes(StandardCharsets.UTF_8)));
        out.write(client(PING, true, "are you there".getBytes(StandardCharsets.UTF_8)));
        // "é" split between two frames: the message is decoded whole, not frame by frame.
        byte[] rest = "wörld".getBytes(StandardCharsets.UTF_8);
        out.write(client(CONTINUATION, false, Arrays.copyOfRange(rest, 0, 2)));
        out.write(client(CONTINUATION, true, Arrays.copyOfRange(rest, 2, rest.length)));

        ServerFrame pong = readFrame();
        assertThat(pong.opCode()).isEqualTo(PONG);
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
            out.write(client(TEXT, false, half));
            out.write(client(CONTINUATION, true, half));
            ServerFrame close = readFrame();
            assertThat(close.opCode()).isEqualTo(CLOSE);
            assertThat(close.closeCode()).isEqualTo(1009);
            log.awaitLine("WARN", "closing websocket of 127.0.0.1:", "message over " + EngineFixture.MAX_PAYLOAD + " bytes");
        }
        assertThat(fixture.session(sid).closeReason()).isEqualTo("transport error");
        assertThat(fixture.session(sid).received).isEmpty();
    }

    @Test
    void aTextMessageThatIsNotUtf8ClosesWith1007() throws Exception {
        try (CapturedLog log = CapturedLog.start()) {
            out.write(client(TEXT, true, new byte[] {'4', (byte) 0xC3, '('}));
            ServerFrame close = readFrame();
            assertThat(close.opCode()).isEqualTo(CLOSE);
            assertThat(close.closeCode()).isEqualTo(1007);
            assertThat(fixture.session(sid).closeReason()).isEqualTo("transport error");
            assertThat(log.lines()).as("a client's bad bytes are no server warning").isEmpty();
        }
        assertThat(fixture.session(sid).received).isEmpty();
    }

    private ServerFrame readFrame() throws IOException {
        return WireFrames.read(in);
    }
}
