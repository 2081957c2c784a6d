package io.iobind.server.transport;

import org.eclipse.jetty.util.thread.strategy.AdaptiveExecutionStrategy;
import org.junit.jupiter.api.Test;

import java.io.Closeable;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool grows past its steady size only for jobs that wait (a burst of short jobs does not start a thread each;
 * jobs that block get threads), a selector's take-over never waits, and the start of a reserved thread is queued as
 * a closeable job, so a stopping pool that never ran it closes it instead of logging a WARN (Jetty's own race at
 * stop; the WARN itself is too rare to provoke in a test).
 */
class HttpThreadPoolTest {

    @Test
    void aBurstOfShortJobsStartsFewThreadsPastTheSteadySize() throws Exception {
        HttpThreadPool pool = new HttpThreadPool("test-pool", 200, 4);
        pool.start();
        int jobs = 2000;
        CountDownLatch ran = new CountDownLatch(jobs);
        try {
            long start = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                pool.execute(() -> {
                    spin(TimeUnit.MICROSECONDS.toNanos(100));
                    ran.countDown();
                });
            }
            assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
            long ticks = (System.nanoTime() - start) / HttpThreadPool.GROWTH_TICK_NANOS;

            // Jetty's own pool starts a thread for each job that finds none idle: here, up to its 200. This one
            // grows by at most a thread a tick while its threads are at work.
            assertThat(pool.steadyThreads()).isLessThan(200);
            assertThat(pool.getThreads()).isLessThanOrEqualTo(pool.steadyThreads() + (int) ticks + 1);
        } finally {
            pool.stop();
        }
    }

    @Test
    void jobsThatBlockGetThreadsPastTheSteadySizeAndTheLimitComesBackAfterwards() throws Exception {
        HttpThreadPool pool = new HttpThreadPool("test-pool", 200, 4);
        pool.start();
        int jobs = pool.steadyThreads() + 40;
        CountDownLatch busy = new CountDownLatch(jobs);
        CountDownLatch release = new CountDownLatch(1);
        try {
            for (int i = 0; i < jobs; i++) {
                pool.execute(blocking(busy, release));
            }
            // Every thread is parked in its job at two ticks in a row: the pool grows by a thread for each.
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(pool.getThreads()).isGreaterThanOrEqualTo(jobs).isLessThanOrEqualTo(200);
        } finally {
            release.countDown();
        }
        try {
            awaitSteadyLimit(pool);
            assertThat(pool.ceilingThreads()).isEqualTo(200);
        } finally {
            pool.stop();
        }
    }

    @Test
    void aJobThatWaitsLongBehindRunningThreadsGetsAThread() throws Exception {
        HttpThreadPool pool = startedWithoutReservedThreads();
        int steady = pool.steadyThreads();
        CountDownLatch busy = new CountDownLatch(steady);
        AtomicBoolean release = new AtomicBoolean();
        CountDownLatch ran = new CountDownLatch(1);
        try {
            // Threads that keep running (as one in a blocking socket read shows to the JVM): none is seen parked.
            for (int i = 0; i < steady; i++) {
                pool.execute(() -> {
                    busy.countDown();
                    while (!release.get()) {
                        Thread.onSpinWait();
                    }
                });
            }
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            pool.execute(ran::countDown);
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(release.get()).isFalse();
            // (The limit itself may be back at the steady size already: nothing waits once the job has run.)
            assertThat(pool.getThreads()).isGreaterThan(steady);
        } finally {
            release.set(true);
            pool.stop();
        }
    }

    @Test
    void aSelectorTakeOverGetsAThreadAtOnceWhenAllAreBusy() throws Exception {
        HttpThreadPool pool = startedWithoutReservedThreads();
        int steady = pool.steadyThreads();
        CountDownLatch busy = new CountDownLatch(steady);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch produced = new CountDownLatch(1);
        try {
            for (int i = 0; i < steady; i++) {
                pool.execute(blocking(busy, release));
            }
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            // (A thread slow to start may have let the watch grow the pool meanwhile; it is back once none waits.)
            awaitSteadyLimit(pool);

            AdaptiveExecutionStrategy selector = new AdaptiveExecutionStrategy(() -> {
                produced.countDown();
                return null;
            }, pool);
            selector.start();
            pool.execute(selector);
            // The limit was raised before the job was queued, so Jetty started a thread for it at once: the job is
            // not counted as waiting (without the raise it would wait for the watch's next tick).
            assertThat(pool.getQueueSize()).isZero();
            assertThat(pool.getThreads()).isEqualTo(steady + 1);
            assertThat(produced.await(10, TimeUnit.SECONDS)).isTrue();
            selector.stop();
        } finally {
            release.countDown();
            pool.stop();
        }
    }

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

    /** A pool of 200 at most, none of them reserved: every job this test queues is counted as one. */
    private static HttpThreadPool startedWithoutReservedThreads() throws Exception {
        HttpThreadPool pool = new HttpThreadPool("test-pool", 200, 4);
        pool.setReservedThreads(0);
        pool.start();
        return pool;
    }

    private static void awaitSteadyLimit(HttpThreadPool pool) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.getMaxThreads() > pool.steadyThreads() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(pool.getMaxThreads()).isEqualTo(pool.steadyThreads());
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
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
