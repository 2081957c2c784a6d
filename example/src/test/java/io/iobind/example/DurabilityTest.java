package io.iobind.example;

import io.socket.client.Ack;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.iobind.example.TodoClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** An acknowledged write survives a restart, and a SIGKILL straight after the ack. */
class DurabilityTest {

    @TempDir
    Path dataDir;

    @Test
    void aRestartOnTheSameDataDirectoryKeepsEverything() throws Exception {
        List<JSONObject> before;
        try (DoneTestServer server = DoneTestServer.start(dataDir, 0);
             TodoClient client = TodoClient.connect(server.uri())) {
            String first = client.create("first").getString("id");
            client.create("second");
            String third = client.create("third").getString("id");
            client.patch(first, json("completed", true));
            client.delete(third);
            client.create("fourth");
            before = client.all();
        }
        assertThat(before).extracting(todo -> todo.optString("title")).containsExactly("first", "second", "fourth");

        try (DoneTestServer server = DoneTestServer.start(dataDir, 0);
             TodoClient client = TodoClient.connect(server.uri())) {
            assertThat(client.all().toString()).isEqualTo(before.toString());
            assertThat(client.create("fifth").getLong("order")).as("creation order goes on")
                    .isGreaterThan(before.get(before.size() - 1).getLong("order"));
        }
    }

    /**
     * A child JVM runs {@link Main}; two clients send their creates without waiting for each other, and the child
     * is killed as soon as the last ack arrives.
     */
    @Test
    void aServerKilledRightAfterTheLastAckLosesNothing() throws Exception {
        int perClient = 40;
        Set<String> acked = ConcurrentHashMap.newKeySet();
        try (DoneProcess child = DoneProcess.start("--port", "0", "--data", dataDir.toString())) {
            URI uri = child.awaitRunning();
            try (TodoClient a = TodoClient.connect(uri); TodoClient b = TodoClient.connect(uri)) {
                CountDownLatch allAcked = new CountDownLatch(2 * perClient);
                for (int i = 0; i < perClient; i++) {
                    for (TodoClient client : List.of(a, b)) {
                        String title = (client == a ? "a" : "b") + i;
                        client.emit("todo:create", json("title", title), (Ack) args -> {
                            if (args.length == 2 && args[1] instanceof JSONObject todo) {
                                acked.add(todo.optString("id"));
                            }
                            allAcked.countDown();
                        });
                    }
                }
                assertThat(allAcked.await(30, TimeUnit.SECONDS)).as("every create acked").isTrue();
                // SIGKILL: no shutdown hook runs, nothing is flushed on the way out.
                child.process.destroyForcibly();
            }
            assertThat(child.awaitExit()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
        }
        assertThat(acked).as("acks with data").hasSize(2 * perClient);

        try (DoneTestServer server = DoneTestServer.start(dataDir, 0);
             TodoClient client = TodoClient.connect(server.uri())) {
            List<String> stored = client.all().stream().map(todo -> todo.optString("id")).toList();
            assertThat(stored).as("every acked todo after the kill").containsExactlyInAnyOrderElementsOf(acked);
        }
    }
}
