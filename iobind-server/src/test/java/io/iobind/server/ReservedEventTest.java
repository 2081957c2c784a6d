package io.iobind.server;

import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static io.iobind.server.JavaClient.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/** Event names Socket.IO reserves for itself, sent by a client, must not pass for the server's own events. */
class ReservedEventTest {

    private IobindServer server;
    private WebSocketClient webSockets;

    @BeforeEach
    void start() throws Exception {
        server = IobindServer.builder().port(0).build();
        new TodoBackend().register(server);
        server.start();
        webSockets = new WebSocketClient();
        webSockets.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        webSockets.stop();
    }

    @Test
    void aSpoofedDisconnectNeitherHidesTheClientNorEscapesStop() throws Exception {
        try (CapturedLog log = CapturedLog.start(); RawWebSocket raw = RawWebSocket.connected(webSockets, server)) {
            // An answered call proves the server's connection listener has run.
            raw.send("420[\"todos:read\"]");
            assertThat(raw.next()).startsWith("430[null,");
            assertThat(server.connectedClients()).isEqualTo(1);
            raw.send("42[\"disconnect\",\"spoof\"]");
            for (String reserved : new String[] {"disconnect", "disconnecting", "connect", "connect_error",
                    "newListener", "removeListener"}) {
                raw.send("421[\"" + reserved + "\",\"spoof\"]");
                assertThat(raw.next()).as("ack of " + reserved)
                        .startsWith("431[{").contains("\"code\":400").contains("reserved");
            }
            // Each refusal is logged, naming the event; the ackless spoof also says the client could not be told.
            log.awaitLines(2, "WARN", "sent the reserved event name 'disconnect', refused");
            log.awaitLine("WARN", "disconnect from socket",
                    "failed without an ack callback to tell: 400 'disconnect' is a reserved event name");
            for (String reserved : new String[] {"disconnecting", "connect", "connect_error", "newListener",
                    "removeListener"}) {
                log.awaitLine("WARN", "sent the reserved event name '" + reserved + "', refused");
            }
            // The socket still gets answers, so it must still be known.
            raw.send("422[\"todos:read\"]");
            assertThat(raw.next()).startsWith("432[null,");
            assertThat(server.connectedClients()).isEqualTo(1);

            server.stop();
            assertThat(raw.closeStatus.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("stop() closed the session").isNotNull();
        }
    }
}
