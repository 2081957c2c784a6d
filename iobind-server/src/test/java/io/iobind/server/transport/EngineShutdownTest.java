package io.iobind.server.transport;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.iobind.server.transport.EngineFixture.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link EngineServer#close()}: every session ends, every waiting poll is answered, and no new session opens. */
class EngineShutdownTest {

    @Test
    void closingTheEngineEndsEverySessionAnswersWaitingPollsAndRefusesNewSessions() throws Exception {
        try (EngineFixture server = EngineFixture.echo()) {
            String waitingSid = server.handshake();
            CompletableFuture<HttpResponse<String>> waiting = server.pollAsync(waitingSid);
            server.awaitParkedPolls(1);
            String idleSid = server.handshake();
            try (WsClient webSocket = server.webSocketSession();
                 WsClient upgraded = server.webSocket("EIO=4&transport=websocket&sid=" + server.handshake())) {
                upgraded.send("2probe");
                assertThat(upgraded.nextText()).isEqualTo("3probe");
                upgraded.send("5");
                assertThat(server.sessions()).hasSize(4);
                for (EngineFixture.Recorder session : server.sessions()) {
                    if (!session.socket.id().equals(waitingSid) && !session.socket.id().equals(idleSid)
                            && !session.socket.id().equals(webSocket.sid)) {
                        assertThat(session.upgraded.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
                    }
                }

                server.engine.close();

                for (EngineFixture.Recorder session : server.sessions()) {
                    assertThat(session.closeReason()).as(session.socket.id()).isEqualTo("server shutdown");
                    assertThat(session.closeReasons).hasSize(1);
                    assertThat(session.socket.isOpen()).isFalse();
                }
                assertThat(server.engine.openSessions()).isZero();

                HttpResponse<String> answered = waiting.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertThat(answered.statusCode()).isEqualTo(503);
                assertThat(server.engine.openPolls()).isZero();

                // WebSockets are cut, as a restarting server's would be, so clients reconnect.
                assertThat(webSocket.awaitClose()).isIn(-1, 1006);
                assertThat(upgraded.awaitClose()).isIn(-1, 1006);

                assertThat(server.poll(idleSid).statusCode()).isEqualTo(400);
            }

            HttpResponse<String> handshake = server.get(EngineFixture.pollingQuery(null));
            assertThat(handshake.statusCode()).isEqualTo(503);
            assertThat(server.engine.openSessions()).isZero();

            // A WebSocket still connects (the servlet is up) but is cut before any OPEN packet.
            try (WsClient late = server.webSocket("EIO=4&transport=websocket")) {
                assertThat(late.awaitClose()).isIn(-1, 1006);
                assertThat(late.unread()).isZero();
            }
            assertThat(server.sessions()).hasSize(4);
        }
    }

    /**
     * The shutdown answers the waiting polls through their sessions and then sweeps up any left; the sweep once
     * completed polls whose answers were still being written, so a client got a 500 now and then (or close()
     * itself failed). Many rounds, many polls, since that was a race.
     */
    @Test
    void everyWaitingPollGetsA503Answer() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            try (EngineFixture server = EngineFixture.echo()) {
                List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    polls.add(server.pollAsync(server.handshake()));
                }
                server.awaitParkedPolls(5);

                server.engine.close();

                for (CompletableFuture<HttpResponse<String>> poll : polls) {
                    HttpResponse<String> answer = poll.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    statuses.add(answer.statusCode());
                    assertThat(answer.body()).contains("Server is stopping");
                }
            }
        }
        assertThat(statuses).hasSize(100).containsOnly(503);
    }

    @Test
    void aPollThatArrivesAfterTheEngineClosedIsRefused() throws Exception {
        try (EngineFixture server = EngineFixture.echo()) {
            String sid = server.handshake();
            EngineFixture.Recorder session = server.session(sid);

            server.engine.close();

            assertThat(session.closeReason()).isEqualTo("server shutdown");
            HttpResponse<String> poll = server.poll(sid);
            assertThat(poll.statusCode()).isEqualTo(400);
            assertThat(server.push(sid, "4hello").statusCode()).isEqualTo(400);
            assertThat(session.received).isEmpty();
        }
    }
}
