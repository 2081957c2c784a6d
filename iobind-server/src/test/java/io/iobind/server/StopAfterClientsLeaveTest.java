package io.iobind.server;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.iobind.server.JavaClient.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * stop() right after a polling and a WebSocket client left. A polling client's last long-poll can race with its
 * socket's close, and engine.io then never answers it: Jetty's graceful stop used to wait for it until the stop
 * timeout and then fail the stop (a few times in 60 rounds). The race is rare, so the scenario runs many rounds.
 */
class StopAfterClientsLeaveTest {

    @Test
    void stopNeverFailsOnALongPollLeftBehind() throws Exception {
        for (int round = 0; round < 40; round++) {
            IobindServer server = IobindServer.builder().port(0).build();
            new TodoBackend().register(server);
            server.start();
            CountDownLatch gone = new CountDownLatch(2);
            server.socketIo().namespace("/").onConnection(socket -> socket.onDisconnect(reason -> gone.countDown()));
            JavaClient websocket = JavaClient.websocket(server.uri()).connect();
            JavaClient polling = JavaClient.pollingOnly(server.uri()).connect();
            websocket.ok("todos:count");
            polling.ok("todos:count");
            websocket.close();
            polling.close();
            assertThat(gone.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("round %d: both disconnected", round).isTrue();
            assertThatCode(server::stop).as("round %d: stop", round).doesNotThrowAnyException();
        }
    }
}
