package io.iobind.server.transport;

/**
 * Lets the thread that read a WebSocket message run the handler work it queued, once the read is over, instead of
 * waking a handler thread for it.
 *
 * <p>Used only where the read ran on a thread that may block: Jetty gave up its selecting before this one read (its
 * "execute, produce, consume" mode), to a thread that takes it over should this one stay away, promised by
 * {@link SelectorWatch} and woken only then (1 to 2 ms on). The connection is waiting for its next bytes again by
 * the time the work runs, so a handler that blocks holds up this thread, and the other connections no longer than
 * that. At one client no thread is woken at all: this thread reads, answers and goes back to selecting, as Node's
 * single thread does, where otherwise the answer waits for a parked handler thread to be scheduled.
 */
public final class ReadingThread {

    private static final ThreadLocal<ReadingThread> OPEN = new ThreadLocal<>();

    /** Whether this read may leave a task to run after it (Jetty let the thread block). */
    private final boolean mayRun;
    private Runnable task;
    private boolean eventNoted;

    private ReadingThread(boolean mayRun) {
        this.mayRun = mayRun;
    }

    /**
     * Runs {@code read}, then, if {@code mayRun}, on this thread the one task {@link #offer} took during it. The task
     * runs even when the read throws (it was promised to run).
     *
     * @return whether the read queued an event for the handlers ({@link #noteEvent})
     */
    static boolean read(Runnable read, boolean mayRun) {
        ReadingThread here = new ReadingThread(mayRun);
        OPEN.set(here);
        try {
            read.run();
        } finally {
            OPEN.remove();
            if (here.task != null) {
                here.task.run();
            }
        }
        return here.eventNoted;
    }

    /** Notes that the WebSocket read running on this thread, if any, queued an event for the handlers. */
    public static void noteEvent() {
        ReadingThread here = OPEN.get();
        if (here != null) {
            here.eventNoted = true;
        }
    }

    /** Whether {@link #offer} could take a task on the calling thread now. */
    public static boolean isOpen() {
        ReadingThread here = OPEN.get();
        return here != null && here.mayRun && here.task == null;
    }

    /**
     * Takes {@code task} to run on the calling thread after its read, if the thread is reading a WebSocket message
     * in a place where it may then block and has not taken a task yet; otherwise returns false and the caller hands
     * it elsewhere.
     */
    public static boolean offer(Runnable task) {
        if (!isOpen()) {
            return false;
        }
        OPEN.get().task = task;
        return true;
    }
}
