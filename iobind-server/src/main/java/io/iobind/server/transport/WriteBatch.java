package io.iobind.server.transport;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Coalesces the WebSocket frames that handler threads write into fewer network writes.
 *
 * <p>An acked write sends an ack to its sender and a push to every client; written one by one, each frame is a
 * system call (and, on loopback, the receiver's side of TCP too), which is most of the server's CPU once a
 * write fans out to tens of clients. Frames written on a handler thread of this batch are instead queued in the
 * client's Jetty connection, in order with every other frame to it, and the connection is marked dirty; the
 * dirty connections are flushed, each with one gathering write, as soon as the handlers have no queued event
 * left, or once the oldest unflushed frame is {@code maxDelay} old while they are still busy (checked after
 * each event, and by a timer while frames wait, so a slow handler cannot hold up what others wrote). Frames
 * written on any other thread (Engine.IO pings, handshakes, replies sent from network threads, broadcasts from
 * application threads) go out at once, and flush what is queued before them.
 */
public final class WriteBatch implements AutoCloseable {

    /** A connection holding frames that a flush writes out. */
    interface Connection {
        void flushQueued();
    }

    /** A thread whose WebSocket writes join this batch; made by {@link #threadFactory}. */
    private static final class BatchingThread extends Thread {
        final WriteBatch batch;

        BatchingThread(WriteBatch batch, Runnable task, String name) {
            super(task, name);
            this.batch = batch;
        }
    }

    private final long maxDelayNanos;
    private final ConcurrentLinkedQueue<Connection> dirty = new ConcurrentLinkedQueue<>();
    /** When the oldest unflushed frame was queued; 0 when nothing waits. */
    private final AtomicLong pendingSince = new AtomicLong();
    private final AtomicBoolean timerArmed = new AtomicBoolean();
    private final ScheduledExecutorService timer;

    public WriteBatch(long maxDelay, TimeUnit unit) {
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

    /** Whether a write on the calling thread should be queued rather than sent at once. */
    boolean batchesCurrentThread() {
        return Thread.currentThread() instanceof BatchingThread thread && thread.batch == this;
    }

    /** Called by a connection after queuing a frame while it was clean. */
    void markDirty(Connection connection) {
        dirty.add(connection);
        pendingSince.compareAndSet(0, System.nanoTime());
    }

    /**
     * Called by a handler thread after each task: flushes when no more work is queued (the next write may be a
     * while away) or when frames have waited long enough.
     */
    public void taskFinished(boolean moreWorkQueued) {
        long since = pendingSince.get();
        if (since == 0) {
            return;
        }
        if (!moreWorkQueued || System.nanoTime() - since >= maxDelayNanos) {
            flush();
        } else if (timerArmed.compareAndSet(false, true)) {
            // The next event may take long; make sure what waits now goes out in time anyway.
            try {
                timer.schedule(() -> {
                    timerArmed.set(false);
                    flush();
                }, maxDelayNanos, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                timerArmed.set(false);
                flush();
            }
        }
    }

    /** Writes out every queued frame. Safe from any thread, and concurrently with writers. */
    public void flush() {
        pendingSince.set(0);
        Connection connection;
        while ((connection = dirty.poll()) != null) {
            connection.flushQueued();
        }
    }

    /** Flushes what waits and stops the timer. */
    @Override
    public void close() {
        timer.shutdownNow();
        flush();
    }
}
