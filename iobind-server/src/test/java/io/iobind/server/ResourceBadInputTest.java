package io.iobind.server;

import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.iobind.server.JavaClient.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad payloads and failing handlers: the caller gets an error ack, the server and the store stay intact. */
class ResourceBadInputTest {

    private static IobindServer server;
    private static TodoBackend backend;
    private static final CountDownLatch releaseSlowHandler = new CountDownLatch(1);
    private static final CountDownLatch slowHandlerStarted = new CountDownLatch(1);

    @BeforeAll
    static void start() throws Exception {
        server = IobindServer.builder().port(0).maxPendingEventsPerSocket(3).maxMessageBytes(64 * 1024).build();
        backend = new TodoBackend();
        backend.register(server);
        server.resource("boom")
                .onCreate(request -> {
                    throw new IllegalStateException("handler bug");
                })
                .onRead(request -> new Object())
                .on("slow", request -> {
                    slowHandlerStarted.countDown();
                    return releaseSlowHandler.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                });
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void nonObjectAndMissingPayloadsAreRefusedWith400() throws Exception {
        try (JavaClient client = JavaClient.websocket(server.uri()).connect()) {
            int before = backend.todos.size();
            for (Object payload : new Object[] {"just text", 42, new JSONArray().put(1), JSONObject.NULL}) {
                JSONObject error = client.error("todo:create", payload);
                assertThat(error.getInt("code")).isEqualTo(400);
                assertThat(error.getString("message")).startsWith("todo:create expects a JSON object");
            }
            JSONObject missing = client.error("todo:update");
            assertThat(missing.getInt("code")).isEqualTo(400);
            assertThat(missing.getString("message")).isEqualTo("todo:update expects a JSON object, got nothing");
            assertThat(backend.todos).hasSize(before);
        }
    }

    @Test
    void wrongFieldTypesAreNamedInTheError() throws Exception {
        try (JavaClient client = JavaClient.websocket(server.uri()).connect()) {
            JSONObject error = client.error("todo:create", new JSONObject().put("title", "x").put("order", "first"));
            assertThat(error.getInt("code")).isEqualTo(400);
            assertThat(error.getString("message")).startsWith("todo:create: field 'order':");

            JSONObject nested = client.error("todo:create", new JSONObject().put("title", new JSONObject().put("a", 1)));
            assertThat(nested.getString("message")).contains("field 'title'");
        }
    }

    @Test
    void missingIdsAndUnknownIdsAreRefused() throws Exception {
        try (JavaClient client = JavaClient.websocket(server.uri()).connect()) {
            JSONObject noId = client.error("todo:delete", new JSONObject().put("title", "which?"));
            assertThat(noId.getInt("code")).isEqualTo(400);
            assertThat(noId.getString("message")).isEqualTo("todo:delete needs an 'id' (a string or number)");

            JSONObject objectId = client.error("todo:patch", new JSONObject().put("id", new JSONObject()));
            assertThat(objectId.getInt("code")).isEqualTo(400);

            JSONObject unknown = client.error("todo:read", new JSONObject().put("id", "no-such-id"));
            assertThat(unknown.getInt("code")).isEqualTo(404);
            assertThat(unknown.getString("message")).isEqualTo("no todo no-such-id");

            JSONObject unknownDelete = client.error("todo:delete", new JSONObject().put("id", 12345));
            assertThat(unknownDelete.getInt("code")).isEqualTo(404);
        }
    }

    @Test
    void unknownEventsAndMethodsGet404() throws Exception {
        try (JavaClient client = JavaClient.websocket(server.uri()).connect()) {
            JSONObject unknownNamespace = client.error("nothing:create", new JSONObject());
            assertThat(unknownNamespace.getInt("code")).isEqualTo(404);
            assertThat(unknownNamespace.getString("message")).isEqualTo("unknown event 'nothing:create'");

            assertThat(client.error("no-colon-at-all").getInt("code")).isEqualTo(404);
            assertThat(client.error(":create").getInt("code")).isEqualTo(404);

            JSONObject unknownMethod = client.error("todo:frobnicate", new JSONObject());
            assertThat(unknownMethod.getString("message")).isEqualTo("resource 'todo' has no method 'frobnicate'");
        }
    }

    @Test
    void aThrowingHandlerOrAnUnserializableReplyBecomesA500AndTheServerGoesOn() throws Exception {
        try (CapturedLog log = CapturedLog.start(); JavaClient client = JavaClient.websocket(server.uri()).connect()) {
            JSONObject thrown = client.error("boom:create", new JSONObject().put("a", 1));
            assertThat(thrown.getInt("code")).isEqualTo(500);
            assertThat(thrown.getString("message")).isEqualTo("internal error in boom:create").doesNotContain("handler bug");

            JSONObject unserializable = client.error("boom:read");
            assertThat(unserializable.getInt("code")).isEqualTo(500);
            assertThat(unserializable.getString("message")).isEqualTo("the reply to boom:read could not be serialized");

            assertThat(((JSONObject) client.ok("todo:create", new JSONObject().put("title", "still fine"))).has("id")).isTrue();
            // The client learns nothing of the failure; the server's log says which event failed and why.
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("ERROR", "boom:create from socket", "handler failed"))
                    .anySatisfy(line -> assertThat(line).contains("java.lang.IllegalStateException: handler bug"))
                    .anySatisfy(line -> assertThat(line).contains("ERROR", "boom:read from socket", "reply could not be serialized"));
        }
    }

    @Test
    void eventsWithoutAnAckCallbackAreHandledAndFailuresAreOnlyLogged() throws Exception {
        try (CapturedLog log = CapturedLog.start();
             JavaClient client = JavaClient.websocket(server.uri()).record("todos:create").connect()) {
            client.socket.emit("boom:create", new JSONObject());
            client.socket.emit("nothing:here", new JSONObject());
            client.socket.emit("todo:create", new JSONObject().put("title", "fire and forget"));
            Object[] pushed = client.nextEvent();
            assertThat(((JSONObject) pushed[1]).getString("title")).isEqualTo("fire and forget");
            assertThat(client.socket.connected()).isTrue();
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("boom:create from socket", "handler failed"));
        }
    }

    @Test
    void eventsOfOneSocketRunInOrderOffTheNetworkThreads() throws Exception {
        int events = 40;
        List<Integer> sequence = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch laterEventHandled = new CountDownLatch(1);
        IobindServer ordered = IobindServer.builder().port(0).handlerThreads(4).maxPendingEventsPerSocket(64).build();
        ordered.resource("seq").on("append", request -> {
            int n = request.tree().get("n").intValue();
            threads.add(Thread.currentThread().getName());
            if (n == 0) {
                // In order, no later event can run while this one waits, so the wait always runs out; were events
                // handed to the pool side by side, a later one would end it at once and be recorded first.
                laterEventHandled.await(1, TimeUnit.SECONDS);
            } else {
                laterEventHandled.countDown();
            }
            sequence.add(n);
            return n;
        });
        ordered.start();
        try (JavaClient client = JavaClient.websocket(ordered.uri()).connect()) {
            List<CompletableFuture<Object[]>> acks = new ArrayList<>();
            for (int n = 0; n < events; n++) {
                CompletableFuture<Object[]> ack = new CompletableFuture<>();
                client.socket.emit("seq:append", new Object[] {new JSONObject().put("n", n)}, ack::complete);
                acks.add(ack);
            }
            for (int n = 0; n < events; n++) {
                assertThat(acks.get(n).get(TIMEOUT_SECONDS, TimeUnit.SECONDS)[1]).isEqualTo(n);
            }
        } finally {
            ordered.stop();
        }
        List<Integer> expected = new ArrayList<>();
        for (int n = 0; n < events; n++) {
            expected.add(n);
        }
        assertThat(sequence).containsExactlyElementsOf(expected);
        assertThat(threads).allSatisfy(name -> assertThat(name).startsWith("iobind-handler-"));
    }

    @Test
    void aClientFloodingEventsIsRefusedWith429() throws Exception {
        try (CapturedLog log = CapturedLog.start(); JavaClient client = JavaClient.websocket(server.uri()).connect()) {
            List<CompletableFuture<Object[]>> acks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                CompletableFuture<Object[]> ack = new CompletableFuture<>();
                client.socket.emit("boom:slow", new Object[] {new JSONObject()}, ack::complete);
                acks.add(ack);
                if (i == 0) {
                    assertThat(slowHandlerStarted.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
                }
            }
            // The first is running and three wait; the rest are refused at once, before the slow one ends.
            int refused = 0;
            for (CompletableFuture<Object[]> ack : acks.subList(4, 8)) {
                JSONObject error = (JSONObject) ack.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)[0];
                assertThat(error.getInt("code")).isEqualTo(429);
                refused++;
            }
            assertThat(refused).isEqualTo(4);
            assertThat(log.awaitLines(4, "WARN", "boom:slow from socket " + client.socket.id(),
                    "more than 3 pending events, refused")).hasSize(4);
            releaseSlowHandler.countDown();
            for (CompletableFuture<Object[]> ack : acks.subList(0, 4)) {
                Object[] reply = ack.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertThat(reply[0] == null || reply[0] == JSONObject.NULL).isTrue();
            }
        }
    }

    @Test
    void anOversizedMessageClosesOnlyThatConnection() throws Exception {
        Map<String, CountDownLatch> serverSideDisconnects = new ConcurrentHashMap<>();
        server.socketIo().namespace("/").onConnection(socket -> {
            CountDownLatch latch = serverSideDisconnects.computeIfAbsent(socket.id(), id -> new CountDownLatch(1));
            socket.onDisconnect(reason -> latch.countDown());
        });
        try (CapturedLog log = CapturedLog.start();
             JavaClient bystander = JavaClient.websocket(server.uri()).connect();
             JavaClient offender = JavaClient.websocket(server.uri()).connect()) {
            int before = backend.todos.size();
            offender.socket.emit("todo:create", new JSONObject().put("title", "x".repeat(100 * 1024)));
            CountDownLatch offenderGone = serverSideDisconnects.computeIfAbsent(offender.socket.id(), id -> new CountDownLatch(1));
            assertThat(offenderGone.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("server dropped the offender").isTrue();
            assertThat(bystander.ok("todo:create", new JSONObject().put("title", "small"))).isNotNull();
            assertThat(backend.todos).hasSize(before + 1);
            assertThat(log.awaitLines(1, "WARN", "closing websocket of", "message over " + 64 * 1024 + " bytes"))
                    .as("only the offender's connection was closed").hasSize(1);
        }
    }
}
