package io.iobind.server.transport;

import org.junit.jupiter.api.Test;

import java.io.Closeable;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start of a reserved thread is queued as a closeable job, so a stopping pool that never ran it closes it
 * instead of logging a WARN (Jetty's own race at stop; the WARN itself is too rare to provoke in a test).
 */
class HttpThreadPoolTest {

    @Test
    void theStartOfAReservedThreadIsQueuedAsACloseableJob() throws Exception {
        HttpThreadPool pool = new HttpThreadPool("test-pool", 2, 2);
        pool.start();
        CountDownLatch busy = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        try {
            for (int i = 0; i < 2; i++) {
                pool.execute(blocking(busy, release));
            }
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();

            // No thread is reserved or free: Jetty declines and queues the start of a reserved thread for later.
            assertThat(pool.tryExecute(() -> { })).isFalse();

            List<Runnable> queued = List.copyOf(pool.jobs());
            assertThat(queued).hasSize(1);
            assertThat(queued.get(0)).isInstanceOf(Closeable.class);
            assertThat(queued.get(0).toString()).contains("ReservedThread");
        } finally {
            release.countDown();
            pool.stop();
        }
    }

    @Test
    void otherJobsAreQueuedAsTheyAre() throws Exception {
        HttpThreadPool pool = new HttpThreadPool("test-pool", 1, 1);
        pool.setReservedThreads(0);
        pool.start();
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch ran = new CountDownLatch(1);
        Runnable waiting = ran::countDown;
        try {
            pool.execute(blocking(busy, release));
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            pool.execute(waiting);
            assertThat(List.copyOf(pool.jobs())).containsExactly(waiting);
            release.countDown();
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            release.countDown();
            pool.stop();
        }
    }

    /** A job that keeps its thread until {@code release} (counting {@code busy} down when it starts). */
    private static Runnable blocking(CountDownLatch busy, CountDownLatch release) {
        return () -> {
            busy.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        };
    }
}
