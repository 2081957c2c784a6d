package io.iobind.server.transport;

import io.iobind.server.CapturedLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.iobind.server.transport.EngineFixture.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages both ways over polling and WebSocket on an echo server, and what ends a session on the spot: a packet
 * that does not parse, and two polls at once.
 */
class EngineMessageTest {

    private static final char SEPARATOR = '\u001e';
    private static EngineFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = EngineFixture.echo();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    // ---- polling

    @Test
    void aPostedTextPacketIsDeliveredAndTheEchoComesInTheNextPoll() throws Exception {
        String sid = server.handshake();

        HttpResponse<String> push = server.push(sid, "4hello");
        assertThat(push.statusCode()).isEqualTo(200);
        assertThat(push.body()).isEqualTo("ok");
        assertThat(server.session(sid).nextReceived()).isEqualTo("hello");

        HttpResponse<String> poll = server.poll(sid);
        assertThat(poll.statusCode()).isEqualTo(200);
        assertThat(poll.body()).isEqualTo("4hello");
    }

    @Test
    void severalPacketsInOnePostArriveInOrderAndComeBackJoinedInOnePoll() throws Exception {
        String sid = server.handshake();

        String payload = String.join(String.valueOf(SEPARATOR), "4first", "4second", "4third");
        HttpResponse<String> push = server.push(sid, payload);
        assertThat(push.body()).isEqualTo("ok");
        EngineFixture.Recorder session = server.session(sid);
        assertThat(List.of(session.nextReceived(), session.nextReceived(), session.nextReceived()))
                .containsExactly("first", "second", "third");

        assertThat(server.poll(sid).body()).isEqualTo(payload);
    }

    @Test
    void textAndBase64BinaryPacketsTravelTogetherBothWays() throws Exception {
        String sid = server.handshake();

        // b + base64 of the bytes 1 2 3 4
        String payload = "4hello" + SEPARATOR + "bAQIDBA==";
        assertThat(server.push(sid, payload).body()).isEqualTo("ok");
        EngineFixture.Recorder session = server.session(sid);
        assertThat(session.nextReceived()).isEqualTo("hello");
        assertThat(session.nextReceived()).isEqualTo(new byte[] {1, 2, 3, 4});

        assertThat(server.poll(sid).body()).isEqualTo(payload);
    }

    @Test
    void aWaitingPollIsAnsweredAsSoonAsTheServerSendsSomething() throws Exception {
        String sid = server.handshake();
        CompletableFuture<HttpResponse<String>> poll = server.pollAsync(sid);
        server.awaitParkedPolls(1);
        assertThat(poll).isNotDone();

        assertThat(server.session(sid).socket.send(new byte[] {(byte) 0xff, 0})).isTrue();

        HttpResponse<String> answer = poll.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("b/wA=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "9", "4ok\u001e\u001e4ok", "4ok\u001e", "b!not base64!", "4ok\u001exyz"})
    void aMalformedPollingPayloadIsRefusedAndClosesTheSession(String payload) throws Exception {
        String sid = server.handshake();
        EngineFixture.Recorder session = server.session(sid);
        try (CapturedLog log = CapturedLog.start()) {
            HttpResponse<String> push = server.push(sid, payload);
            assertThat(push.statusCode()).isEqualTo(400);
            assertThat(session.closeReason()).isEqualTo("parse error");

            HttpResponse<String> poll = server.poll(sid);
            assertThat(poll.statusCode()).isEqualTo(400);
            assertThat(poll.body()).contains("\"code\":1");
            assertThat(log.lines()).filteredOn(line -> line.contains("WARN"))
                    .singleElement().asString().contains(sid).contains("malformed polling payload");
        }
        // nothing of a refused payload is delivered, not even its well-formed packets
        assertThat(session.received).isEmpty();
    }

    @Test
    void aSecondPollWhileOneIsWaitingIsRefusedAndClosesTheSession() throws Exception {
        String sid = server.handshake();
        EngineFixture.Recorder session = server.session(sid);
        try (CapturedLog log = CapturedLog.start()) {
            CompletableFuture<HttpResponse<String>> first = server.pollAsync(sid);
            server.awaitParkedPolls(1);
            CompletableFuture<HttpResponse<String>> second = server.pollAsync(sid);

            // One of the two is the waiting poll (the server's bookkeeping may see the second one first): it is
            // ended with a close packet; the other is refused.
            List<HttpResponse<String>> answers = Stream.of(first, second)
                    .map(poll -> poll.orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join())
                    .sorted(Comparator.comparingInt(HttpResponse::statusCode)).toList();
            assertThat(answers.get(0).statusCode()).isEqualTo(200);
            assertThat(answers.get(0).body()).isEqualTo("1");
            assertThat(answers.get(1).statusCode()).isEqualTo(400);
            assertThat(session.closeReason()).isEqualTo("transport error");

            assertThat(server.poll(sid).statusCode()).isEqualTo(400);
            assertThat(log.lines()).filteredOn(line -> line.contains("WARN"))
                    .singleElement().asString().contains(sid).contains("a second poll came while one was waiting");
        }
    }

    // ---- websocket

    @Test
    void aTextPacketIsEchoedOverWebSocket() throws Exception {
        try (WsClient client = server.webSocketSession()) {
            client.send("4hello");
            assertThat(client.nextText()).isEqualTo("4hello");
            assertThat(server.session(client.sid).nextReceived()).isEqualTo("hello");
        }
    }

    @Test
    void aBinaryMessageTravelsAsABareBinaryFrameBothWays() throws Exception {
        try (WsClient client = server.webSocketSession()) {
            client.send(new byte[] {1, 2, 3, 4});
            assertThat(client.next()).isEqualTo(new byte[] {1, 2, 3, 4});
            assertThat(server.session(client.sid).nextReceived()).isEqualTo(new byte[] {1, 2, 3, 4});
        }
    }

    @Test
    void packetsSentInOneDirectionArriveInOrder() throws Exception {
        try (WsClient client = server.webSocketSession()) {
            for (int i = 0; i < 50; i++) {
                client.send("4m" + i);
            }
            for (int i = 0; i < 50; i++) {
                assertThat(client.nextText()).isEqualTo("4m" + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "9", "x4hello"})
    void aMalformedWebSocketPacketClosesTheConnectionAndTheSession(String packet) throws Exception {
        try (CapturedLog log = CapturedLog.start(); WsClient client = server.webSocketSession()) {
            EngineFixture.Recorder session = server.session(client.sid);
            client.send(packet);

            assertThat(client.awaitClose()).isEqualTo(1000);
            assertThat(session.closeReason()).isEqualTo("parse error");
            assertThat(session.received).isEmpty();
            assertThat(log.lines()).filteredOn(line -> line.contains("WARN"))
                    .singleElement().asString().contains(client.sid).contains("malformed websocket packet");
        }
    }
}
