package io.iobind.server.cluster;

import io.iobind.server.JavaClient;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.iobind.server.JavaClient.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-to-end case: two iobind-server nodes in separate JVMs (the demo server, io.iobind.server.Main) on one
 * redis-server. A push crosses from one process to the other, and when one node's process is killed (no stop, no
 * goodbye to Redis or its clients) the other keeps serving its clients.
 */
class TwoProcessClusterTest {

    /** How long a node process may take to start listening. */
    private static final long NODE_START_SECONDS = 120;

    private RedisServerProcess redis;
    private final List<Process> nodes = new ArrayList<>();
    private final List<JavaClient> clients = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServerProcess.startOrSkip("TwoProcessClusterTest");
    }

    @AfterEach
    void stopAll() throws Exception {
        clients.forEach(JavaClient::close);
        for (Process node : nodes) {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** Starts a node's JVM and returns its URI once it printed it. */
    private URI startNode(Process[] handle) throws Exception {
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        Process node = new ProcessBuilder(javaBinary.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "io.iobind.server.Main", "--port", "0",
                "--redis", redis.url())
                .redirectErrorStream(true).start();
        nodes.add(node);
        handle[0] = node;
        BufferedReader output = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<URI> listening = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                String line;
                while ((line = output.readLine()) != null) {
                    if (line.startsWith("listening on ")) {
                        return URI.create(line.substring("listening on ".length()).trim());
                    }
                    seen.append(line).append('\n');
                }
            } catch (IOException ended) {
                seen.append(ended);
            }
            throw new IllegalStateException("the node ended before listening:\n" + seen);
        });
        // A JVM loading Jetty, Lettuce and netty: a few seconds on a quiet machine, over 30 s on 2 cores at a load
        // average of 15 (seen while other builds ran); a node that never listens fails the test at the latest here.
        URI uri = listening.get(NODE_START_SECONDS, TimeUnit.SECONDS);
        // Keep reading, so a chatty node never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                output.transferTo(Writer.nullWriter());
            } catch (IOException ended) {
                // the node is gone
            }
        }, "drain-node-output");
        drain.setDaemon(true);
        drain.start();
        return uri;
    }

    private JavaClient client(URI node) throws Exception {
        JavaClient client = JavaClient.websocket(node).record("todos:create").connect();
        clients.add(client);
        return client;
    }

    @Test
    void aPushCrossesProcessesAndTheSurvivingNodeKeepsServing() throws Exception {
        Process[] a = new Process[1];
        Process[] b = new Process[1];
        URI uriA = startNode(a);
        URI uriB = startNode(b);
        JavaClient onA = client(uriA);
        JavaClient onB = client(uriB);

        onA.ok("todo:create", new JSONObject().put("title", "made on A"));
        assertThat(((JSONObject) onB.nextEvent()[1]).getString("title")).isEqualTo("made on A");
        assertThat(((JSONObject) onA.nextEvent()[1]).getString("title")).isEqualTo("made on A");

        a[0].destroyForcibly();
        assertThat(a[0].waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("node A killed").isTrue();

        JavaClient newcomer = client(uriB);
        onB.ok("todo:create", new JSONObject().put("title", "made on B after A died"));
        for (JavaClient client : List.of(onB, newcomer)) {
            assertThat(((JSONObject) client.nextEvent()[1]).getString("title")).isEqualTo("made on B after A died");
        }
        assertThat(onB.receivedSoFar()).as("nothing twice").isEmpty();
    }
}
