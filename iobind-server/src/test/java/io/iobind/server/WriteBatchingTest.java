package io.iobind.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Frames written by handler threads are batched per connection; batching must never hold a reply back. */
class WriteBatchingTest {

    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private IobindServer server;
    private WebSocketClient webSockets;

    @BeforeEach
    void start() throws Exception {
        // One handler thread, so a slow handler is what runs right after the fast one.
        server = IobindServer.builder().port(0).handlerThreads(1).build();
        server.resource("job")
                .on("fast", request -> {
                    Thread.sleep(300);
                    return JsonNodeFactory.instance.textNode("fast done");
                })
                .on("slow", request -> {
                    releaseSlow.await(10, TimeUnit.SECONDS);
                    return JsonNodeFactory.instance.textNode("slow done");
                })
                .on("long", request -> {
                    request.session().emit("progress", java.util.Map.of("step", 1));
                    releaseSlow.await(10, TimeUnit.SECONDS);
                    return JsonNodeFactory.instance.textNode("long done");
                });
        new TodoBackend().register(server);
        server.start();
        webSockets = new WebSocketClient();
        webSockets.start();
    }

    @AfterEach
    void stop() throws Exception {
        releaseSlow.countDown();
        server.stop();
        webSockets.stop();
    }

    @Test
    void aSlowHandlerDoesNotHoldBackThePushesWrittenBeforeIt() throws Exception {
        try (RawWebSocket writer = RawWebSocket.connected(webSockets, server);
             RawWebSocket watcher = RawWebSocket.connected(webSockets, server);
             RawWebSocket slow = RawWebSocket.connected(webSockets, server)) {
            writer.send("421[\"todos:create\",{\"title\":\"first\"}]");
            assertThat(writer.next()).startsWith("431[null,{");
            // The only handler thread now blocks in the slow handler; the watcher's push must not wait for it.
            slow.send("421[\"job:slow\"]");
            long start = System.nanoTime();
            assertThat(watcher.next()).startsWith("42[\"todos:create\",{").contains("first");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
            assertThat(releaseSlow.getCount()).as("the slow handler was not released yet").isEqualTo(1);
            assertThat(slow.next()).as("every client gets the push").startsWith("42[\"todos:create\",{");
            releaseSlow.countDown();
            assertThat(slow.next()).isEqualTo("431[null,\"slow done\"]");
        }
    }

    @Test
    void aReplyIsNotHeldBackByTheEventsQueuedAfterIt() throws Exception {
        try (RawWebSocket client = RawWebSocket.connected(webSockets, server)) {
            // Two events of one socket run in one task; the first reply must go out before the second ends.
            client.send("421[\"job:fast\"]");
            client.send("422[\"job:slow\"]");
            assertThat(client.next()).isEqualTo("431[null,\"fast done\"]");
            assertThat(releaseSlow.getCount()).as("the slow handler was not released yet").isEqualTo(1);
            releaseSlow.countDown();
            assertThat(client.next()).isEqualTo("432[null,\"slow done\"]");
        }
    }

    @Test
    void repliesAndPushesKeepTheirOrderPerConnection() throws Exception {
        try (RawWebSocket writer = RawWebSocket.connected(webSockets, server);
             RawWebSocket watcher = RawWebSocket.connected(webSockets, server)) {
            int calls = 200;
            for (int i = 0; i < calls; i++) {
                writer.send("42" + i + "[\"todos:create\",{\"title\":\"t" + i + "\"}]");
            }
            List<String> writerFrames = new ArrayList<>();
            List<String> watcherFrames = new ArrayList<>();
            for (int i = 0; i < 2 * calls; i++) {
                writerFrames.add(writer.next());
            }
            for (int i = 0; i < calls; i++) {
                watcherFrames.add(watcher.next());
            }
            // The writer gets, per call in order, its ack then the push of the same todo.
            for (int i = 0; i < calls; i++) {
                assertThat(writerFrames.get(2 * i)).startsWith("43" + i + "[null,{").contains("\"title\":\"t" + i + "\"");
                assertThat(writerFrames.get(2 * i + 1)).startsWith("42[\"todos:create\",{").contains("\"title\":\"t" + i + "\"");
                assertThat(watcherFrames.get(i)).startsWith("42[\"todos:create\",{").contains("\"title\":\"t" + i + "\"");
            }
        }
    }

    @Test
    void aPushWrittenByAHandlerThatKeepsRunningArrivesBeforeItEnds() throws Exception {
        try (RawWebSocket client = RawWebSocket.connected(webSockets, server)) {
            client.send("421[\"job:long\"]");
            long start = System.nanoTime();
            assertThat(client.next()).startsWith("42[\"progress\",{\"step\":1}");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
            assertThat(releaseSlow.getCount()).as("the handler was not released yet").isEqualTo(1);
            releaseSlow.countDown();
            assertThat(client.next()).isEqualTo("431[null,\"long done\"]");
        }
    }
}
