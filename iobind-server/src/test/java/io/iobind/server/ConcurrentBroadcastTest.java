package io.iobind.server;

import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.iobind.server.JavaClient.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/** Broadcasts from many threads at once, and handlers of many clients at once, lose nothing. */
class ConcurrentBroadcastTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 150;

    @Test
    void everyPushFromEveryThreadReachesEveryClient() throws Exception {
        // 1200 pushes as fast as 8 threads can send them, more than the default cap of 1024 waiting messages: on a
        // busy machine the polling client (before its upgrade) can fall that far behind and would be dropped as too
        // slow, which is right but not what this test is about (the caps have tests of their own).
        try (IobindServer server = IobindServer.builder().port(0).maxOutgoingFrames(4 * THREADS * PER_THREAD).build().start();
             JavaClient first = JavaClient.websocket(server.uri()).connect();
             JavaClient second = JavaClient.pollingThenUpgrade(server.uri()).connect()) {
            CountDownLatch allArrived = new CountDownLatch(2 * THREADS * PER_THREAD);
            Set<String> seenByFirst = ConcurrentHashMap.newKeySet();
            Set<String> seenBySecond = ConcurrentHashMap.newKeySet();
            first.socket.on("tick", args -> {
                seenByFirst.add(((JSONObject) args[0]).getString("key"));
                allArrived.countDown();
            });
            second.socket.on("tick", args -> {
                seenBySecond.add(((JSONObject) args[0]).getString("key"));
                allArrived.countDown();
            });
            ExecutorService senders = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int thread = 0; thread < THREADS; thread++) {
                    int id = thread;
                    done.add(senders.submit(() -> {
                        for (int i = 0; i < PER_THREAD; i++) {
                            server.broadcast(null, "tick", Map.of("key", id + "-" + i));
                        }
                    }));
                }
                for (Future<?> future : done) {
                    future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                }
            } finally {
                senders.shutdownNow();
            }
            assertThat(allArrived.await(30, TimeUnit.SECONDS)).as("every push arrived").isTrue();
            assertThat(seenByFirst).hasSize(THREADS * PER_THREAD);
            assertThat(seenBySecond).hasSize(THREADS * PER_THREAD);
        }
    }

    @Test
    void manyClientsCreatingAtOnceEachSeeEveryCreate() throws Exception {
        int clients = 6;
        int createsPerClient = 30;
        try (IobindServer server = IobindServer.builder().port(0).build()) {
            TodoBackend backend = new TodoBackend();
            backend.register(server);
            server.start();
            List<JavaClient> connected = new ArrayList<>();
            CountDownLatch pushes = new CountDownLatch(clients * clients * createsPerClient);
            try {
                for (int i = 0; i < clients; i++) {
                    JavaClient client = (i % 2 == 0 ? JavaClient.websocket(server.uri()) : JavaClient.pollingThenUpgrade(server.uri())).connect();
                    client.socket.on("todos:create", args -> pushes.countDown());
                    connected.add(client);
                }
                ExecutorService callers = Executors.newFixedThreadPool(clients);
                try {
                    List<Future<?>> done = new ArrayList<>();
                    for (JavaClient client : connected) {
                        done.add(callers.submit(() -> {
                            for (int n = 0; n < createsPerClient; n++) {
                                client.ok("todo:create", new JSONObject().put("title", "n" + n));
                            }
                            return null;
                        }));
                    }
                    for (Future<?> future : done) {
                        future.get(60, TimeUnit.SECONDS);
                    }
                } finally {
                    callers.shutdownNow();
                }
                assertThat(pushes.await(30, TimeUnit.SECONDS)).as("every create pushed to every client").isTrue();
                assertThat(backend.todos).hasSize(clients * createsPerClient);
            } finally {
                connected.forEach(JavaClient::close);
            }
        }
    }
}
