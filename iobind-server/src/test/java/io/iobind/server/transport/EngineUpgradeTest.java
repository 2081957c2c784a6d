package io.iobind.server.transport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.iobind.server.transport.EngineFixture.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Polling → WebSocket: the client opens a WebSocket with its sid, probes it ({@code 2probe} / {@code 3probe}),
 * the poll it has waiting is ended with a noop ({@code 6}), and its upgrade packet ({@code 5}) moves the session
 * over; from then on the sid belongs to that WebSocket alone.
 */
class EngineUpgradeTest {

    private static EngineFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = EngineFixture.echo();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String upgradeQuery(String sid) {
        return "EIO=4&transport=websocket&sid=" + sid;
    }

    /** Upgrades a fresh polling session; returns its WebSocket, the sid set. */
    private static WsClient upgraded() throws Exception {
        String sid = server.handshake();
        WsClient client = server.webSocket(upgradeQuery(sid));
        client.sid = sid;
        client.send("2probe");
        assertThat(client.nextText()).isEqualTo("3probe");
        client.send("5");
        assertThat(server.session(sid).upgraded.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        return client;
    }

    @Test
    void theProbeEndsTheWaitingPollWithANoopAndMessagesThenFlowOverTheWebSocket() throws Exception {
        String sid = server.handshake();
        EngineFixture.Recorder session = server.session(sid);
        CompletableFuture<HttpResponse<String>> waiting = server.pollAsync(sid);
        server.awaitParkedPolls(1);

        try (WsClient client = server.webSocket(upgradeQuery(sid))) {
            client.send("2probe");
            assertThat(client.nextText()).isEqualTo("3probe");

            HttpResponse<String> ended = waiting.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(ended.statusCode()).isEqualTo(200);
            assertThat(ended.body()).isEqualTo("6");
            assertThat(session.socket.transport()).as("until the upgrade packet").isEqualTo("polling");

            client.send("5");
            assertThat(session.upgraded.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(session.socket.transport()).isEqualTo("websocket");

            client.send("4hello");
            assertThat(client.nextText()).isEqualTo("4hello");
            assertThat(session.nextReceived()).isEqualTo("hello");
            client.send(new byte[] {7, 8});
            assertThat(client.next()).isEqualTo(new byte[] {7, 8});
        }
    }

    @Test
    void packetsQueuedWhilePollingArriveOnTheWebSocketInOrder() throws Exception {
        String sid = server.handshake();
        EngineFixture.Recorder session = server.session(sid);
        // Nobody polls: these wait in the polling queue.
        assertThat(session.socket.send("before the probe")).isTrue();
        assertThat(session.socket.send(new byte[] {1})).isTrue();

        try (WsClient client = server.webSocket(upgradeQuery(sid))) {
            client.send("2probe");
            assertThat(client.nextText()).isEqualTo("3probe");
            assertThat(session.socket.send("during the upgrade")).isTrue();
            assertThat(client.unread()).as("nothing but the probe's answer before the upgrade").isZero();

            client.send("5");

            assertThat(client.nextText()).isEqualTo("4before the probe");
            assertThat(client.next()).isEqualTo(new byte[] {1});
            assertThat(client.nextText()).isEqualTo("4during the upgrade");
            assertThat(session.socket.send("after")).isTrue();
            assertThat(client.nextText()).isEqualTo("4after");
        }
    }

    @Test
    void aPollThatComesDuringTheUpgradeGetsANoopAndTakesNothingFromTheQueue() throws Exception {
        String sid = server.handshake();
        EngineFixture.Recorder session = server.session(sid);
        try (WsClient client = server.webSocket(upgradeQuery(sid))) {
            client.send("2probe");
            assertThat(client.nextText()).isEqualTo("3probe");
            assertThat(session.socket.send("kept for the websocket")).isTrue();

            HttpResponse<String> late = server.poll(sid);
            assertThat(late.statusCode()).isEqualTo(200);
            assertThat(late.body()).isEqualTo("6");

            client.send("5");
            assertThat(client.nextText()).isEqualTo("4kept for the websocket");
        }
    }

    @Test
    void afterTheUpgradeHttpRequestsWithTheSidAreRefused() throws Exception {
        try (WsClient client = upgraded()) {
            HttpResponse<String> poll = server.poll(client.sid);
            assertThat(poll.statusCode()).isEqualTo(400);
            assertThat(poll.body()).contains("\"code\":3");
            HttpResponse<String> push = server.push(client.sid, "4sneaky");
            assertThat(push.statusCode()).isEqualTo(400);

            // the session itself goes on over its WebSocket, and took nothing from the refused POST
            client.send("4hello");
            assertThat(client.nextText()).isEqualTo("4hello");
            assertThat(server.session(client.sid).nextReceived()).isEqualTo("hello");
            assertThat(server.session(client.sid).received).isEmpty();
        }
    }

    @Test
    void afterTheUpgradeASecondWebSocketWithTheSidIsClosed() throws Exception {
        try (WsClient client = upgraded();
             WsClient second = server.webSocket(upgradeQuery(client.sid))) {
            assertThat(second.awaitClose()).isEqualTo(1008);
            assertThat(second.unread()).isZero();

            client.send("4still here");
            assertThat(client.nextText()).isEqualTo("4still here");
            assertThat(server.session(client.sid).socket.isOpen()).isTrue();
        }
    }

    @Test
    void aDirectWebSocketSessionCannotBeProbedByAnotherWebSocket() throws Exception {
        try (WsClient client = server.webSocketSession();
             WsClient second = server.webSocket(upgradeQuery(client.sid))) {
            assertThat(second.awaitClose()).isEqualTo(1008);
            client.send("4hello");
            assertThat(client.nextText()).isEqualTo("4hello");
        }
    }

    @Test
    void aProbeThatClosesBeforeUpgradingLeavesTheSessionPolling() throws Exception {
        String sid = server.handshake();
        EngineFixture.Recorder session = server.session(sid);
        try (WsClient probe = server.webSocket(upgradeQuery(sid))) {
            probe.send("2probe");
            assertThat(probe.nextText()).isEqualTo("3probe");
            probe.close();
            assertThat(probe.awaitClose()).isEqualTo(1000);
        }
        // The server learns of the probe's close on its own thread; polling goes on meanwhile.
        assertThat(server.push(sid, "4still polling").body()).isEqualTo("ok");
        assertThat(session.nextReceived()).isEqualTo("still polling");
        HttpResponse<String> poll = server.poll(sid);
        assertThat(poll.statusCode()).isEqualTo(200);
        // A poll during the (abandoned) upgrade may first get a noop; the echo follows.
        String body = poll.body().equals("6") ? server.poll(sid).body() : poll.body();
        assertThat(body).isEqualTo("4still polling");
        assertThat(session.socket.transport()).isEqualTo("polling");
        assertThat(session.closed).isNotDone();
    }
}
