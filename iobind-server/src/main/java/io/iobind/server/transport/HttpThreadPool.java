package io.iobind.server.transport;

import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ReservedThreadExecutor;
import org.eclipse.jetty.util.thread.strategy.AdaptiveExecutionStrategy;

import java.io.Closeable;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Jetty's thread pool for the server's connections, grown past a steady size only for jobs that wait, and with one
 * thing fixed: the start of a reserved thread that is still queued when the pool stops is dropped quietly.
 *
 * <p>Jetty's pool starts a thread for every job that finds no idle one, up to its maximum. A burst of short jobs (a
 * crowd of clients connecting at once after a restart, while the connect path is not yet compiled) thus starts one
 * thread per connect in flight: 64 connects at once started 65 threads, each keeping its stack for a minute, about
 * 6 MB of the 27 MB that 1000 connects cost (bench/README.md). Here the pool starts threads freely up to
 * {@link #steadyThreads()} (four per core, at least 16); past that, jobs wait in the queue for a thread to come free,
 * and a watch that ticks every {@link #GROWTH_TICK_NANOS} while jobs wait lets the pool grow: by a thread for each of
 * its threads found parked inside a job at two ticks in a row (waiting for a result, a sleep, a blocking call that
 * parks), else by one thread a tick while the oldest waiting job has waited {@link #GROWTH_WAIT_TICKS} ticks or more
 * (threads busy in a call the JVM shows as running, such as a blocking socket read). Shorter waits are a burst the
 * threads are working through (measured: the cold connect path's threads contend for class loading): with every core
 * busy, more threads would not end it sooner. The pool never grows past the maximum it was built with, and is back at
 * its steady size (threads above it leave after a minute idle) once a tick finds no job waiting. A job that takes over
 * Jetty's selecting never waits: it gets a thread at once.
 *
 * <p>Jetty keeps a few "reserved" threads parked so that its selector can hand work to one at once; it starts one
 * by queueing a job in this pool. When that happens while the pool stops (a request finishing during
 * {@code stop()}), Jetty's own check-then-queue can put the job behind the jobs that tell the threads to exit, and
 * the stopping pool then logs {@code WARN Stopped without executing or closing ReservedThread{thread=null}} for a
 * thread nobody needs any more (seen once in about 60 runs of the server's tests). Jobs that can be closed are
 * closed without a word, so this pool's queue hands such a job over as a closeable one. Every other job left
 * unexecuted at stop is still reported by Jetty.
 */
public final class HttpThreadPool extends QueuedThreadPool {

    static final long GROWTH_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** How many ticks the oldest waiting job may wait, no pool thread seen parked, before the pool grows by one. */
    static final int GROWTH_WAIT_TICKS = 5;

    private final SelectorWatch selectorWatch;
    private final int ceiling;
    private final int steady;
    private final LongAdder jobsQueued = new LongAdder();
    private final LongAdder jobsStarted = new LongAdder();
    /** The pool's threads running a job (reserved threads excepted). */
    private final Set<Thread> inJobs = ConcurrentHashMap.newKeySet();
    private final GrowthWatch growthWatch;
    private final Object limitLock = new Object();

    public HttpThreadPool(String name, int maxThreads, int minThreads) {
        super(maxThreads, minThreads, 60_000, -1, new ReservedStartsClosable(), null);
        setName(name);
        selectorWatch = new SelectorWatch(this, name + "-selector-watch");
        ceiling = maxThreads;
        steady = Math.min(maxThreads, Math.max(16, 4 * Runtime.getRuntime().availableProcessors()));
        setMaxThreads(steady);
        growthWatch = new GrowthWatch(name + "-growth-watch");
        // Threads a burst added (a reconnect storm, many polls at once) all leave after a minute idle; Jetty's
        // default lets one go per minute, so a burst of 50 would keep its threads and their stacks for 50 minutes.
        setMaxEvictCount(maxThreads);
    }

    /** How many threads the pool starts without jobs having to wait first. */
    public int steadyThreads() {
        return steady;
    }

    /** The most threads the pool may have (Jetty's {@link #getMaxThreads()} is its current limit). */
    public int ceilingThreads() {
        return ceiling;
    }

    @Override
    public void execute(Runnable job) {
        if (job instanceof AdaptiveExecutionStrategy && getIdleThreads() == 0) {
            grow(1);
        }
        super.execute(job);
        jobsQueued.increment();
        if (getQueueSize() > 0 && getMaxThreads() < ceiling) {
            growthWatch.wake();
        }
    }

    @Override
    protected void runJob(Runnable job) {
        jobsStarted.increment();
        if (job instanceof ReservedThreadStart) {
            // A reserved thread parks in its job until Jetty hands it a task: not a thread that blocks.
            super.runJob(job);
            return;
        }
        Thread thread = Thread.currentThread();
        inJobs.add(thread);
        try {
            super.runJob(job);
        } finally {
            inJobs.remove(thread);
        }
    }

    /** Raises the limit by {@code threads} over what the pool has, and starts threads for the jobs waiting. */
    private void grow(int threads) {
        synchronized (limitLock) {
            int limit = getMaxThreads();
            int raised = Math.min(ceiling, Math.max(limit, getThreads()) + threads);
            if (raised > limit && isRunning()) {
                setMaxThreads(raised);
                // Jetty starts a thread for each waiting job (up to the new limit) when its minimum is set again.
                setMinThreads(getMinThreads());
            }
        }
    }

    private void backToSteady() {
        synchronized (limitLock) {
            if (getMaxThreads() > steady) {
                setMaxThreads(steady);
            }
        }
    }

    /**
     * Jetty's selector asks for a thread to take over its selecting while the current one runs a task that may
     * block. For a WebSocket read whose thread may then run handler work, the take-over is promised and made only if
     * that thread stays away (see {@link SelectorWatch}); every other request gets a reserved thread at once.
     */
    @Override
    public boolean tryExecute(Runnable task) {
        if (task instanceof AdaptiveExecutionStrategy selector && SelectorWatch.takePromise() && isRunning()
                && selectorWatch.promise(selector)) {
            return true;
        }
        return super.tryExecute(task);
    }

    @Override
    protected void doStop() throws Exception {
        selectorWatch.stop();
        growthWatch.stop();
        super.doStop();
    }

    /**
     * Ticks while jobs wait at the pool's limit and grows the pool (see the class comment); parks when none waits.
     */
    private final class GrowthWatch extends ParkingWatch {
        private Set<Thread> parkedBefore = new HashSet<>();
        private Set<Thread> parkedNow = new HashSet<>();

        GrowthWatch(String name) {
            super(name);
        }

        /**
         * How many of the pool's threads are in a job and parked there (waiting or sleeping, not running, ready to
         * run, or blocked entering a monitor: threads that contend for a lock or load classes would not be helped by
         * more) both at this tick and the last.
         */
        private int parkedInJobsSinceLastTick() {
            Set<Thread> before = parkedBefore;
            Set<Thread> now = parkedNow;
            now.clear();
            int parked = 0;
            for (Thread thread : inJobs) {
                Thread.State state = thread.getState();
                if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                    now.add(thread);
                    if (before.contains(thread)) {
                        parked++;
                    }
                }
            }
            parkedBefore = now;
            parkedNow = before;
            return parked;
        }

        @Override
        public void run() {
            // queuedAt[i % GROWTH_WAIT_TICKS]: the jobs queued so far, as counted at tick i.
            long[] queuedAt = new long[GROWTH_WAIT_TICKS];
            int ticks = 0;
            long tick = System.nanoTime();
            while (!stopped()) {
                LockSupport.parkNanos(this, GROWTH_TICK_NANOS);
                int waiting = getQueueSize();
                long now = System.nanoTime();
                // A tick that came late (a pause of the whole JVM, or this thread kept off the cores) says nothing
                // about how long jobs wait: the ticks start over.
                boolean onTime = now - tick < 2 * GROWTH_TICK_NANOS;
                tick = now;
                if (waiting > 0 && onTime) {
                    long started = jobsStarted.sum();
                    // Jobs start in the order they were queued: the oldest waiting one is number started + 1, and it
                    // was queued GROWTH_WAIT_TICKS ago or earlier if that many had been queued by then.
                    boolean oldestWaitedLong = ticks >= GROWTH_WAIT_TICKS
                            && started < queuedAt[ticks % GROWTH_WAIT_TICKS];
                    int parked = parkedInJobsSinceLastTick();
                    if (parked > 0) {
                        grow(Math.min(parked, waiting));
                    } else if (oldestWaitedLong) {
                        grow(1);
                    }
                    queuedAt[ticks++ % GROWTH_WAIT_TICKS] = jobsQueued.sum();
                } else {
                    ticks = 0;
                    parkedBefore.clear();
                    if (waiting == 0) {
                        backToSteady();
                        sleepWhile(() -> getQueueSize() == 0);
                        tick = System.nanoTime();
                    }
                }
            }
        }
    }

    /** How many times a selector was handed to a pool thread because the thread reading for it stayed away. */
    public long selectorTakeOvers() {
        return selectorWatch.takeOvers();
    }

    /** The pool's jobs (for tests). */
    java.util.concurrent.BlockingQueue<Runnable> jobs() {
        return getQueue();
    }

    /**
     * Jetty's kind of queue for this pool (unbounded, as the default one), handing the starts of reserved threads
     * over as closeable jobs.
     */
    private static final class ReservedStartsClosable extends BlockingArrayQueue<Runnable> {

        @Override
        public boolean offer(Runnable job) {
            return super.offer(isReservedThreadStart(job) ? new ReservedThreadStart(job) : job);
        }
    }

    private static boolean isReservedThreadStart(Runnable job) {
        return job != null && job.getClass().getEnclosingClass() == ReservedThreadExecutor.class;
    }

    /** Runs the reserved thread; closing it (the pool stopped first) has nothing to release. */
    private record ReservedThreadStart(Runnable start) implements Runnable, Closeable {
        @Override
        public void run() {
            start.run();
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return start.toString();
        }
    }
}
