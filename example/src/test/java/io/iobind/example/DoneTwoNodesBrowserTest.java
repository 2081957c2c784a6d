package io.iobind.example;

import io.iobind.example.Browser.Row;
import io.iobind.server.cluster.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Done." on two nodes, as several machines would run it: two done.jar processes (Main) on one PostgreSQL database,
 * sharing their pushes through one redis-server, page A in Chromium on node A and page B on node B. What one page
 * does shows up on the other, as on one node (DoneBrowserTest's flow).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DoneTwoNodesBrowserTest {

    @TempDir
    static Path temp;

    private PostgresServer postgres;
    private RedisServerProcess redis;
    private DoneProcess nodeA;
    private DoneProcess nodeB;
    private Browser a;
    private Browser b;
    private URI uriB;

    @BeforeAll
    void start() throws Exception {
        Browser.installedOrSkip("DoneTwoNodesBrowserTest");
        postgres = PostgresServer.startOrSkip();
        redis = RedisServerProcess.startOrSkip("DoneTwoNodesBrowserTest");
        String database = postgres.createDatabase("done_two_nodes");
        nodeA = DoneProcess.start("--port", "0", "--jdbc-url", database, "--redis", redis.url());
        nodeB = DoneProcess.start("--port", "0", "--jdbc-url", database, "--redis", redis.url());
        URI uriA = nodeA.awaitRunning();
        uriB = nodeB.awaitRunning();
        a = Browser.open("A", temp.resolve("profile-a"), 600, 760);
        b = Browser.open("B", temp.resolve("profile-b"), 600, 760);
        a.load(uriA);
        b.load(uriB);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, nodeA, nodeB, redis, postgres}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void whatOnePageDoesShowsOnThePageOfTheOtherNode() throws Exception {
        assertThat(a.rows()).isEmpty();
        a.add("Buy oat milk");
        b.await("the todo added on node A", driver -> b.titles().contains("Buy oat milk"));

        b.add("Call Grandma");
        a.await("the todo added on node B", driver -> a.titles().contains("Call Grandma"));

        b.toggle("Buy oat milk");
        a.await("Buy oat milk completed on node B",
                driver -> a.rows().contains(new Row("Buy oat milk", true)));

        try (TodoClient client = TodoClient.connect(uriB)) {
            client.create("Water the plants");
        }
        List<Row> expected = List.of(new Row("Buy oat milk", true), new Row("Call Grandma", false),
                new Row("Water the plants", false));
        for (Browser browser : List.of(a, b)) {
            browser.await("the list " + expected + " (it shows " + browser.rows() + ")",
                    driver -> browser.rows().equals(expected));
        }

        a.delete("Call Grandma");
        b.await("Call Grandma gone", driver -> b.rowsInTheDocument("Call Grandma") == 0);
        assertThat(b.titles()).containsExactly("Buy oat milk", "Water the plants");
    }
}
