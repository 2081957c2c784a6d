package io.iobind.server;

import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.iobind.server.JavaClient.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One client alone at work is answered by the thread that read its event (Jetty was promised another thread for its
 * selecting, see {@code SelectorWatch}), not by a handler thread woken for it; such a handler may still block: it holds
 * up nobody else for long (the watch hands the selecting over), its client's next events wait their turn, and a
 * graceful stop waits for it.
 */
class ReadingThreadTest {

    private static final String HANDLER_THREAD = "iobind-handler-";
    private static final String JETTY_THREAD = "iobind-http";

    private IobindServer server;
    private final AtomicReference<String> blockedOn = new AtomicReference<>();
    private final CountDownLatch blocked = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    /**
     * The answers to {@code job:block} and {@code job:ping} in the order the client got them, recorded on the client's
     * event thread (a dependent of the ack's future could run on whichever thread waits for it, later).
     */
    private final List<Object> answers = java.util.Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (server != null) {
            server.stop();
        }
    }

    /**
     * A server with {@code job:where} (answers its thread's name), {@code job:ping}, and {@code job:block}, which blocks
     * until released when it runs on a thread other than a handler thread and otherwise answers "retry".
     */
    private IobindServer started(java.time.Duration stopTimeout) throws Exception {
        server = IobindServer.builder().port(0).stopTimeout(stopTimeout).build();
        server.resource("job")
                .on("where", request -> Thread.currentThread().getName())
                .on("ping", request -> "pong")
                .on("block", request -> {
                    String thread = Thread.currentThread().getName();
                    if (thread.startsWith(HANDLER_THREAD)) {
                        return "retry";
                    }
                    blockedOn.set(thread);
                    blocked.countDown();
                    return release.await(TIMEOUT_SECONDS, TimeUnit.SECONDS) ? "released" : "timed out";
                });
        return server.start();
    }

    @Test
    void oneClientAloneIsAnsweredByTheThreadThatReadItsEvent() throws Exception {
        started(java.time.Duration.ofSeconds(10));
        List<String> threads = new ArrayList<>();
        try (JavaClient client = JavaClient.websocket(server.uri()).connect()) {
            for (int i = 0; i < 10; i++) {
                threads.add((String) client.ok("job:where"));
                Thread.sleep(20); // the handler finishes its event (its pushes, its flush) before the next one comes
            }
        }
        // A socket's first event goes to a handler thread: the handlers do not know yet that it is alone.
        assertThat(threads.get(0)).startsWith(HANDLER_THREAD);
        assertThat(threads).as("threads that answered: %s", threads).anyMatch(name -> name.startsWith(JETTY_THREAD));
    }

    @Test
    void aHandlerBlockingTheThreadThatReadItHoldsUpNobodyElseAndItsClientsNextEventWaitsItsTurn() throws Exception {
        started(java.time.Duration.ofSeconds(10));
        try (JavaClient alone = JavaClient.websocket(server.uri()).connect()) {
            CompletableFuture<Object[]> blockedAck = blockOnReadingThread(alone);
            CompletableFuture<Object[]> nextAck = new CompletableFuture<>();
            alone.socket.emit("job:ping", new Object[] {new JSONObject()}, (io.socket.client.Ack) args -> {
                answers.add(args[1]);
                nextAck.complete(args);
            });

            try (JavaClient other = JavaClient.websocket(server.uri()).connect()) {
                assertThat(other.ok("job:ping")).isEqualTo("pong");
                assertThat(other.ok("job:where")).asString().startsWith(HANDLER_THREAD);
            }
            // Jetty's selecting was promised to another thread, not handed over (SelectorWatch): the other client
            // was read because the watch handed it over once it saw the reading thread stay away.
            assertThat(server.selectorTakeOvers()).isPositive();
            assertThat(blockedAck).isNotDone();
            assertThat(nextAck).as("the blocked client's next event waits for the one before it").isNotDone();

            release.countDown();
            assertThat(blockedAck.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)[1]).isEqualTo("released");
            assertThat(nextAck.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)[1]).isEqualTo("pong");
            // Before them, the "retry" answers of the attempts that ran on a handler thread.
            assertThat(answers.subList(answers.size() - 2, answers.size())).containsExactly("released", "pong");
        }
    }

    @Test
    void aGracefulStopWaitsForAHandlerRunningOnTheThreadThatReadIt() throws Exception {
        started(java.time.Duration.ofSeconds(30));
        try (JavaClient alone = JavaClient.websocket(server.uri()).connect()) {
            CompletableFuture<Object[]> blockedAck = blockOnReadingThread(alone);
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
                try {
                    server.stop();
                } catch (Exception failure) {
                    throw new IllegalStateException(failure);
                }
            });
            Thread.sleep(300);
            assertThat(stopped).as("stop() waits for the handler").isNotDone();
            release.countDown();
            assertThat(blockedAck.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)[1]).isEqualTo("released");
            stopped.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void theWatchThatStandsInForTheHandOffSleepsWhenTheServerIsQuietAndEndsWithIt() throws Exception {
        started(java.time.Duration.ofSeconds(10));
        try (JavaClient alone = JavaClient.websocket(server.uri()).connect()) {
            Thread watch = null;
            for (int i = 0; i < 50 && watch == null; i++) {
                alone.ok("job:ping");
                Thread.sleep(20); // the handler finishes its event before the next one comes
                watch = watchThread();
            }
            assertThat(watch).as("the selector watch, started by a read that ran its handler work").isNotNull();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (watch.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(watch.getState()).as("parked without a timeout once quiet").isEqualTo(Thread.State.WAITING);
            assertThat(alone.ok("job:ping")).isEqualTo("pong");
            server.stop();
            watch.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            assertThat(watch.isAlive()).isFalse();
        }
    }

    private static Thread watchThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(JETTY_THREAD + "-selector-watch")).findFirst().orElse(null);
    }

    /** Sends {@code job:block} until it blocks on a thread other than a handler thread; returns its pending ack. */
    private CompletableFuture<Object[]> blockOnReadingThread(JavaClient client) throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            CompletableFuture<Object[]> ack = new CompletableFuture<>();
            client.socket.emit("job:block", new Object[] {new JSONObject()}, (io.socket.client.Ack) args -> {
                answers.add(args[1]);
                ack.complete(args);
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (!ack.isDone() && blocked.getCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            if (blocked.getCount() == 0) {
                assertThat(blockedOn.get()).startsWith(JETTY_THREAD);
                return ack;
            }
            assertThat(ack.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)[1]).isEqualTo("retry");
            Thread.sleep(20);
        }
        throw new AssertionError("job:block never ran on the thread that read it in 20 attempts");
    }
}
