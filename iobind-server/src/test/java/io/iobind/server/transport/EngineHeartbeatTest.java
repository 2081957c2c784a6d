package io.iobind.server.transport;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.iobind.server.transport.EngineFixture.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's heartbeat: a ping ({@code 2}) every pingInterval, which the client answers with a pong
 * ({@code 3}); a ping left unanswered for pingTimeout ends the session. The server pings again only after a pong,
 * so every further ping a client receives shows its previous pong was taken.
 */
class EngineHeartbeatTest {

    /** Short pings, and a pong window wide enough for a busy test machine. */
    private static final EngineOptions KEEP_ALIVE = EngineFixture.options(Duration.ofMillis(200), Duration.ofSeconds(3));
    /** The official suite's settings: a silent client is gone after half a second. */
    private static final EngineOptions SHORT = EngineFixture.options(Duration.ofMillis(300), Duration.ofMillis(200));
    /** A short interval but a long timeout, so the client's first poll surely comes before the session is gone. */
    private static final EngineOptions SLOW_TIMEOUT = EngineFixture.options(Duration.ofMillis(300), Duration.ofSeconds(2));

    /** Long enough that a session not kept alive by its pongs would certainly have been closed. */
    private static long outlivesATimeoutNanos(EngineOptions options) {
        return options.pingInterval().plus(options.pingInterval()).plus(options.pingTimeout()).toNanos();
    }

    @Test
    void overPollingEachPollGetsAPingAndEveryPongKeepsTheSessionOpen() throws Exception {
        try (EngineFixture server = EngineFixture.recording(KEEP_ALIVE)) {
            String sid = server.handshake();
            EngineFixture.Recorder session = server.session(sid);
            long start = System.nanoTime();
            int pings = 0;
            while (pings < 3 || System.nanoTime() - start < outlivesATimeoutNanos(KEEP_ALIVE)) {
                HttpResponse<String> poll = server.poll(sid);
                assertThat(poll.statusCode()).isEqualTo(200);
                assertThat(poll.body()).as("poll %d", pings).isEqualTo("2");
                pings++;
                HttpResponse<String> pong = server.push(sid, "3");
                assertThat(pong.statusCode()).isEqualTo(200);
                assertThat(pong.body()).isEqualTo("ok");
            }
            assertThat(session.closed).isNotDone();
            assertThat(session.socket.isOpen()).isTrue();
            assertThat(session.received).as("pongs are not messages").isEmpty();
        }
    }

    @Test
    void overWebSocketPingsComeOneAfterAnotherWhileTheClientAnswers() throws Exception {
        try (EngineFixture server = EngineFixture.recording(KEEP_ALIVE);
             WsClient client = server.webSocketSession()) {
            EngineFixture.Recorder session = server.session(client.sid);
            long start = System.nanoTime();
            int pings = 0;
            while (pings < 3 || System.nanoTime() - start < outlivesATimeoutNanos(KEEP_ALIVE)) {
                assertThat(client.nextText()).as("frame after %d pings", pings).isEqualTo("2");
                pings++;
                client.send("3");
            }
            assertThat(session.closed).isNotDone();
            assertThat(session.socket.isOpen()).isTrue();
            assertThat(client.closeStatus).isNotDone();
        }
    }

    @Test
    void aPollingClientThatNeverAnswersIsClosedForPingTimeoutAndItsSidForgotten() throws Exception {
        try (EngineFixture server = EngineFixture.recording(SHORT)) {
            String sid = server.handshake();
            EngineFixture.Recorder session = server.session(sid);

            // No poll, so no pong: pingInterval + pingTimeout later the session is gone.
            assertThat(session.closeReason()).isEqualTo("ping timeout");
            assertThat(server.engine.openSessions()).isZero();

            HttpResponse<String> poll = server.poll(sid);
            assertThat(poll.statusCode()).isEqualTo(400);
            assertThat(poll.body()).contains("\"code\":1");
        }
    }

    @Test
    void aPollWaitingWhenThePingTimesOutGetsTheClosePacket() throws Exception {
        try (EngineFixture server = EngineFixture.recording(SLOW_TIMEOUT)) {
            String sid = server.handshake();
            EngineFixture.Recorder session = server.session(sid);
            assertThat(server.poll(sid).body()).isEqualTo("2");

            // Polls again but never answers the ping.
            CompletableFuture<HttpResponse<String>> waiting = server.pollAsync(sid);
            HttpResponse<String> answer = waiting.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(session.closeReason()).isEqualTo("ping timeout");
            // The poll either waited and was told the session closed, or came after the deadline and was refused.
            if (answer.statusCode() == 200) {
                assertThat(answer.body()).isEqualTo("1");
            } else {
                assertThat(answer.statusCode()).isEqualTo(400);
            }
            assertThat(server.poll(sid).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void aWebSocketClientThatNeverAnswersIsClosedForPingTimeout() throws Exception {
        try (EngineFixture server = EngineFixture.recording(SHORT);
             WsClient client = server.webSocketSession()) {
            EngineFixture.Recorder session = server.session(client.sid);

            assertThat(client.nextText()).isEqualTo("2");
            // not answered
            assertThat(client.awaitClose()).isEqualTo(1000);
            assertThat(session.closeReason()).isEqualTo("ping timeout");
            assertThat(session.closeReasons).hasSize(1);
            assertThat(server.engine.openSessions()).isZero();
        }
    }
}
