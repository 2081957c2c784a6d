package io.iobind.server.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iobind.server.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The Socket.IO layer over a fake Engine.IO session: what a client sends, and what it gets back. */
class SocketIoServerTest {

    private final SocketIoServer server = new SocketIoServer(new ObjectMapper(), Duration.ofSeconds(30), Duration.ZERO, 0);

    @AfterEach
    void close() {
        server.close();
    }

    private FakeEngine connected(String namespace) {
        FakeEngine engine = new FakeEngine();
        server.accept(engine);
        engine.receive("0" + ("/".equals(namespace) ? "" : namespace + ","));
        return engine;
    }

    private static String sidOf(String connectPacket) {
        int start = connectPacket.indexOf("{\"sid\":\"") + 8;
        return connectPacket.substring(start, connectPacket.indexOf('"', start));
    }

    @Test
    void aConnectIsAnsweredWithTheSocketIdAndTheAuthPayloadReachesTheListener() {
        AtomicReference<JsonNode> auth = new AtomicReference<>();
        server.namespace("/").onConnection(socket -> auth.set(socket.auth()));
        FakeEngine engine = new FakeEngine();
        server.accept(engine);

        engine.receive("0{\"token\":\"123\"}");

        assertThat(engine.texts()).hasSize(1);
        assertThat(engine.last()).matches("0\\{\"sid\":\"[A-Za-z0-9_-]{20}\"}");
        assertThat(auth.get().toString()).isEqualTo("{\"token\":\"123\"}");
        assertThat(server.namespace("/").sockets()).hasSize(1);
    }

    @Test
    void aCustomNamespaceAnswersWithItsNameAndAnUnknownOneIsRefused() {
        server.namespace("/custom");
        FakeEngine engine = new FakeEngine();
        server.accept(engine);

        engine.receive("0/custom,");
        engine.receive("0/random");

        assertThat(engine.texts().get(0)).startsWith("0/custom,{\"sid\":\"");
        assertThat(engine.texts().get(1)).isEqualTo("4/random,{\"message\":\"Invalid namespace\"}");
        assertThat(engine.closed).isFalse();
    }

    @Test
    void eventsReachTheirListenersAndAcksGoBackOnce() {
        server.namespace("/").onConnection(socket -> socket.on("message-with-ack", (source, event, args, ack) -> {
            ack.send(args.toArray());
            ack.send("twice");
        }));
        FakeEngine engine = connected("/");
        engine.clear();

        engine.receive("2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");

        assertThat(engine.texts()).containsExactly("3456[1,\"2\",{\"3\":[false]}]");
    }

    @Test
    void binaryAttachmentsAreReassembledAndSentBackAsAttachments() {
        server.namespace("/").onConnection(socket -> socket.on("message", (source, event, args, ack) -> {
            assertThat(args.get(0).isBinary()).isTrue();
            source.emit("message-back", args.toArray());
        }));
        FakeEngine engine = connected("/");
        engine.clear();

        engine.receive("52-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        assertThat(engine.texts()).isEmpty();
        engine.receive(new byte[] {1, 2, 3});
        engine.receive(new byte[] {4, 5, 6});

        assertThat(engine.texts()).containsExactly(
                "52-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
                "<bytes:1,2,3>", "<bytes:4,5,6>");
    }

    @Test
    void theServerCanAskForAnAckToo() throws Exception {
        CompletableFuture<List<JsonNode>> answer = new CompletableFuture<>();
        server.namespace("/").onConnection(socket -> socket.emitWithAck("question", answer::complete, "why"));
        FakeEngine engine = connected("/");
        assertThat(engine.last()).isEqualTo("20[\"question\",\"why\"]");

        engine.receive("30[\"because\"]");

        assertThat(answer.get(1, TimeUnit.SECONDS).get(0).asText()).isEqualTo("because");
    }

    @Test
    void roomsAndExclusionsChooseTheRecipientsOfABroadcast() {
        AtomicReference<NamespaceSocket> first = new AtomicReference<>();
        server.namespace("/").onConnection(socket -> first.compareAndSet(null, socket));
        FakeEngine a = connected("/");
        FakeEngine b = connected("/");
        FakeEngine c = connected("/");
        NamespaceSocket socketA = first.get();
        socketA.join("team");
        NamespaceSocket socketB = server.namespace("/").socket(sidOf(b.texts().get(0)));
        socketB.join("team");
        a.clear();
        b.clear();
        c.clear();

        server.namespace("/").broadcast("team", null, "news", 1);
        socketA.broadcast("team", "others", 2);
        server.namespace("/").emit("all", 3);

        assertThat(a.texts()).containsExactly("2[\"news\",1]", "2[\"all\",3]");
        assertThat(b.texts()).containsExactly("2[\"news\",1]", "2[\"others\",2]", "2[\"all\",3]");
        assertThat(c.texts()).containsExactly("2[\"all\",3]");
    }

    @Test
    void aBroadcastReachesSocketsInTheOrderTheyConnected() {
        List<FakeEngine> wire = new CopyOnWriteArrayList<>();
        List<FakeEngine> engines = new ArrayList<>();
        List<NamespaceSocket> sockets = new ArrayList<>();
        server.namespace("/").onConnection(sockets::add);
        for (int i = 0; i < 64; i++) {
            FakeEngine engine = new FakeEngine(wire);
            server.accept(engine);
            engine.receive("0");
            engines.add(engine);
        }
        // Joined in the reverse order, and the first few left and came back: a room's order is still arrival.
        for (int i = sockets.size() - 1; i >= 0; i--) {
            sockets.get(i).join("team");
        }
        for (int i = 0; i < 8; i++) {
            sockets.get(i).leave("team");
            sockets.get(i).join("team");
        }
        engines.get(10).lose("transport close");
        List<FakeEngine> connected = new ArrayList<>(engines);
        connected.remove(10);
        wire.clear();

        server.namespace("/").emit("all", 1);
        assertThat(wire).containsExactlyElementsOf(connected);
        wire.clear();
        server.namespace("/").broadcast("team", null, "team", 2);
        assertThat(wire).containsExactlyElementsOf(connected);
        assertThat(server.namespace("/").sockets()).extracting(NamespaceSocket::id)
                .containsExactlyElementsOf(connected.stream().map(engine -> sidOf(engine.texts().get(0))).toList());
    }

    @Test
    void aDisconnectFromTheClientEndsOnlyThatNamespace() {
        server.namespace("/custom");
        AtomicReference<String> reason = new AtomicReference<>();
        server.namespace("/custom").onConnection(socket -> socket.onDisconnect(reason::set));
        server.namespace("/").onConnection(socket -> socket.on("message", (source, event, args, ack) ->
                source.emit("message-back", args.toArray())));
        FakeEngine engine = connected("/");
        engine.receive("0/custom,");
        engine.clear();

        engine.receive("1/custom,");
        engine.receive("2[\"message\",\"still here\"]");

        assertThat(reason.get()).isEqualTo("client namespace disconnect");
        assertThat(server.namespace("/custom").sockets()).isEmpty();
        assertThat(engine.texts()).containsExactly("2[\"message-back\",\"still here\"]");
        assertThat(engine.closed).isFalse();
    }

    @Test
    void aMalformedPacketClosesTheSessionWithOneWarning() {
        for (String malformed : List.of("abc", "2{}", "2abc[\"message\",1]", "52-[\"m\",1]")) {
            try (CapturedLog log = CapturedLog.start()) {
                AtomicReference<String> reason = new AtomicReference<>();
                server.namespace("/").onConnection(socket -> socket.onDisconnect(reason::set));
                FakeEngine engine = connected("/");
                engine.receive(malformed);
                if (malformed.startsWith("5")) {
                    engine.receive("2[\"text while attachments are due\"]");
                }
                assertThat(engine.closed).as(malformed).isTrue();
                assertThat(reason.get()).as(malformed).isEqualTo("forced close");
                assertThat(log.lines()).as(malformed).singleElement().asString()
                        .contains("malformed Socket.IO packet");
            }
        }
    }

    @Test
    void aClientThatConnectsToNoNamespaceInTimeIsClosed() throws Exception {
        // 1 s (the official suite's): the prompt client connects a few statements after it is accepted, which a busy
        // machine could stretch past a shorter timeout.
        SocketIoServer quick = new SocketIoServer(new ObjectMapper(), Duration.ofSeconds(1), Duration.ZERO, 0);
        try {
            FakeEngine idle = new FakeEngine();
            FakeEngine prompt = new FakeEngine();
            quick.accept(idle);
            quick.accept(prompt);
            prompt.receive("0");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!idle.closed && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(200);
            assertThat(idle.closed).isTrue();
            assertThat(prompt.closed).isFalse();
            assertThat(quick.clientCount()).isEqualTo(1);
        } finally {
            quick.close();
        }
    }
}
