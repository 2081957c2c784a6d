package io.iobind.example;

import io.socket.client.Ack;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.iobind.example.TodoClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** An acknowledged write survives a restart, and a SIGKILL straight after the ack. */
class DurabilityTest {

    private static final Pattern RUNNING = Pattern.compile(Pattern.quote(Main.RUNNING) + "(http://\\S+)");

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
     * is killed (SIGKILL: no shutdown hook, nothing flushed on the way out) as soon as the last ack arrives.
     */
    @Test
    void aServerKilledRightAfterTheLastAckLosesNothing() throws Exception {
        int perClient = 40;
        Set<String> acked = ConcurrentHashMap.newKeySet();
        Process child = startChild();
        StringBuilder childOutput = new StringBuilder();
        try {
            URI uri = awaitRunning(child, childOutput);
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
                child.destroyForcibly();
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child gone").isTrue();
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        assertThat(child.exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
        assertThat(acked).as("acks with data").hasSize(2 * perClient);

        try (DoneTestServer server = DoneTestServer.start(dataDir, 0);
             TodoClient client = TodoClient.connect(server.uri())) {
            List<String> stored = client.all().stream().map(todo -> todo.optString("id")).toList();
            assertThat(stored).as("every acked todo after the kill").containsExactlyInAnyOrderElementsOf(acked);
        }
    }

    private Process startChild() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:+UseSerialGC", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--port", "0", "--data", dataDir.toString());
        builder.redirectErrorStream(true);
        return builder.start();
    }

    /** Reads the child's output until its start-up line; the output is kept for the failure message. */
    private static URI awaitRunning(Process child, StringBuilder output) throws Exception {
        CompletableFuture<URI> running = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    Matcher matcher = RUNNING.matcher(line);
                    if (matcher.find()) {
                        running.complete(URI.create(matcher.group(1)));
                    }
                }
            } catch (IOException closed) {
                // the child was killed
            } finally {
                running.completeExceptionally(new IllegalStateException("the child ended before it was running"));
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return running.get(60, TimeUnit.SECONDS);
        } catch (Exception failure) {
            synchronized (output) {
                throw new AssertionError("the child did not start; its output:\n" + output, failure);
            }
        }
    }
}
