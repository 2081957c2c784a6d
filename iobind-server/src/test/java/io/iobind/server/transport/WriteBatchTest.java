package io.iobind.server.transport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write batch. Most tests use a batch whose timer cannot fire while they run (an hour), so that what they check
 * does not depend on how fast a busy machine runs them: with a 50 ms timer, a thread descheduled for 50 ms between two
 * statements let the timer flush first, and such tests failed about once in 20 runs of the suite beside two busy
 * loops. The tests of the timer itself use {@code timed} (50 ms) and check only what the timer's delay guarantees.
 */
class WriteBatchTest {

    private final WriteBatch batch = new WriteBatch(1, TimeUnit.HOURS);
    private final ExecutorService handler = Executors.newSingleThreadExecutor(batch.threadFactory("test-handler"));
    private final WriteBatch timed = new WriteBatch(50, TimeUnit.MILLISECONDS);
    private final ExecutorService timedHandler = Executors.newSingleThreadExecutor(timed.threadFactory("timed-handler"));

    /** Counts the flushes of one connection, and when the first one came. */
    private static final class Connection {
        final AtomicInteger flushes = new AtomicInteger();
        final CountDownLatch flushed = new CountDownLatch(1);
        volatile long firstFlushNanos;
        final WriteBatch.Slot slot = new WriteBatch.Slot(() -> {
            if (flushes.incrementAndGet() == 1) {
                firstFlushNanos = System.nanoTime();
            }
            flushed.countDown();
        });
    }

    @AfterEach
    void close() {
        handler.shutdownNow();
        batch.close();
        timedHandler.shutdownNow();
        timed.close();
    }

    private <T> T onHandler(Callable<T> work) throws Exception {
        return handler.submit(work).get(10, TimeUnit.SECONDS);
    }

    private void onHandler(Runnable work) throws Exception {
        handler.submit(work).get(10, TimeUnit.SECONDS);
    }

    private <T> T onTimedHandler(Callable<T> work) throws Exception {
        return timedHandler.submit(work).get(10, TimeUnit.SECONDS);
    }

    private void onTimedHandler(Runnable work) throws Exception {
        timedHandler.submit(work).get(10, TimeUnit.SECONDS);
    }

    @Test
    void onlyThreadsOfThisBatchHoldFrames() throws Exception {
        Connection client = new Connection();
        assertThat(batch.holds(client.slot, true)).as("not a batching thread").isFalse();
        assertThat(onHandler(() -> batch.holds(client.slot, true))).isTrue();
        try (WriteBatch other = new WriteBatch(1, TimeUnit.MILLISECONDS)) {
            assertThat(onHandler(() -> other.holds(client.slot, true))).as("another batch's thread").isFalse();
        }
    }

    @Test
    void withoutBacklogOnlyRepliesAndWhatJoinsThemAreHeld() throws Exception {
        AtomicInteger backlog = new AtomicInteger();
        try (WriteBatch idle = new WriteBatch(1, TimeUnit.HOURS, () -> backlog.get() > 0)) {
            Connection watcher = new Connection();
            Connection writer = new Connection();
            onThreadOf(idle, () -> {
                assertThat(idle.holds(watcher.slot, false)).as("a push with nothing to share a write with").isFalse();
                assertThat(idle.holds(writer.slot, true)).as("a reply waits for its event's end").isTrue();
                idle.queued(writer.slot, true);
                assertThat(idle.holds(writer.slot, false)).as("a push to a client with a reply queued joins it").isTrue();
                backlog.set(1);
                assertThat(idle.holds(watcher.slot, false)).as("a push while other work waits").isTrue();
                idle.taskFinished();
            });
            assertThat(writer.flushes).hasValue(1);
        }
    }

    @Test
    void handlerWorkLentAnotherThreadWritesAsOnAHandlerThreadWhileItRuns() {
        Connection writer = new Connection();
        Connection watcher = new Connection();
        assertThat(batch.holds(writer.slot, true)).as("before").isFalse();
        batch.runAsHandler(() -> {
            assertThat(batch.holds(writer.slot, true)).as("a reply waits for its event's end").isTrue();
            batch.queued(writer.slot, true);
            assertThat(batch.holds(writer.slot, false)).as("a push to the writer joins its reply").isTrue();
            batch.queued(writer.slot, false);
            assertThat(writer.flushes).as("not before the event ends").hasValue(0);
            batch.taskFinished();
            assertThat(writer.flushes).as("reply and push in one flush").hasValue(1);
            try (WriteBatch other = new WriteBatch(1, TimeUnit.MILLISECONDS)) {
                assertThat(other.holds(watcher.slot, true)).as("another batch").isFalse();
            }
            batch.queued(writer.slot, true);
        });
        assertThat(writer.flushes).as("a reply left when the work ends goes out then").hasValue(2);
        assertThat(batch.holds(writer.slot, true)).as("after").isFalse();
    }

    /** Runs {@code work} on a handler thread of {@code batch} (one of its own, for a batch made by the test). */
    private static void onThreadOf(WriteBatch batch, Runnable work) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor(batch.threadFactory("light-handler"));
        try {
            thread.submit(work).get(10, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void aReplyGoesOutWhenItsEventIsHandled() throws Exception {
        Connection client = new Connection();
        onHandler(() -> {
            batch.queued(client.slot, true);
            assertThat(client.flushes).as("not before the event ends").hasValue(0);
            batch.taskFinished();
        });
        assertThat(client.flushes).hasValue(1);
    }

    @Test
    void withoutBacklogAPushGoesOutAtOnceAndAReplyStillWaitsForItsEvent() throws Exception {
        AtomicInteger backlog = new AtomicInteger();
        try (WriteBatch idle = new WriteBatch(1, TimeUnit.HOURS, () -> backlog.get() > 0)) {
            Connection watcher = new Connection();
            Connection writer = new Connection();
            onThreadOf(idle, () -> {
                idle.queued(writer.slot, true);
                idle.queued(watcher.slot, false);
                assertThat(watcher.flushes).as("nothing else to share a write with: at once").hasValue(1);
                assertThat(writer.flushes).as("a reply goes with its event's end").hasValue(0);
                backlog.set(1);
                idle.queued(watcher.slot, false);
                assertThat(watcher.flushes).as("held while other work waits").hasValue(1);
                idle.taskFinished();
            });
            assertThat(writer.flushes).hasValue(1);
            assertThat(watcher.flushed.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(idle.isIdle()).as("a timer held the push queued under backlog").isFalse();
        }
    }

    @Test
    void aPushWaitsForTheTimerWhenNoHandlerFlushes() throws Exception {
        Connection watcher = new Connection();
        long queued = onTimedHandler(() -> {
            long now = System.nanoTime();
            timed.queued(watcher.slot, false);
            timed.taskFinished();
            return now;
        });
        // No handler finishes another event (idle, or stuck in a slow one): the timer flushes, not before its delay.
        assertThat(watcher.flushed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(watcher.firstFlushNanos - queued))
                .as("held back to share a later write").isGreaterThanOrEqualTo(45);
        assertThat(watcher.flushes).hasValue(1);
    }

    @Test
    void aPushGoesOutWithTheNextReplyToTheSameClientInOneFlush() throws Exception {
        Connection client = new Connection();
        onHandler(() -> {
            batch.queued(client.slot, false);
            batch.taskFinished();
            batch.queued(client.slot, true);
            batch.taskFinished();
        });
        assertThat(client.flushes).hasValue(1);
        batch.flush();
        assertThat(client.flushes).as("nothing queued since, so no empty flush").hasValue(1);
    }

    @Test
    void aHandlerFinishingAfterTheDeadlineFlushesEverything() throws Exception {
        Connection watcher = new Connection();
        Connection writer = new Connection();
        onTimedHandler(() -> {
            timed.queued(watcher.slot, false);
            try {
                Thread.sleep(60);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            timed.queued(writer.slot, true);
            timed.taskFinished();
            // Past the deadline the push is out when the handler's event ends, whoever of the two flushed it.
            assertThat(watcher.flushes).hasValue(1);
        });
        assertThat(writer.flushes).hasValue(1);
    }

    @Test
    void writesOnOtherThreadsAreNotHeldAsReplies() {
        Connection client = new Connection();
        batch.queued(client.slot, true);
        batch.taskFinished();
        assertThat(client.flushes).as("only the timer or a flush sends it").hasValue(0);
        batch.close();
        assertThat(client.flushes).as("close flushes what waits").hasValue(1);
    }

    @Test
    void aPushWrittenInsideASlowHandlerGoesOutWithinTheDelay() throws Exception {
        // A handler pushes (ClientSession.emit, IobindServer.broadcast) and then keeps working: no event ends, so
        // only the timer can flush, and it must already be running.
        Connection watcher = new Connection();
        boolean flushedWhileHandlerRuns = onTimedHandler(() -> {
            timed.queued(watcher.slot, false);
            boolean flushed = watcher.flushed.await(2, TimeUnit.SECONDS);
            timed.taskFinished();
            return flushed;
        });
        assertThat(flushedWhileHandlerRuns).as("the push went out while its handler still ran").isTrue();
    }

    @Test
    void aPushQueuedAfterCloseIsFlushedEvenIfTheTimerWasArmedAtClose() throws Exception {
        Connection first = new Connection();
        Connection late = new Connection();
        onHandler(() -> {
            batch.queued(first.slot, false);
            batch.taskFinished();
        });
        // close() drops the armed timer.
        batch.close();
        assertThat(first.flushes).hasValue(1);
        // A handler still running after stop()'s drain timeout writes a push and finishes its event.
        onHandler(() -> {
            batch.queued(late.slot, false);
            batch.taskFinished();
        });
        assertThat(late.flushed.await(1, TimeUnit.SECONDS)).as("a push queued after close is flushed").isTrue();
    }

    @Test
    void aReplyAndThePushToTheSameClientGoOutTogetherWithoutTheTimer() throws Exception {
        Connection writer = new Connection();
        onHandler(() -> {
            batch.queued(writer.slot, true);
            batch.queued(writer.slot, false);
            batch.taskFinished();
        });
        assertThat(writer.flushes).hasValue(1);
        assertThat(batch.isIdle()).as("nothing left for the timer, so it was not set").isTrue();
    }
}
