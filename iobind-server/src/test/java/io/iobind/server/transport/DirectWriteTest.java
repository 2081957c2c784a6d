package io.iobind.server.transport;

import io.iobind.server.transport.WireFrames.ServerFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.iobind.server.transport.EngineFixture.TIMEOUT_SECONDS;
import static io.iobind.server.transport.WireFrames.CLOSE;
import static io.iobind.server.transport.WireFrames.PING;
import static io.iobind.server.transport.WireFrames.PONG;
import static io.iobind.server.transport.WireFrames.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages written straight to a WebSocket's socket (see {@link EngineWebSocket}): what a client receives is the
 * same frames, whole and in order, when the socket takes them at once, when it takes only part of one (the client
 * stopped reading) and frames, a pong and a close come after it, and when a message is too large for the direct
 * path. The client is a plain socket with a small receive buffer, reading frames byte by byte.
 */
class DirectWriteTest {

    private EngineFixture fixture;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private EngineSocket session;

    @BeforeEach
    void connect() throws Exception {
        fixture = EngineFixture.recording(EngineFixture.options(Duration.ofSeconds(60), Duration.ofSeconds(60)));
        socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.setSoTimeout((int) TIMEOUT_SECONDS * 1000);
        socket.connect(new InetSocketAddress("127.0.0.1", fixture.port()));
        in = socket.getInputStream();
        out = socket.getOutputStream();
        session = fixture.session(WireFrames.openSession(socket, fixture.port())).socket;
    }

    @AfterEach
    void close() throws Exception {
        socket.close();
        fixture.close();
    }

    @Test
    void aMessageToAConnectionWithNothingPendingIsWrittenStraightToItsSocket() throws Exception {
        // Payload lengths around the frame header's size steps: 7-bit, then 16-bit lengths.
        for (int length : new int[] {1, 125, 126, 1000, 65535 / 4, EngineWebSocket.DIRECT_MAX_BYTES}) {
            long before = fixture.engine.directWrites();
            String text = "é".repeat((length - 1) / 2) + "x".repeat((length - 1) % 2);
            assertThat(session.send(text)).isTrue();

            ServerFrame frame = WireFrames.read(in);
            assertThat(frame.opCode()).isEqualTo(TEXT);
            assertThat(frame.fin()).isTrue();
            assertThat(frame.payload()).as("the packet's bytes").hasSize(length);
            assertThat(frame.text()).isEqualTo("4" + text);
            assertThat(fixture.engine.directWrites()).as("written directly: %d bytes", length).isEqualTo(before + 1);
        }
        assertThat(fixture.engine.directWritesCutShort()).isZero();
    }

    @Test
    void aMessageOverTheDirectLimitTakesJettysPath() throws Exception {
        long before = fixture.engine.directWrites();
        String text = "y".repeat(70_000); // a 64-bit length in the frame header

        assertThat(session.send(text)).isTrue();

        ServerFrame frame = WireFrames.read(in);
        assertThat(frame.text()).isEqualTo("4" + text);
        assertThat(fixture.engine.directWrites()).isEqualTo(before);
    }

    @Test
    void theFramesHeaderMatchesItsLengthAtEverySize() {
        for (int length : new int[] {2, 125, 126, 65535, 65536, 70_000}) {
            EngineMessage message = EngineMessage.of("z".repeat(length - 1));
            byte[] frame = new byte[message.frame().remaining()];
            message.frame().get(frame);
            int header = length < 126 ? 2 : length <= 65535 ? 4 : 10;
            assertThat(frame).hasSize(header + length);
            assertThat(frame[0]).as("final text frame").isEqualTo((byte) 0x81);
            long encoded = length < 126 ? frame[1]
                    : length <= 65535 ? ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF)
                    : ByteBuffer.wrap(frame, 2, 8).getLong();
            assertThat(encoded).isEqualTo(length);
            assertThat(frame[1] & 0xFF).isEqualTo(length < 126 ? length : length <= 65535 ? 126 : 127);
            assertThat(new String(frame, header, length, StandardCharsets.UTF_8)).isEqualTo(message.packet());
            assertThat(message.payload().remaining()).isEqualTo(length);
            assertThat(message.length()).isEqualTo(length);
        }
    }

    @Test
    void framesAndAPongAfterADirectWriteCutShortArriveWholeAndInOrder() throws Exception {
        int cutAt = sendUntilADirectWriteIsCutShort();
        // A ping now: its pong waits behind the direct write's rest too.
        out.write(WireFrames.client(PING, true, "still there?".getBytes(StandardCharsets.UTF_8)));
        out.flush();
        int total = cutAt + 50;
        for (int i = cutAt; i < total; i++) {
            assertThat(session.send(numbered(i))).isTrue();
        }

        List<String> texts = new ArrayList<>();
        int pongs = 0;
        while (texts.size() < total) {
            ServerFrame frame = WireFrames.read(in);
            if (frame.opCode() == PONG) {
                assertThat(frame.text()).isEqualTo("still there?");
                pongs++;
            } else {
                assertThat(frame.opCode()).isEqualTo(TEXT);
                texts.add(frame.text());
            }
        }
        if (pongs == 0) {
            assertThat(WireFrames.read(in).opCode()).isEqualTo(PONG);
        }
        for (int i = 0; i < total; i++) {
            assertThat(texts.get(i)).as("message %d", i).isEqualTo("4" + numbered(i));
        }
        EngineFixture.awaitTrue("everything written", () -> ((EngineSession) session).pendingBytes() == 0);
    }

    @Test
    void aCloseFromTheClientIsAnsweredAfterTheRestOfADirectWrite() throws Exception {
        int total = sendUntilADirectWriteIsCutShort();
        out.write(WireFrames.client(CLOSE, true, new byte[] {0x03, (byte) 0xE8})); // 1000
        out.flush();

        for (int i = 0; i < total; i++) {
            ServerFrame frame = WireFrames.read(in);
            assertThat(frame.opCode()).as("frame %d", i).isEqualTo(TEXT);
            assertThat(frame.text()).isEqualTo("4" + numbered(i));
        }
        ServerFrame close = WireFrames.read(in);
        assertThat(close.opCode()).isEqualTo(CLOSE);
        assertThat(close.closeCode()).isEqualTo(1000);
        assertThat(in.read()).as("the connection ends after the close").isEqualTo(-1);
    }

    /**
     * Sends numbered messages to the client, which does not read, until the socket takes only part of one written
     * directly; returns how many were sent. Every message before that one was written directly and whole.
     */
    private int sendUntilADirectWriteIsCutShort() throws IOException {
        int sent = 0;
        while (fixture.engine.directWritesCutShort() == 0) {
            assertThat(sent).as("the kernel's buffers fill up").isLessThan(100_000);
            assertThat(session.send(numbered(sent))).isTrue();
            sent++;
        }
        assertThat(fixture.engine.directWrites()).isEqualTo(sent);
        return sent;
    }

    private static String numbered(int i) {
        return i + ":" + "m".repeat(1000);
    }
}
