package io.iobind.server.transport;

import io.iobind.server.CapturedLog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.iobind.server.transport.EngineFixture.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outgoing caps: a client that stops reading (WebSocket) or stops polling makes its packets pile up on the
 * server; past {@code maxOutgoingBytes} or {@code maxOutgoingFrames} the session is dropped as a slow client, one
 * INFO line says so, and what it held is released.
 */
class EngineCapsTest {

    private static final Duration NO_PINGS = Duration.ofSeconds(60);
    private static final int MIB = 1024 * 1024;
    /** Far more than a loopback connection's kernel buffers hold, so the caps are what stops the server. */
    private static final int MAX_SENDS = 100_000;

    private static EngineOptions caps(int maxOutgoingFrames, long maxOutgoingBytes) {
        return new EngineOptions(NO_PINGS, NO_PINGS, EngineFixture.MAX_PAYLOAD, maxOutgoingFrames, maxOutgoingBytes);
    }

    // ---- websocket

    @Test
    void aWebSocketClientThatStopsReadingIsDroppedOverTheByteCap() throws Exception {
        try (EngineFixture server = EngineFixture.recording(caps(100_000, 2L * MIB))) {
            dropsAWebSocketClientThatStopsReading(server, "z".repeat(64 * 1024), 2L * MIB + " bytes");
        }
    }

    @Test
    void aWebSocketClientThatStopsReadingIsDroppedOverTheFrameCap() throws Exception {
        try (EngineFixture server = EngineFixture.recording(caps(64, 1L << 30))) {
            dropsAWebSocketClientThatStopsReading(server, "s".repeat(1024), "64 frames");
        }
    }

    private static void dropsAWebSocketClientThatStopsReading(EngineFixture server, String message, String cap)
            throws Exception {
        try (CapturedLog log = CapturedLog.start(); Socket silent = new Socket()) {
            String sid = openWithoutReading(silent, server.port());
            EngineFixture.Recorder session = server.session(sid);
            String address = "127.0.0.1:" + silent.getLocalPort();
            assertThat(session.socket.remoteAddress()).isEqualTo(address);

            int sent = sendUntilRefused(session.socket, message);

            assertThat(sent).as("the server stopped taking messages for the client").isLessThan(MAX_SENDS);
            assertThat(session.closeReason()).isEqualTo("slow client");
            assertThat(session.closeReasons).hasSize(1);
            assertThat(server.engine.openSessions()).isZero();
            // Jetty fails the frames it still held when the connection is cut, which releases their count.
            EngineFixture.awaitTrue("the queued frames released",
                    () -> ((EngineSession) session.socket).pendingBytes() == 0);
            assertThat(session.socket.send(message)).isFalse();
            assertThatTheConnectionWasCut(silent);
            assertSlowClientLogged(log.lines(), sid, address, "websocket", cap);
        }
    }

    /**
     * Opens a direct WebSocket session by hand on a socket with a tiny receive buffer, reads the OPEN packet and
     * returns the sid; the socket is never read again.
     */
    private static String openWithoutReading(Socket socket, int port) throws IOException {
        socket.setReceiveBufferSize(4096);
        socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        return WireFrames.openSession(socket, port);
    }

    /** Reads what the kernel still holds: the server must have closed or reset the connection behind it. */
    private static void assertThatTheConnectionWasCut(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            while (in.read(buffer) != -1) {
                // drain
            }
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("the server left the slow client's connection open", stillOpen);
        } catch (SocketException reset) {
            // cut with a reset: as good as a close
        }
    }

    // ---- polling

    @Test
    void aPollingClientThatStopsPollingIsDroppedOverTheByteCap() throws Exception {
        try (EngineFixture server = EngineFixture.recording(caps(100_000, 64 * 1024))) {
            dropsAPollingClientThatStopsPolling(server, "p".repeat(1024), 64 * 1024 + " bytes");
        }
    }

    @Test
    void aPollingClientThatStopsPollingIsDroppedOverThePacketCap() throws Exception {
        try (EngineFixture server = EngineFixture.recording(caps(10, 1L << 30))) {
            dropsAPollingClientThatStopsPolling(server, "small", "10 packets");
        }
    }

    private static void dropsAPollingClientThatStopsPolling(EngineFixture server, String message, String cap)
            throws Exception {
        try (CapturedLog log = CapturedLog.start()) {
            String sid = server.handshake();
            EngineFixture.Recorder session = server.session(sid);
            // While it polls, nothing piles up.
            for (int i = 0; i < 3; i++) {
                assertThat(session.socket.send(message)).isTrue();
                assertThat(server.poll(sid).body()).isEqualTo("4" + message);
            }
            assertThat(((EngineSession) session.socket).pendingBytes()).isZero();

            // It stops polling.
            int sent = sendUntilRefused(session.socket, message);

            assertThat(sent).as("the server stopped taking messages for the client").isLessThan(MAX_SENDS);
            assertThat(session.closeReason()).isEqualTo("slow client");
            assertThat(session.closeReasons).hasSize(1);
            assertThat(((EngineSession) session.socket).pendingBytes()).isZero();
            assertThat(server.engine.openSessions()).isZero();
            HttpResponse<String> poll = server.poll(sid);
            assertThat(poll.statusCode()).isEqualTo(400);
            assertThat(poll.body()).contains("\"code\":1");
            assertSlowClientLogged(log.lines(), sid, session.socket.remoteAddress(), "polling", cap);
        }
    }

    // ---- shared

    /** Sends {@code message} until the session refuses it; returns how many were taken. */
    private static int sendUntilRefused(EngineSocket socket, String message) {
        int sent = 0;
        while (sent < MAX_SENDS && socket.send(message)) {
            sent++;
        }
        return sent;
    }

    private static void assertSlowClientLogged(List<String> lines, String sid, String address, String transport,
                                               String cap) {
        assertThat(lines).filteredOn(line -> line.contains("not reading fast enough")).singleElement().asString()
                .contains("INFO")
                .contains(sid)
                .contains(" of " + address + " (" + transport + ")")
                .contains("over " + cap);
        assertThat(lines).as("nothing else logged").hasSize(1);
    }
}
