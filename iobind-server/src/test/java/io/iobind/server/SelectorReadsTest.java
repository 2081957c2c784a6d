package io.iobind.server;

import io.iobind.server.transport.SelectorReadEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.iobind.server.JavaClient.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which thread reads a WebSocket connection: while every listener is the server's own (the resource API hands events
 * to its handler threads and never blocks there), Jetty's selector itself when handler threads are at work, and when
 * they are idle a thread Jetty may let block (it hands its selecting to a reserved thread first, see
 * {@code ReadingThreadTest}); a thread of Jetty's pool once an application adds a listener that may block, which then
 * holds up its own client only.
 */
class SelectorReadsTest {

    private IobindServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private IobindServer started() throws Exception {
        server = IobindServer.builder().port(0).build();
        new TodoBackend().register(server);
        return server.start();
    }

    /** The endpoints of the WebSocket connections open now. */
    private List<EndPoint> webSocketEndPoints() {
        return server.connectedEndPoints().stream()
                .filter(endPoint -> endPoint.getConnection() instanceof WebSocketConnection).toList();
    }

    /** How Jetty will run the next read of each WebSocket connection (its read interest is registered while idle). */
    private List<InvocationType> webSocketReads() {
        List<EndPoint> endPoints = webSocketEndPoints();
        assertThat(endPoints).allSatisfy(endPoint -> assertThat(endPoint).isInstanceOf(SelectorReadEndPoint.class));
        return endPoints.stream()
                .map(endPoint -> ((SelectorReadEndPoint) endPoint).getFillInterest().getCallbackInvocationType())
                .toList();
    }

    @Test
    void withTheResourceApiAloneWebSocketsAreReadOnTheSelectorWhileHandlersAreBusy() throws Exception {
        server = IobindServer.builder().port(0).build();
        new TodoBackend().register(server);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server.resource("job").on("wait", request -> {
            started.countDown();
            return release.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        });
        server.start();
        try (JavaClient first = JavaClient.websocket(server.uri()).connect();
             JavaClient second = JavaClient.pollingThenUpgrade(server.uri()).connect()) {
            first.ok("todo:create", new org.json.JSONObject().put("title", "read on the selector"));
            assertThat(((org.json.JSONObject) second.ok("todos:count")).getInt("count")).isEqualTo(1);
            awaitUpgrades(2);
            // Idle handlers: the client whose event was read last (the second) may have its next read on a thread
            // Jetty lets block, after handing its selecting over, which then runs the handler; the other client's
            // reads (heartbeats of an idle client, say) stay on the selector, without a hand-off.
            awaitReads(InvocationType.EITHER, InvocationType.NON_BLOCKING);

            CompletableFuture<Object> waited = CompletableFuture.supplyAsync(() -> {
                try {
                    return second.ok("job:wait");
                } catch (Exception failure) {
                    throw new IllegalStateException(failure);
                }
            });
            assertThat(started.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            // A handler at work: the selector reads in place and queues the event for the handler threads.
            assertThat(webSocketReads()).hasSize(2).containsOnly(InvocationType.NON_BLOCKING);
            release.countDown();
            assertThat(waited.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(true);
        }
    }

    /** Waits until the WebSocket reads are declared {@code types} (a handler may still be finishing its last event). */
    private void awaitReads(InvocationType... types) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!sameTypes(webSocketReads(), types) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(webSocketReads()).containsExactlyInAnyOrder(types);
    }

    private static boolean sameTypes(List<InvocationType> reads, InvocationType... types) {
        List<InvocationType> left = new java.util.ArrayList<>(reads);
        for (InvocationType type : types) {
            if (!left.remove(type)) {
                return false;
            }
        }
        return left.isEmpty();
    }

    @Test
    void aListenerThatMayBlockHoldsUpItsOwnClientOnly() throws Exception {
        started();
        CountDownLatch release = new CountDownLatch(1);
        server.socketIo().namespace("/").onConnection(socket -> socket.on("wait", (source, event, args, ack) -> {
            try {
                release.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            ack.send(null, "released");
        }));
        try (JavaClient waiting = JavaClient.websocket(server.uri()).connect();
             JavaClient other = JavaClient.websocket(server.uri()).connect()) {
            waiting.ok("todos:count");
            assertThat(webSocketReads()).hasSize(2).containsOnly(InvocationType.BLOCKING);

            CompletableFuture<Object> waited = CompletableFuture.supplyAsync(() -> {
                try {
                    return waiting.ok("wait");
                } catch (Exception failure) {
                    throw new IllegalStateException(failure);
                }
            });
            // Answered while the first client's listener blocks the thread that read it.
            assertThat(other.ok("todo:create", new org.json.JSONObject().put("title", "not held up"))).isNotNull();
            assertThat(waited).isNotDone();
            release.countDown();
            assertThat(waited.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo("released");
        }
    }

    private void awaitUpgrades(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (webSocketEndPoints().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
