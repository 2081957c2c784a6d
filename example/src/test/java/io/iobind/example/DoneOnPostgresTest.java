package io.iobind.example;

import io.socket.client.Ack;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.iobind.example.TodoClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Done." on PostgreSQL through its own command line ({@code --jdbc-url}), as each node of several would run it:
 * two servers (child JVMs, as {@code java -jar done.jar}) on one database. Skipped with one line when PostgreSQL's
 * binaries are missing, failed under {@code CI=true}.
 */
class DoneOnPostgresTest {

    private static PostgresServer postgres;

    @RegisterExtension
    final TestWatcher postgresLogOnFailure = PostgresServer.logOnFailure(() -> postgres);

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.startOrSkip();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    /**
     * Two clients of node A create without waiting for each other; A is killed (SIGKILL) as soon as the last ack
     * arrives; node B, on the same database, lists every acknowledged todo and adds its own after them.
     */
    @Test
    void twoNodesShareTheTodosAndAKilledNodeLosesNothingItAcknowledged() throws Exception {
        String url = postgres.createDatabase("done");
        int perClient = 40;
        Set<String> acked = ConcurrentHashMap.newKeySet();
        try (DoneProcess nodeA = DoneProcess.start("--port", "0", "--jdbc-url", url);
             DoneProcess nodeB = DoneProcess.start("--port", "0", "--jdbc-url", url)) {
            URI a = nodeA.awaitRunning();
            URI b = nodeB.awaitRunning();
            assertThat(nodeA.output()).contains("(todos in " + url + ";");
            try (TodoClient first = TodoClient.connect(a); TodoClient second = TodoClient.connect(a)) {
                CountDownLatch allAcked = new CountDownLatch(2 * perClient);
                for (int i = 0; i < perClient; i++) {
                    for (TodoClient client : List.of(first, second)) {
                        client.emit("todo:create", json("title", (client == first ? "a" : "b") + i), (Ack) args -> {
                            if (args.length == 2 && args[1] instanceof JSONObject todo) {
                                acked.add(todo.optString("id"));
                            }
                            allAcked.countDown();
                        });
                    }
                }
                assertThat(allAcked.await(30, TimeUnit.SECONDS)).as("every create acked").isTrue();
                nodeA.process.destroyForcibly();
            }
            assertThat(nodeA.awaitExit()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
            assertThat(acked).as("acks with data").hasSize(2 * perClient);

            try (TodoClient onB = TodoClient.connect(b)) {
                List<JSONObject> seenOnB = onB.all();
                assertThat(seenOnB).extracting(todo -> todo.optString("id")).as("node B after A was killed")
                        .containsExactlyInAnyOrderElementsOf(acked);
                long lastOfA = seenOnB.stream().mapToLong(todo -> todo.getLong("order")).max().orElseThrow();
                assertThat(onB.create("made on B").getLong("order")).as("B's todo goes after A's")
                        .isGreaterThan(lastOfA);
            }
        }
    }
}
