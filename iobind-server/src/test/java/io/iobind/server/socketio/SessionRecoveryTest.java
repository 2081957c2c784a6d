package io.iobind.server.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Connection state recovery: a socket taken back after a short disconnect, with the events it missed. */
class SessionRecoveryTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private SocketIoServer server = new SocketIoServer(mapper, Duration.ofSeconds(30), Duration.ofMinutes(2), 1 << 20);

    @AfterEach
    void close() {
        server.close();
    }

    private JsonNode connectPacket(FakeEngine engine) throws Exception {
        String text = engine.texts().stream().filter(t -> t.startsWith("0{")).reduce((a, b) -> b).orElseThrow();
        return mapper.readTree(text.substring(1));
    }

    /** The offset a client keeps: the last argument of the last event it received. */
    private String lastOffset(FakeEngine engine) throws Exception {
        String text = engine.texts().stream().filter(t -> t.startsWith("2[")).reduce((a, b) -> b).orElseThrow();
        JsonNode args = mapper.readTree(text.substring(1));
        return args.get(args.size() - 1).asText();
    }

    @Test
    void aClientBackWithinTheWindowGetsItsSocketItsRoomsAndWhatItMissed() throws Exception {
        AtomicReference<NamespaceSocket> latest = new AtomicReference<>();
        server.namespace("/").onConnection(latest::set);
        FakeEngine first = new FakeEngine();
        server.accept(first);
        first.receive("0");
        JsonNode handshake = connectPacket(first);
        String sid = handshake.get("sid").asText();
        String pid = handshake.get("pid").asText();
        latest.get().join("team");
        server.namespace("/").broadcast(null, null, "seen", 1);
        String offset = lastOffset(first);
        assertThat(first.last()).isEqualTo("2[\"seen\",1,\"" + offset + "\"]");

        first.lose("transport close");
        server.namespace("/").broadcast("team", null, "missed", 2);
        server.namespace("/").broadcast("other-room", null, "not for it", 3);
        server.namespace("/").broadcast(null, sid, "its own", 4);
        server.namespace("/").emit("missed", 5);

        FakeEngine second = new FakeEngine();
        server.accept(second);
        second.receive("0{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");

        JsonNode again = connectPacket(second);
        assertThat(again.get("sid").asText()).isEqualTo(sid);
        assertThat(again.get("pid").asText()).isEqualTo(pid);
        assertThat(latest.get().recovered()).isTrue();
        assertThat(latest.get().rooms()).containsExactlyInAnyOrder(sid, "team");
        assertThat(second.texts()).hasSize(3);
        assertThat(second.texts().get(1)).startsWith("2[\"missed\",2,");
        assertThat(second.texts().get(2)).startsWith("2[\"missed\",5,");

        server.namespace("/").broadcast("team", null, "live", 6);
        assertThat(second.last()).startsWith("2[\"live\",6,");
    }

    @Test
    void anUnknownPidAnUnknownOffsetOrALeftSocketGetANewSession() throws Exception {
        FakeEngine first = new FakeEngine();
        server.accept(first);
        first.receive("0");
        String pid = connectPacket(first).get("pid").asText();
        String sid = connectPacket(first).get("sid").asText();
        server.namespace("/").emit("seen", 1);
        String offset = lastOffset(first);
        first.lose("transport close");

        FakeEngine wrongOffset = new FakeEngine();
        server.accept(wrongOffset);
        wrongOffset.receive("0{\"pid\":\"" + pid + "\",\"offset\":\"nope\"}");
        assertThat(connectPacket(wrongOffset).get("sid").asText()).isNotEqualTo(sid);

        // The session was spent by that attempt: the right offset is too late now.
        FakeEngine late = new FakeEngine();
        server.accept(late);
        late.receive("0{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");
        assertThat(connectPacket(late).get("sid").asText()).isNotEqualTo(sid);

        // A client that disconnected on purpose left nothing to take back.
        String leftPid = connectPacket(late).get("pid").asText();
        server.namespace("/").emit("seen", 2);
        String leftOffset = lastOffset(late);
        late.receive("1");
        FakeEngine back = new FakeEngine();
        server.accept(back);
        back.receive("0{\"pid\":\"" + leftPid + "\",\"offset\":\"" + leftOffset + "\"}");
        assertThat(connectPacket(back).get("sid").asText()).isNotEqualTo(connectPacket(late).get("sid").asText());
    }

    @Test
    void beyondTheWindowTheSessionIsGone() throws Exception {
        server.close();
        server = new SocketIoServer(mapper, Duration.ofSeconds(30), Duration.ofMillis(50), 1 << 20);
        FakeEngine first = new FakeEngine();
        server.accept(first);
        first.receive("0");
        JsonNode handshake = connectPacket(first);
        server.namespace("/").emit("seen", 1);
        String offset = lastOffset(first);
        first.lose("ping timeout");
        Thread.sleep(150);

        FakeEngine second = new FakeEngine();
        server.accept(second);
        second.receive("0{\"pid\":\"" + handshake.get("pid").asText() + "\",\"offset\":\"" + offset + "\"}");
        assertThat(connectPacket(second).get("sid").asText()).isNotEqualTo(handshake.get("sid").asText());
    }

    @Test
    void theLogKeepsItsSizeLimitAndThenRecoveryFallsBackToANewSession() throws Exception {
        server.close();
        server = new SocketIoServer(mapper, Duration.ofSeconds(30), Duration.ofMinutes(2), 10_000);
        FakeEngine first = new FakeEngine();
        server.accept(first);
        first.receive("0");
        JsonNode handshake = connectPacket(first);
        server.namespace("/").emit("seen", 1);
        String offset = lastOffset(first);
        first.lose("transport close");
        for (int i = 0; i < 100; i++) {
            server.namespace("/").emit("filler", "x".repeat(1000));
        }
        assertThat(server.namespace("/").recovery().storedEvents()).isLessThanOrEqualTo(10);

        FakeEngine second = new FakeEngine();
        server.accept(second);
        second.receive("0{\"pid\":\"" + handshake.get("pid").asText() + "\",\"offset\":\"" + offset + "\"}");
        assertThat(connectPacket(second).get("sid").asText()).isNotEqualTo(handshake.get("sid").asText());
    }
}
