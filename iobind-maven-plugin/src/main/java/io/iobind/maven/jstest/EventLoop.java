package io.iobind.maven.jstest;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

import org.graalvm.polyglot.Value;

/**
 * The timers and immediates of one spec file's Context, run on the Context's own thread by {@link SpecRunner}.
 * Each callback runs as a separate top-level call, so GraalJS drains the promise jobs after each one, as Node does
 * between macrotasks.
 */
final class EventLoop {

    /** A scheduled callback; {@code intervalMillis} &gt; 0 makes it repeat. */
    record Task(long id, long dueNanos, long sequence, Value callback, long intervalMillis) {
    }

    private final PriorityQueue<Task> timers = new PriorityQueue<>(
            Comparator.comparingLong(Task::dueNanos).thenComparingLong(Task::sequence));
    private final ArrayDeque<Task> immediates = new ArrayDeque<>();
    private final Map<Long, Task> live = new HashMap<>();
    private long nextId = 1;
    private long sequence;
    private boolean inImmediatePhase;
    private int immediatesLeftInPhase;
    private long phaseStartNanos = System.nanoTime();

    long schedule(Value callback, double delayMillis, boolean repeat) {
        // Like Node: a delay below 1 ms (or not a number) becomes 1 ms.
        long delay = Double.isNaN(delayMillis) || delayMillis < 1 ? 1 : (long) Math.min(delayMillis, Integer.MAX_VALUE);
        Task task = new Task(nextId++, System.nanoTime() + delay * 1_000_000L, sequence++, callback, repeat ? delay : 0);
        timers.add(task);
        live.put(task.id(), task);
        return task.id();
    }

    long immediate(Value callback) {
        Task task = new Task(nextId++, 0, sequence++, callback, 0);
        immediates.add(task);
        live.put(task.id(), task);
        return task.id();
    }

    void cancel(long id) {
        Task task = live.remove(id);
        if (task != null) {
            timers.remove(task);
            immediates.remove(task);
        }
    }

    /**
     * The next callback to run now, or null when none is ready. Like Node's loop, it alternates phases: the timers
     * due when the phase began (in due order), then the immediates queued before their phase began — so a stream
     * of due timers cannot starve immediates, nor immediates queued by immediates starve timers.
     */
    Task takeReady() {
        for (int phase = 0; phase < 3; phase++) {
            if (!inImmediatePhase) {
                Task due = timers.peek();
                if (due != null && due.dueNanos() - phaseStartNanos <= 0) {
                    timers.poll();
                    if (due.intervalMillis() > 0) {
                        long next = Math.max(due.dueNanos() + due.intervalMillis() * 1_000_000L, phaseStartNanos + 1);
                        Task again = new Task(due.id(), next, sequence++, due.callback(), due.intervalMillis());
                        timers.add(again);
                        live.put(again.id(), again);
                    } else {
                        live.remove(due.id());
                    }
                    return due;
                }
                inImmediatePhase = true;
                immediatesLeftInPhase = immediates.size();
            }
            if (immediatesLeftInPhase > 0) {
                immediatesLeftInPhase--;
                Task immediate = immediates.poll();
                if (immediate != null) {
                    live.remove(immediate.id());
                    return immediate;
                }
            }
            inImmediatePhase = false;
            phaseStartNanos = System.nanoTime();
        }
        return null;
    }

    /** Nanoseconds until the next timer is due, or -1 when nothing is scheduled at all. */
    long nanosUntilNext() {
        if (!immediates.isEmpty()) {
            return 0;
        }
        Task next = timers.peek();
        return next == null ? -1 : Math.max(0, next.dueNanos() - System.nanoTime());
    }
}
