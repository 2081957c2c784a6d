package io.iobind.server.transport;

import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ReservedThreadExecutor;
import org.eclipse.jetty.util.thread.strategy.AdaptiveExecutionStrategy;

import java.io.Closeable;

/**
 * Jetty's thread pool for the server's connections, with one thing fixed: the start of a reserved thread that is
 * still queued when the pool stops is dropped quietly.
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

    private final SelectorWatch selectorWatch;

    public HttpThreadPool(String name, int maxThreads, int minThreads) {
        super(maxThreads, minThreads, 60_000, -1, new ReservedStartsClosable(), null);
        setName(name);
        selectorWatch = new SelectorWatch(this, name + "-selector-watch");
        // Threads a burst added (a reconnect storm, many polls at once) all leave after a minute idle; Jetty's
        // default lets one go per minute, so a burst of 50 would keep its threads and their stacks for 50 minutes.
        setMaxEvictCount(maxThreads);
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
        super.doStop();
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
