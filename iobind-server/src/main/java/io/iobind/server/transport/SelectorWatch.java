package io.iobind.server.transport;

import org.eclipse.jetty.util.thread.strategy.AdaptiveExecutionStrategy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets the thread that read a WebSocket message go on without waking another thread to take over Jetty's selecting,
 * and wakes one only if that thread is still busy a moment later.
 *
 * <p>Where a read may run handler work ({@link ReadingThread}), Jetty first hands its selecting to a parked reserved
 * thread (its "execute, produce, consume" mode), so that a handler that blocks holds up nothing else. Waking that
 * thread is a good part of a message's cost when one client is at work (measured on 2 cores, bench/README.md): the
 * woken thread usually preempts the one reading, selects once and sleeps again, while the reading thread, done in
 * tens of microseconds, finds the selecting taken and parks itself. Here the hand-off is promised to Jetty and not
 * made: the reading thread comes back to find nobody selecting and selects again itself, as Node's single thread
 * does. This watch checks every {@link #TICK_NANOS} whether a selector it was given has nobody selecting; seen so
 * at two ticks in a row with no promise in between (the reading thread is still in a handler that blocks, 1 to 2 ms
 * on), it hands the selecting to a thread of the pool, which then goes on as Jetty's reserved thread would have. It
 * sleeps once no hand-off was promised for {@link #IDLE_TICKS} ticks, until the next promise.
 */
final class SelectorWatch extends ParkingWatch {

    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final int IDLE_TICKS = 100;

    /** Set on a thread Jetty asks whether a WebSocket read may block, and told "either" ({@link #mayPromise}). */
    private static final ThreadLocal<Boolean> READ_MAY_PROMISE = new ThreadLocal<>();

    private final Executor pool;
    private final Set<AdaptiveExecutionStrategy> selectors = ConcurrentHashMap.newKeySet();
    /** The selectors seen with nobody selecting at the last tick, with the count of promises then (watch only). */
    private final Map<AdaptiveExecutionStrategy, Long> seenIdle = new HashMap<>();
    private final AtomicLong promises = new AtomicLong();
    private final AtomicLong takeOvers = new AtomicLong();

    SelectorWatch(Executor pool, String name) {
        super(name);
        this.pool = pool;
    }

    /**
     * Notes that Jetty is about to hand its selecting over so that the calling thread may read a WebSocket message
     * and run its handler work: that hand-off may be promised rather than made ({@link #takePromise}).
     */
    static void mayPromise(boolean may) {
        if (may) {
            READ_MAY_PROMISE.set(Boolean.TRUE);
        } else if (READ_MAY_PROMISE.get() != null) {
            READ_MAY_PROMISE.remove();
        }
    }

    /** Whether the hand-off Jetty asks for now is the one {@link #mayPromise} announced on this thread (once). */
    static boolean takePromise() {
        if (READ_MAY_PROMISE.get() == null) {
            return false;
        }
        READ_MAY_PROMISE.remove();
        return true;
    }

    /**
     * Promises {@code selector} a thread to take over its selecting should the calling thread not come back; false
     * once the watch is stopped (the caller then hands the selecting over at once).
     */
    boolean promise(AdaptiveExecutionStrategy selector) {
        if (stopped()) {
            return false;
        }
        promises.incrementAndGet();
        if (!selectors.contains(selector)) {
            selectors.add(selector);
        }
        wake();
        return true;
    }

    /** How many times a selector was handed to a pool thread because its reading thread stayed away (for tests). */
    long takeOvers() {
        return takeOvers.get();
    }

    @Override
    public void run() {
        long lastPromises = -1;
        int quietTicks = 0;
        while (!stopped()) {
            long now = promises.get();
            if (now != lastPromises) {
                lastPromises = now;
                quietTicks = 0;
            } else if (++quietTicks >= IDLE_TICKS && nobodyWaits()) {
                long seen = lastPromises;
                sleepWhile(() -> promises.get() == seen);
                quietTicks = 0;
                continue;
            }
            LockSupport.parkNanos(this, TICK_NANOS);
            check();
        }
    }

    private boolean nobodyWaits() {
        for (AdaptiveExecutionStrategy selector : selectors) {
            if (selector.isIdle()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Hands over the selecting of every selector seen with nobody selecting at this tick and the last one, with no
     * promise made in between (otherwise those were two short reads, each back in time).
     */
    private void check() {
        long now = promises.get();
        for (AdaptiveExecutionStrategy selector : selectors) {
            Long before = seenIdle.remove(selector);
            if (!selector.isRunning()) {
                selectors.remove(selector);
            } else if (!selector.isIdle()) {
                continue;
            } else if (before == null || before != now) {
                seenIdle.put(selector, now);
            } else {
                takeOvers.incrementAndGet();
                try {
                    pool.execute(selector);
                } catch (RejectedExecutionException stopping) {
                    selectors.remove(selector);
                }
            }
        }
    }
}
