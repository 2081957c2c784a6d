package io.iobind.server.transport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.iobind.server.transport.EngineFixture.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/** Ending one session: the client's close packet, the server's {@code close()} and {@code drop()}. */
class EngineCloseTest {

    private static EngineFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = EngineFixture.echo();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aClosePacketPostedWhileAPollWaitsEndsTheSessionAndThePollWithANoop() throws Exception {
        String sid = server.handshake();
        EngineFixture.Recorder session = server.session(sid);
        CompletableFuture<HttpResponse<String>> waiting = server.pollAsync(sid);
        server.awaitParkedPolls(1);

        HttpResponse<String> close = server.push(sid, "1");
        assertThat(close.statusCode()).isEqualTo(200);
        assertThat(close.body()).isEqualTo("ok");

        HttpResponse<String> ended = waiting.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(ended.statusCode()).isEqualTo(200);
        assertThat(ended.body()).isEqualTo("6");
        assertThat(session.closeReason()).isEqualTo("transport close");
        assertThat(session.socket.isOpen()).isFalse();
        assertThat(server.poll(sid).statusCode()).isEqualTo(400);
    }

    /**
     * A poll and the close packet sent at the same time (as the official suite does): whichever the server takes
     * first, the poll gets a noop and the session is gone after. The rounds let both orders happen, and the one
     * where the close ends the session after the poll found it but before the poll waits on it.
     */
    @Test
    void aPollSentTogetherWithTheClosePacketGetsANoopWhicheverArrivesFirst() throws Exception {
        for (int round = 0; round < 100; round++) {
            String sid = server.handshake();
            CompletableFuture<HttpResponse<String>> poll = server.pollAsync(sid);
            HttpResponse<String> close = server.push(sid, "1");
            HttpResponse<String> ended = poll.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

            assertThat(close.body()).as("round %d: close", round).isEqualTo("ok");
            assertThat(ended.statusCode()).as("round %d: poll status", round).isEqualTo(200);
            assertThat(ended.body()).as("round %d: poll", round).isEqualTo("6");
            assertThat(server.poll(sid).statusCode()).as("round %d: next poll", round).isEqualTo(400);
        }
    }

    @Test
    void packetsBeforeTheClosePacketInTheSamePostAreStillDelivered() throws Exception {
        String sid = server.handshake();
        EngineFixture.Recorder session = server.session(sid);

        assertThat(server.push(sid, "4last\u001e1").body()).isEqualTo("ok");

        assertThat(session.nextReceived()).isEqualTo("last");
        assertThat(session.closeReason()).isEqualTo("transport close");
    }

    @Test
    void aClosePacketOverWebSocketEndsTheSessionAndTheConnection() throws Exception {
        try (WsClient client = server.webSocketSession()) {
            EngineFixture.Recorder session = server.session(client.sid);

            client.send("1");

            assertThat(client.awaitClose()).isEqualTo(1000);
            assertThat(session.closeReason()).isEqualTo("transport close");
            assertThat(server.engine.session(client.sid)).isNull();
        }
    }

    @Test
    void aServerCloseAnswersTheWaitingPollWithAClosePacket() throws Exception {
        String sid = server.handshake();
        EngineFixture.Recorder session = server.session(sid);
        CompletableFuture<HttpResponse<String>> waiting = server.pollAsync(sid);
        server.awaitParkedPolls(1);

        session.socket.close();

        HttpResponse<String> answer = waiting.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("1");
        assertThat(session.closeReason()).isEqualTo("forced close");
        assertThat(session.socket.send("too late")).isFalse();
        assertThat(server.poll(sid).statusCode()).isEqualTo(400);
    }

    @Test
    void aServerCloseWithNoPollWaitingHandsWhatWasSentAndTheClosePacketToTheNextPoll() throws Exception {
        String sid = server.handshake();
        EngineFixture.Recorder session = server.session(sid);
        assertThat(session.socket.send("last words")).isTrue();

        session.socket.close();
        assertThat(session.closeReason()).isEqualTo("forced close");
        assertThat(session.socket.isOpen()).isFalse();

        HttpResponse<String> poll = server.poll(sid);
        assertThat(poll.statusCode()).isEqualTo(200);
        assertThat(poll.body()).isEqualTo("4last words\u001e1");
        assertThat(server.poll(sid).statusCode()).isEqualTo(400);
        assertThat(session.closeReasons).hasSize(1);
    }

    @Test
    void aServerCloseOverWebSocketSendsWhatWasQueuedThenACloseFrame() throws Exception {
        try (WsClient client = server.webSocketSession()) {
            EngineFixture.Recorder session = server.session(client.sid);
            assertThat(session.socket.send("bye")).isTrue();

            session.socket.close();

            assertThat(client.nextText()).isEqualTo("4bye");
            assertThat(client.awaitClose()).isEqualTo(1000);
            assertThat(session.closeReason()).isEqualTo("forced close");
            assertThat(session.closeReasons).hasSize(1);
        }
    }

    /**
     * A close right after the client got its OPEN packet: the session once had no socket yet at that moment (the
     * OPEN packet was written before the socket was attached), took itself for a polling session and left the
     * WebSocket open and silent. A race, so many rounds.
     */
    @Test
    void aServerCloseRightAfterTheOpenPacketStillReachesTheWebSocketClient() throws Exception {
        for (int round = 0; round < 100; round++) {
            try (WsClient client = server.webSocketSession()) {
                EngineFixture.Recorder session = server.session(client.sid);
                assertThat(session.socket.send("bye")).isTrue();

                session.socket.close();

                assertThat(client.nextText()).as("round %d", round).isEqualTo("4bye");
                assertThat(client.awaitClose()).as("round %d", round).isEqualTo(1000);
            }
        }
    }

    @Test
    void aSessionClosedByItsOpenHandlerSendsWhatTheHandlerSentThenCloses() throws Exception {
        try (EngineFixture closing = EngineFixture.echo(socket -> {
            socket.send("welcome");
            socket.close();
        })) {
            // polling: the handshake, then one poll with the message and the close packet
            String sid = closing.handshake();
            assertThat(closing.session(sid).closeReason()).isEqualTo("forced close");
            assertThat(closing.poll(sid).body()).isEqualTo("4welcome\u001e1");
            assertThat(closing.poll(sid).statusCode()).isEqualTo(400);

            // websocket: the OPEN packet, the message, then the connection closes
            try (WsClient client = closing.webSocketSession()) {
                assertThat(client.nextText()).isEqualTo("4welcome");
                assertThat(client.awaitClose()).isEqualTo(1000);
                EngineFixture.Recorder session = closing.session(client.sid);
                assertThat(session.closeReason()).isEqualTo("forced close");
                assertThat(session.closeReasons).hasSize(1);
            }
            assertThat(closing.engine.openSessions()).isZero();
        }
    }

    @Test
    void aDroppedPollingSessionRefusesItsWaitingPoll() throws Exception {
        String sid = server.handshake();
        EngineFixture.Recorder session = server.session(sid);
        CompletableFuture<HttpResponse<String>> waiting = server.pollAsync(sid);
        server.awaitParkedPolls(1);

        session.socket.drop();

        HttpResponse<String> answer = waiting.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("\"code\":1");
        assertThat(session.closeReason()).isEqualTo("transport close");
    }

    @Test
    void aDroppedWebSocketSessionIsCutWithoutACloseFrame() throws Exception {
        try (WsClient client = server.webSocketSession()) {
            EngineFixture.Recorder session = server.session(client.sid);

            session.socket.drop();

            assertThat(client.awaitClose()).isIn(-1, 1006);
            assertThat(session.closeReason()).isEqualTo("transport close");
        }
    }
}
