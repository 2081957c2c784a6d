package io.iobind.server.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Opening an Engine.IO session over either transport, and the requests the handshake refuses. */
class EngineHandshakeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static EngineFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = EngineFixture.echo(EngineFixture.options(Duration.ofMillis(300), Duration.ofMillis(200)));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** The fields of an OPEN packet, checked to be exactly the five the protocol names. */
    private static JsonNode openFields(String packet) throws Exception {
        assertThat(packet).startsWith("0");
        JsonNode open = JSON.readTree(packet.substring(1));
        List<String> names = new ArrayList<>();
        open.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
        assertThat(open.get("sid").isTextual()).isTrue();
        assertThat(open.get("sid").asText()).isNotBlank();
        assertThat(open.get("pingInterval").asLong()).isEqualTo(300);
        assertThat(open.get("pingTimeout").asLong()).isEqualTo(200);
        assertThat(open.get("maxPayload").asLong()).isEqualTo(EngineFixture.MAX_PAYLOAD);
        return open;
    }

    @Test
    void aPollingHandshakeOpensASessionThatMayUpgradeToWebSocket() throws Exception {
        HttpResponse<String> response = server.get("EIO=4&transport=polling");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode open = openFields(response.body());
        assertThat(open.get("upgrades").toString()).isEqualTo("[\"websocket\"]");
        EngineSocket session = server.session(open.get("sid").asText()).socket;
        assertThat(session.transport()).isEqualTo("polling");
        assertThat(session.query()).containsEntry("EIO", "4").containsEntry("transport", "polling");
        assertThat(session.remoteAddress()).startsWith("127.0.0.1:");
    }

    @Test
    void everyHandshakeGetsItsOwnSid() throws Exception {
        String first = server.handshake();
        String second = server.handshake();
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void aWebSocketHandshakeSendsTheOpenPacketAsItsFirstFrameWithNoUpgrades() throws Exception {
        try (WsClient client = server.webSocket("EIO=4&transport=websocket")) {
            JsonNode open = openFields(client.nextText());
            assertThat(open.get("upgrades").toString()).isEqualTo("[]");
            assertThat(server.session(open.get("sid").asText()).socket.transport()).isEqualTo("websocket");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"transport=polling", "EIO=3&transport=polling", "EIO=abc&transport=polling",
            "EIO=&transport=polling", "EIO=4x&transport=polling"})
    void aPollingRequestWithoutProtocolVersion4IsRefusedWithCode5(String query) throws Exception {
        HttpResponse<String> response = server.get(query);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"transport=websocket", "EIO=3&transport=websocket", "EIO=abc&transport=websocket"})
    void aWebSocketUpgradeWithoutProtocolVersion4IsRefusedWithCode5(String query) throws Exception {
        EngineFixture.RawResponse response = server.raw(EngineFixture.webSocketUpgrade(query));
        assertThat(response.status()).as(response.head()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"EIO=4", "EIO=4&transport=abc", "EIO=4&transport=", "EIO=4&transport=websocket"})
    void aPlainHttpRequestForAnUnknownTransportIsRefusedWithCode0(String query) throws Exception {
        // websocket too: without an Upgrade header there is no WebSocket to speak of
        HttpResponse<String> response = server.get(query);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"EIO=4", "EIO=4&transport=abc", "EIO=4&transport=polling"})
    void aWebSocketUpgradeForAnotherTransportIsRefusedWithCode0(String query) throws Exception {
        EngineFixture.RawResponse response = server.raw(EngineFixture.webSocketUpgrade(query));
        assertThat(response.status()).as(response.head()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":0");
    }

    @Test
    void aHandshakeByPostIsRefusedWithCode2() throws Exception {
        HttpResponse<String> response = server.post("EIO=4&transport=polling", "4hello");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":2");
    }

    @Test
    void putIsRefusedWithOrWithoutASid() throws Exception {
        HttpResponse<String> handshake = server.send("PUT", "EIO=4&transport=polling", "4hello");
        assertThat(handshake.statusCode()).isEqualTo(400);
        assertThat(handshake.body()).contains("\"code\":3");

        String sid = server.handshake();
        HttpResponse<String> inSession = server.send("PUT", EngineFixture.pollingQuery(sid), "4hello");
        assertThat(inSession.statusCode()).isEqualTo(400);
        // and nothing was delivered
        assertThat(server.session(sid).received).isEmpty();
    }

    @Test
    void aPollOrPostWithAnUnknownSidIsRefusedWithCode1() throws Exception {
        HttpResponse<String> poll = server.poll("no-such-sid");
        assertThat(poll.statusCode()).isEqualTo(400);
        assertThat(poll.body()).contains("\"code\":1");

        HttpResponse<String> push = server.push("no-such-sid", "4hello");
        assertThat(push.statusCode()).isEqualTo(400);
        assertThat(push.body()).contains("\"code\":1");
    }

    @Test
    void aWebSocketWithAnUnknownSidIsClosedWithoutAnyPacket() throws Exception {
        try (WsClient client = server.webSocket("EIO=4&transport=websocket&sid=no-such-sid")) {
            assertThat(client.awaitClose()).isEqualTo(1008); // policy violation
            assertThat(client.unread()).isZero();
        }
    }
}
