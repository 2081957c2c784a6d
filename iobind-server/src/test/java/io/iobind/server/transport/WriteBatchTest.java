package io.iobind.server.transport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class WriteBatchTest {

    private final WriteBatch batch = new WriteBatch(50, TimeUnit.MILLISECONDS);

    /** Counts its flushes; a flush clears the mark, as a real connection's does. */
    private static final class CountingConnection implements WriteBatch.Connection {
        final AtomicInteger flushes = new AtomicInteger();
        final CountDownLatch flushed = new CountDownLatch(1);

        @Override
        public void flushQueued() {
            flushes.incrementAndGet();
            flushed.countDown();
        }
    }

    @AfterEach
    void close() {
        batch.close();
    }

    private <T> T onBatchThread(java.util.concurrent.Callable<T> work) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor(batch.threadFactory("test-batch"));
        try {
            return thread.submit(work).get(10, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void onlyThreadsOfThisBatchBatch() throws Exception {
        assertThat(batch.batchesCurrentThread()).isFalse();
        assertThat(onBatchThread(batch::batchesCurrentThread)).isTrue();
        try (WriteBatch other = new WriteBatch(1, TimeUnit.MILLISECONDS)) {
            assertThat(onBatchThread(other::batchesCurrentThread)).isFalse();
        }
    }

    @Test
    void anIdleHandlerFlushesAtOnce() {
        CountingConnection connection = new CountingConnection();
        batch.markDirty(connection);
        batch.taskFinished(false);
        assertThat(connection.flushes).hasValue(1);
        batch.taskFinished(false);
        assertThat(connection.flushes).as("nothing left to flush").hasValue(1);
    }

    @Test
    void aBusyHandlerDefersTheFlushButTheTimerStillSendsInTime() throws Exception {
        CountingConnection connection = new CountingConnection();
        long start = System.nanoTime();
        batch.markDirty(connection);
        batch.taskFinished(true);
        assertThat(connection.flushes).as("deferred while more events wait").hasValue(0);
        // No handler finishes another task (say it is stuck in a slow one): the timer flushes.
        assertThat(connection.flushed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(45);
        assertThat(connection.flushes).hasValue(1);
    }

    @Test
    void aBusyHandlerFlushesOnceFramesAreOldEnough() throws Exception {
        CountingConnection connection = new CountingConnection();
        batch.markDirty(connection);
        Thread.sleep(60);
        batch.taskFinished(true);
        assertThat(connection.flushes).hasValue(1);
    }

    @Test
    void closeFlushesWhatWaits() {
        CountingConnection connection = new CountingConnection();
        batch.markDirty(connection);
        batch.close();
        assertThat(connection.flushes).hasValue(1);
    }

    @Test
    void aConnectionMarkedDuringAFlushIsFlushedLater() throws Exception {
        CountingConnection first = new CountingConnection();
        CompletableFuture<Void> marked = new CompletableFuture<>();
        CountingConnection second = new CountingConnection();
        WriteBatch.Connection marksAnother = () -> {
            first.flushQueued();
            batch.markDirty(second);
            marked.complete(null);
        };
        batch.markDirty(marksAnother);
        batch.taskFinished(false);
        marked.get(5, TimeUnit.SECONDS);
        assertThat(first.flushes).hasValue(1);
        batch.taskFinished(false);
        assertThat(second.flushes).hasValue(1);
    }
}
