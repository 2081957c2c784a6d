package io.iobind.example;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TodoStoreTest} on PostgreSQL, the database several nodes share: a server of the machine's own binaries
 * for this class ({@link PostgresServer}), a new database per test. Skipped with one line when the binaries are
 * missing, failed under {@code CI=true}. A failing test prints the server's log.
 */
class PostgresTodoStoreTest extends TodoStoreTest {

    private static PostgresServer server;
    private static int databases;

    @RegisterExtension
    final TestWatcher serverLogOnFailure = PostgresServer.logOnFailure(() -> server);

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.startOrSkip();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    String emptyDatabase() throws Exception {
        return server.createDatabase("todos_" + ++databases);
    }

    /**
     * The server dies (SIGKILL to all its processes, no shutdown checkpoint) right after the store's commits;
     * started again, it recovers from its write-ahead log, and a new store finds every committed write. On a
     * server of its own: recovery syncs every file of the cluster, and the shared one holds a database per test.
     */
    @Test
    void committedWritesSurviveTheDatabaseServerBeingKilled() throws Exception {
        try (PostgresServer crashing = PostgresServer.startOrSkip()) {
            try {
                String url = crashing.createDatabase("todos");
                List<Todo> committed = new ArrayList<>();
                try (TodoStore store = TodoStore.open(url)) {
                    for (int i = 0; i < 20; i++) {
                        committed.add(store.create("before the crash " + i, i % 2 == 0));
                    }
                    Todo changed = store.update(committed.get(0).id(), "changed before the crash", null).orElseThrow();
                    committed.set(0, changed);
                    store.delete(committed.remove(1).id());
                    crashing.kill();
                }
                crashing.restart();
                assertThat(crashing.log()).as("the restart recovered from a crash")
                        .contains("database system was not properly shut down", "redo done");
                try (TodoStore store = TodoStore.open(url)) {
                    assertThat(store.all()).containsExactlyElementsOf(committed);
                }
            } catch (Exception | AssertionError failure) {
                System.out.println("PostgreSQL's log up to the failure:\n" + crashing.log());
                throw failure;
            }
        }
    }
}
