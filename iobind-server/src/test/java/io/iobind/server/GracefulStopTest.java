package io.iobind.server;

import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.iobind.server.JavaClient.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/** stop() lets running handlers finish and answer, refuses new events, and leaves none of its threads behind. */
class GracefulStopTest {

    /** Prefixes of the threads a server starts: handlers, Jetty's pool and scheduler, engine.io's scheduler. */
    private static final List<String> SERVER_THREAD_PREFIXES =
            List.of("iobind-", "engineIo-threadPool-", "Scheduler-");

    @Test
    void aRunningHandlerIsAckedNewEventsGet503AndNoServerThreadRemains() throws Exception {
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        CountDownLatch handlerStarted = new CountDownLatch(1);
        CountDownLatch releaseHandler = new CountDownLatch(1);
        IobindServer server = IobindServer.builder().port(0).stopTimeout(java.time.Duration.ofSeconds(30)).build();
        server.resource("job")
                .on("wait", request -> {
                    handlerStarted.countDown();
                    assertThat(releaseHandler.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
                    return "finished";
                })
                .on("ping", request -> "pong");
        server.start();

        CompletableFuture<Void> stopped = new CompletableFuture<>();
        try (JavaClient busy = JavaClient.websocket(server.uri()).connect();
             JavaClient prober = JavaClient.websocket(server.uri()).connect()) {
            assertThat(prober.ok("job:ping")).isEqualTo("pong");
            CompletableFuture<Object[]> busyAck = new CompletableFuture<>();
            busy.socket.emit("job:wait", new Object[] {new JSONObject()}, busyAck::complete);
            assertThat(handlerStarted.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();

            Thread stopper = new Thread(() -> {
                try {
                    server.stop();
                    stopped.complete(null);
                } catch (Throwable failure) {
                    stopped.completeExceptionally(failure);
                }
            }, "test-stopper");
            stopper.start();

            // Each probe is a full round trip; once stop() has begun, they are refused.
            JSONObject refusal = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (refusal == null && System.nanoTime() < deadline) {
                Object[] reply = prober.call("job:ping");
                if (reply[0] instanceof JSONObject error) {
                    refusal = error;
                }
            }
            assertThat(refusal).as("an event sent during stop() is refused").isNotNull();
            assertThat(refusal.getInt("code")).isEqualTo(503);
            assertThat(stopped).as("stop() waits for the running handler").isNotDone();
            assertThat(busyAck).isNotDone();

            releaseHandler.countDown();
            Object[] reply = busyAck.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(reply[0] == null || reply[0] == JSONObject.NULL).as("no error but %s", reply[0]).isTrue();
            assertThat(reply[1]).isEqualTo("finished");
            stopped.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        List<Thread> leftOver = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!threadsBefore.contains(thread) && SERVER_THREAD_PREFIXES.stream().anyMatch(thread.getName()::startsWith)) {
                // A pool's threads finish their last task moments after the pool reports termination.
                thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
                if (thread.isAlive()) {
                    leftOver.add(thread);
                }
            }
        }
        assertThat(leftOver).extracting(Thread::getName).as("server threads alive after stop()").isEmpty();
    }
}
