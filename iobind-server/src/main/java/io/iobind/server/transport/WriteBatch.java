package io.iobind.server.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Coalesces the WebSocket frames that handler threads write into fewer network writes.
 *
 * <p>An acked write sends an ack to its sender and a push to every client; written one by one, each frame is a
 * system call (and, on loopback, the receiver's side of TCP too), which is most of the server's CPU once a
 * write fans out to tens of clients. Frames written on a handler thread of this batch are instead queued in the
 * client's Jetty connection, in order with every other frame to it, and written later with one gathering
 * write per connection:
 * <ul>
 *   <li>a connection that was sent a reply (an ack: its client waits for it) is flushed as soon as the event
 *       that answered it is handled, with whatever else is queued for it;</li>
 *   <li>other frames (pushes) wait at most {@code maxDelay}, so that the pushes of several writes share one
 *       network write, or go out earlier with their client's next reply. A timer flushes them when no handler
 *       does, so a slow or idle handler never holds them longer.</li>
 * </ul>
 * Frames written on any other thread (Engine.IO pings, handshakes, replies sent from network threads,
 * broadcasts from application threads) go out at once, and flush what is queued before them.
 */
public final class WriteBatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriteBatch.class);

    /** A connection's place in the batch: what flushes it, and how many frames it holds unflushed. */
    public static final class Slot {
        private final Runnable flush;
        private final AtomicInteger unflushed = new AtomicInteger();
        private final AtomicBoolean waiting = new AtomicBoolean();

        public Slot(Runnable flush) {
            this.flush = flush;
        }

        /**
         * Flushes the connection if anything was queued since its last flush. Never throws: one connection's
         * failure must not keep the others in the batch from being flushed.
         */
        void flushIfQueued() {
            if (unflushed.getAndSet(0) > 0) {
                try {
                    flush.run();
                } catch (RuntimeException failure) {
                    LOG.warn("flushing a connection failed: {}", failure.toString());
                }
            }
        }
    }

    /** Where the writes of one thread join a batch: a handler thread's, or another thread's for a while. */
    private static final class Writer {
        final WriteBatch batch;
        /** Connections sent a reply during the current task; only the writing thread touches the list. */
        final List<Slot> replied = new ArrayList<>();

        Writer(WriteBatch batch) {
            this.batch = batch;
        }
    }

    /** A thread whose WebSocket writes join this batch; made by {@link #threadFactory}. */
    private static final class BatchingThread extends Thread {
        final Writer writer;

        BatchingThread(WriteBatch batch, Runnable task, String name) {
            super(task, name);
            this.writer = new Writer(batch);
        }
    }

    /** The writes of a thread that is not a batching one, while {@link #runAsHandler} runs handler work on it. */
    private static final ThreadLocal<Writer> LENT = new ThreadLocal<>();

    private static Writer writer() {
        return Thread.currentThread() instanceof BatchingThread thread ? thread.writer : LENT.get();
    }

    private final long maxDelayNanos;
    private final BooleanSupplier backlog;
    private final ConcurrentLinkedQueue<Slot> waiting = new ConcurrentLinkedQueue<>();
    /** When the oldest waiting frame was queued; 0 when nothing waits. */
    private final AtomicLong waitingSince = new AtomicLong();
    private final AtomicBoolean timerArmed = new AtomicBoolean();
    private final ScheduledExecutorService timer;

    public WriteBatch(long maxDelay, TimeUnit unit) {
        this(maxDelay, unit, () -> true);
    }

    /**
     * @param backlog whether handler work is waiting to run; pushes are only held back while it is (then more
     *     writes follow soon and their pushes can share a network write), and otherwise go out at once
     */
    public WriteBatch(long maxDelay, TimeUnit unit, BooleanSupplier backlog) {
        this.backlog = backlog;
        this.maxDelayNanos = unit.toNanos(maxDelay);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "iobind-flush");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        this.timer = scheduler;
    }

    /** Daemon threads named {@code <prefix>-1, -2, …} whose writes join this batch. */
    public ThreadFactory threadFactory(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new BatchingThread(this, task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Whether a frame for {@code slot}'s connection, written now on the calling thread, is to be queued in its
     * connection and left to this batch (then {@link #queued} is called), rather than written at once: on a batching
     * thread, for a reply, for a frame joining a reply to the same connection, or while other handler work runs or
     * waits (then a later write may share its network write). A frame written at once takes one trip through
     * Jetty's writing path instead of two (queue, then flush): what a large broadcast from an idle server costs per
     * recipient.
     */
    boolean holds(Slot slot, boolean reply) {
        Writer thread = writer();
        if (thread == null || thread.batch != this) {
            return false;
        }
        return reply || thread.replied.contains(slot) || backlog.getAsBoolean();
    }

    /**
     * Called on a batching thread right after a frame was queued on {@code slot}'s connection (queued first,
     * counted second: a flush that misses the frame's count finds the slot waiting again).
     *
     * @param reply whether the frame answers the client (an ack), which then goes out when the task ends
     */
    void queued(Slot slot, boolean reply) {
        slot.unflushed.incrementAndGet();
        Writer thread = writer();
        if (thread != null) {
            if (reply) {
                if (!thread.replied.contains(slot)) {
                    thread.replied.add(slot);
                }
                return;
            }
            if (thread.replied.contains(slot)) {
                // Goes out with the reply when this event ends (a writer's own push): nothing to wait or time.
                return;
            }
            if (!backlog.getAsBoolean()) {
                // No other write is coming soon to share a network write with: holding it back would only add
                // its delay (and a timer's wake-up per write when the server is lightly loaded).
                slot.flushIfQueued();
                return;
            }
        }
        if (slot.waiting.compareAndSet(false, true)) {
            waiting.add(slot);
            if (waitingSince.compareAndSet(0, System.nanoTime())) {
                // The first frame to wait: arm the timer now, not when the task ends, so a handler that keeps
                // running after it wrote (a slow call, a long job) does not hold its pushes that long.
                armTimer(maxDelayNanos);
            }
        }
    }

    /**
     * Runs handler work on the calling thread (one that read the event, see {@link ReadingThread}) with its writes
     * joining this batch as a handler thread's do; the work calls {@link #taskFinished} after each event as there.
     */
    public void runAsHandler(Runnable work) {
        Writer previous = LENT.get();
        LENT.set(new Writer(this));
        try {
            work.run();
        } finally {
            flushReplies();
            if (previous == null) {
                LENT.remove();
            } else {
                LENT.set(previous);
            }
        }
    }

    /** Called by a handler thread after each task: sends the replies it wrote, and what waited long enough. */
    public void taskFinished() {
        flushReplies();
        flushIfDue();
    }

    /**
     * Sends the replies the calling handler thread wrote so far (with whatever is queued on their connections),
     * e.g. before the handler fans a push out to many clients, so the writer's ack does not wait for that.
     */
    public void flushReplies() {
        Writer thread = writer();
        if (thread != null && !thread.replied.isEmpty()) {
            for (Slot slot : thread.replied) {
                slot.flushIfQueued();
            }
            thread.replied.clear();
        }
    }

    private void onTimer() {
        timerArmed.set(false);
        // If flushed and refilled since this timer was set, this waits for the new oldest frame's deadline.
        flushIfDue();
    }

    /** Flushes when the oldest waiting frame is due, and otherwise makes sure the timer will. */
    private void flushIfDue() {
        long since = waitingSince.get();
        if (since == 0) {
            return;
        }
        long wait = maxDelayNanos - (System.nanoTime() - since);
        if (wait <= 0) {
            flush();
        } else {
            armTimer(wait);
        }
    }

    /** Makes sure a timer runs within {@code delayNanos}; once closed, flushes at once instead. */
    private void armTimer(long delayNanos) {
        if (timer.isShutdown()) {
            // close() dropped any armed timer (timerArmed may be stuck true): nothing else would flush.
            flush();
            return;
        }
        if (timerArmed.compareAndSet(false, true)) {
            try {
                timer.schedule(this::onTimer, delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closed) {
                timerArmed.set(false);
                flush();
            }
        }
    }

    /** Writes out every queued frame. Safe from any thread, and concurrently with writers. */
    public void flush() {
        waitingSince.set(0);
        Slot slot;
        while ((slot = waiting.poll()) != null) {
            slot.waiting.set(false);
            slot.flushIfQueued();
        }
    }

    /** Whether no frame waits for the timer and no timer is set; for tests. */
    boolean isIdle() {
        return waitingSince.get() == 0 && !timerArmed.get();
    }

    /** Flushes what waits and stops the timer. */
    @Override
    public void close() {
        timer.shutdownNow();
        flush();
    }
}
