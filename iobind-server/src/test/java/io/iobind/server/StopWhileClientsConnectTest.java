package io.iobind.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that connects while stop() runs is answered or disconnected, never left waiting on an open socket.
 * Jetty's stop used to interrupt its acceptor thread just as {@code accept()} had taken such a connection, which then
 * stayed open and unread (see {@code IobindServer.AcceptorLeavingConnector}); on JDK 25 StopAfterClientsLeaveTest's
 * Java clients ran out of requests per host because of it. Here a thread keeps connecting and sending a polling
 * handshake (about one a millisecond) until stop() returned, in every round.
 */
class StopWhileClientsConnectTest {

    private static final int ROUNDS = 20;
    /** Far longer than any answer or close takes here; a socket still silent after it was left open. */
    private static final int SILENCE_MILLIS = 2000;

    @Test
    void everyConnectionMadeDuringStopIsAnsweredOrClosed() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            IobindServer server = IobindServer.builder().port(0).build();
            server.start();
            int port = server.port();
            List<Socket> sockets = new CopyOnWriteArrayList<>();
            AtomicBoolean stopped = new AtomicBoolean();
            Thread connector = new Thread(() -> connectUntil(stopped, port, sockets), "test-connector");
            connector.start();
            while (sockets.size() < 3 && connector.isAlive()) {
                Thread.onSpinWait();
            }
            server.stop();
            stopped.set(true);
            connector.join(10_000);
            assertThat(connector.isAlive()).as("round %d: connector ended", round).isFalse();

            for (Socket socket : sockets) {
                try (socket) {
                    assertThat(endsOrAnswers(socket)).as("round %d: connection from port %d is answered or closed",
                            round, socket.getLocalPort()).isTrue();
                }
            }
        }
    }

    /** Connects and sends a handshake, again and again, until stop() returned or the port refuses. */
    private static void connectUntil(AtomicBoolean stopped, int port, List<Socket> sockets) {
        byte[] handshake = ("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        while (!stopped.get()) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                sockets.add(socket);
                socket.getOutputStream().write(handshake);
            } catch (IOException refusedOrReset) {
                if (!socket.isConnected()) {
                    closeQuietly(socket);
                    return;
                }
            }
            pause();
        }
    }

    /** True once the server answered (any bytes), closed or reset the connection; false if it stayed silent. */
    private static boolean endsOrAnswers(Socket socket) throws IOException {
        socket.setSoTimeout(SILENCE_MILLIS);
        try {
            InputStream in = socket.getInputStream();
            in.read();
            return true;
        } catch (SocketTimeoutException silent) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** About a connection per millisecond: enough to meet stop's every step without flooding the server. */
    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }
}
