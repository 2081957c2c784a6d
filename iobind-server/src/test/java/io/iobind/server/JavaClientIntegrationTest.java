package io.iobind.server;

import io.iobind.server.resource.BroadcastPolicy;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import io.iobind.server.socketio.NamespaceSocket;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.iobind.server.JavaClient.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

class JavaClientIntegrationTest {

    private IobindServer server;
    private TodoBackend backend;

    @BeforeEach
    void start() throws Exception {
        server = IobindServer.builder().port(0).build();
        backend = new TodoBackend();
        backend.register(server);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void connectsOverWebSocketAndRunsEveryCrudMethodWithAcks() throws Exception {
        try (JavaClient client = JavaClient.websocket(server.uri()).connect()) {
            JSONObject created = (JSONObject) client.ok("todo:create", new JSONObject().put("title", "milk"));
            String id = created.getString("id");
            assertThat(created.getString("title")).isEqualTo("milk");
            assertThat(backend.todos).containsKey(id);

            JSONObject read = (JSONObject) client.ok("todo:read", new JSONObject().put("id", id));
            assertThat(read.getString("title")).isEqualTo("milk");

            JSONArray all = (JSONArray) client.ok("todos:read");
            assertThat(all.length()).isEqualTo(1);
            assertThat(all.getJSONObject(0).getString("id")).isEqualTo(id);

            JSONObject updated = (JSONObject) client.ok("todo:update",
                    new JSONObject().put("id", id).put("title", "oat milk").put("done", false));
            assertThat(updated.getString("title")).isEqualTo("oat milk");

            JSONObject patched = (JSONObject) client.ok("todo:patch", new JSONObject().put("id", id).put("done", true));
            assertThat(patched.getBoolean("done")).isTrue();
            assertThat(backend.todos.get(id).done).isTrue();

            JSONObject count = (JSONObject) client.ok("todos:count");
            assertThat(count.getInt("count")).isEqualTo(1);

            JSONObject deleted = (JSONObject) client.ok("todo:delete", new JSONObject().put("id", id));
            assertThat(deleted.getString("id")).isEqualTo(id);
            assertThat(backend.todos).isEmpty();
        }
    }

    @Test
    void connectsOverPollingAndUpgradesToWebSocket() throws Exception {
        CompletableFuture<NamespaceSocket> connected = new CompletableFuture<>();
        server.socketIo().namespace("/").onConnection(connected::complete);
        try (JavaClient client = JavaClient.pollingThenUpgrade(server.uri()).connect()) {
            JSONObject created = (JSONObject) client.ok("todo:create", new JSONObject().put("title", "during polling"));
            NamespaceSocket socket = connected.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (!"websocket".equals(socket.engine().transport()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(socket.engine().transport()).as("upgraded to websocket").isEqualTo("websocket");
            JSONObject read = (JSONObject) client.ok("todo:read", new JSONObject().put("id", created.getString("id")));
            assertThat(read.getString("title")).isEqualTo("during polling");
        }
    }

    @Test
    void pollingOnlyClientsWork() throws Exception {
        try (JavaClient client = JavaClient.pollingOnly(server.uri()).connect()) {
            JSONObject created = (JSONObject) client.ok("todos:create", new JSONObject().put("title", "polled"));
            assertThat(created.getString("id")).isNotBlank();
        }
    }

    @Test
    void broadcastsReachEveryoneIncludingTheSenderByDefault() throws Exception {
        try (JavaClient sender = JavaClient.websocket(server.uri()).record("todos:create").connect();
             JavaClient other = JavaClient.pollingThenUpgrade(server.uri()).record("todos:create").connect()) {
            JSONObject created = (JSONObject) sender.ok("todo:create", new JSONObject().put("title", "shared"));
            Object[] atOther = other.nextEvent();
            assertThat(atOther[0]).isEqualTo("todos:create");
            assertThat(((JSONObject) atOther[1]).getString("id")).isEqualTo(created.getString("id"));
            Object[] atSender = sender.nextEvent();
            assertThat(((JSONObject) atSender[1]).getString("title")).isEqualTo("shared");
        }
    }

    @Test
    void updatesAndDeletesAreBroadcastOnTheModelUrlAndNotToAnExcludedSender() throws Exception {
        server.stop();
        server = IobindServer.builder().port(0).build();
        backend = new TodoBackend();
        backend.register(server).broadcast(BroadcastPolicy.OTHERS);
        server.start();

        try (JavaClient sender = JavaClient.websocket(server.uri()).record("todos:create").connect();
             JavaClient other = JavaClient.websocket(server.uri()).record("todos:create").connect()) {
            String id = ((JSONObject) sender.ok("todo:create", new JSONObject().put("title", "a"))).getString("id");
            Object[] created = other.nextEvent();
            assertThat(created[0]).isEqualTo("todos:create");
            assertThat(((JSONObject) created[1]).getString("id")).isEqualTo(id);
            // A later round trip of the sender's: a push of its own create would have arrived before this ack.
            sender.ok("todos:read");
            assertThat(sender.receivedSoFar()).as("pushes to the excluded sender").isEmpty();

            String updateEvent = "todo/" + id + ":update";
            String deleteEvent = "todo/" + id + ":delete";
            sender.record(updateEvent, deleteEvent);
            other.record(updateEvent, deleteEvent);

            sender.ok("todo:patch", new JSONObject().put("id", id).put("title", "b"));
            Object[] update = other.nextEvent();
            assertThat(update[0]).isEqualTo(updateEvent);
            assertThat(((JSONObject) update[1]).getString("title")).isEqualTo("b");

            sender.ok("todo:delete", new JSONObject().put("id", id));
            Object[] delete = other.nextEvent();
            assertThat(delete[0]).isEqualTo(deleteEvent);
            assertThat(((JSONObject) delete[1]).getString("id")).isEqualTo(id);

            // The sender's own call round-trip after the pushes: had it been sent anything, it would be here now.
            sender.ok("todos:read");
            assertThat(sender.receivedSoFar()).isEmpty();
        }
    }

    @Test
    void pushesCanBeTurnedOffAndLimitedToARoom() throws Exception {
        server.stop();
        server = IobindServer.builder().port(0).build();
        new TodoBackend().register(server).room("kitchen").on("join", request -> {
            request.session().joinRoom("kitchen");
            return null;
        });
        server.resource("note").broadcast(BroadcastPolicy.NONE).onCreate(request -> request.tree());
        server.start();

        try (JavaClient member = JavaClient.websocket(server.uri()).record("todos:create", "note:create").connect();
             JavaClient outsider = JavaClient.websocket(server.uri()).record("todos:create", "note:create").connect()) {
            member.ok("todo:join");
            outsider.ok("note:create", new JSONObject().put("text", "quiet"));
            outsider.ok("todo:create", new JSONObject().put("title", "for the kitchen"));
            Object[] pushed = member.nextEvent();
            assertThat(pushed[0]).isEqualTo("todos:create");
            outsider.ok("todos:read");
            member.ok("todos:read");
            assertThat(outsider.receivedSoFar()).isEmpty();
            assertThat(member.receivedSoFar()).isEmpty();
        }
    }

    @Test
    void disconnectedClientsAreForgotten() throws Exception {
        CountDownLatch gone = new CountDownLatch(2);
        server.socketIo().namespace("/").onConnection(socket -> socket.onDisconnect(reason -> gone.countDown()));
        JavaClient websocket = JavaClient.websocket(server.uri()).connect();
        JavaClient polling = JavaClient.pollingOnly(server.uri()).connect();
        // An answered call proves the server has finished setting the connection up, not just sent CONNECT.
        websocket.ok("todos:count");
        polling.ok("todos:count");
        assertThat(server.connectedClients()).isEqualTo(2);
        websocket.close();
        polling.close();
        assertThat(gone.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("both disconnected").isTrue();
        assertThat(server.connectedClients()).isZero();
    }

    @Test
    void clientsReconnectAfterTheServerRestarts() throws Exception {
        int port = server.port();
        JavaClient client = JavaClient.create(server.uri(), new String[] {WebSocket.NAME, Polling.NAME}, true).connect();
        try {
            client.ok("todo:create", new JSONObject().put("title", "before restart"));
            CountDownLatch disconnected = new CountDownLatch(1);
            CountDownLatch reconnected = new CountDownLatch(1);
            client.socket.once(Socket.EVENT_DISCONNECT, args -> {
                disconnected.countDown();
                client.socket.once(Socket.EVENT_CONNECT, connectArgs -> reconnected.countDown());
            });
            server.stop();
            assertThat(disconnected.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("disconnected").isTrue();

            server = IobindServer.builder().port(port).build();
            backend = new TodoBackend();
            backend.register(server);
            server.start();
            assertThat(reconnected.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("reconnected").isTrue();
            JSONObject created = (JSONObject) client.ok("todo:create", new JSONObject().put("title", "after restart"));
            assertThat(backend.todos).containsKey(created.getString("id"));
        } finally {
            client.close();
        }
    }
}
