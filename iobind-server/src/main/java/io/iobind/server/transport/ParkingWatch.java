package io.iobind.server.transport;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A daemon thread of its own, started the first time it is woken, that parks while it has nothing to watch: what
 * {@link SelectorWatch} and {@link HttpThreadPool}'s growth watch share. The subclass's {@link #run()} loops while
 * {@link #stopped()} is false and calls {@link #sleepWhile} when idle.
 */
abstract class ParkingWatch implements Runnable {

    private final String name;
    private volatile Thread thread;
    private volatile boolean sleeping;
    private volatile boolean stopped;

    ParkingWatch(String name) {
        this.name = name;
    }

    /** Starts the watch the first time; later, wakes it if it sleeps. */
    final void wake() {
        Thread watching = thread;
        if (watching == null) {
            start();
        } else if (sleeping) {
            LockSupport.unpark(watching);
        }
    }

    private synchronized void start() {
        if (thread == null && !stopped) {
            Thread watching = new Thread(this, name);
            watching.setDaemon(true);
            thread = watching;
            watching.start();
        }
    }

    final synchronized void stop() {
        stopped = true;
        Thread watching = thread;
        if (watching != null) {
            LockSupport.unpark(watching);
        }
    }

    final boolean stopped() {
        return stopped;
    }

    /**
     * Parks the watch until {@link #wake()} or {@link #stop()}, if {@code idle} still holds once the watch is marked
     * asleep (so a wake-up between the caller's own check and the park is not lost).
     */
    final void sleepWhile(BooleanSupplier idle) {
        sleeping = true;
        if (idle.getAsBoolean() && !stopped) {
            LockSupport.park(this);
        }
        sleeping = false;
    }
}
