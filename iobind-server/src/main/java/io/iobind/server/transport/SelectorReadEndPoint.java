package io.iobind.server.transport;

import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.core.WebSocketConnection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * A connection's socket whose WebSocket reads run on Jetty's selector thread itself.
 *
 * <p>Jetty's WebSocket connection declares its reads blocking, so for every readable connection Jetty's selector
 * hands the read to another thread (or hands its own selecting to a reserved thread and reads itself); the message
 * then reaches a handler thread through a second hand-off. Here nothing on that path blocks: a frame is put
 * together and decoded, and the Socket.IO event is queued for the handler threads (the one hand-off the server
 * keeps) or answered with a non-blocking write. So, while {@code readsMayBlock} says no listener that may block is
 * registered, this endpoint tells Jetty the WebSocket connection's read callback does not block, and the selector
 * runs it in place, as Node's event loop does. While the handler threads are idle it says "either" instead, so that
 * Jetty gives up its selecting and reads on this thread, which may then run the handler work itself
 * ({@link ReadingThread}); the thread to take the selecting over is promised by {@link SelectorWatch} and woken only
 * if this one stays away. HTTP requests (long-polling, pages) are not concerned: servlets may block, and their
 * reads stay on Jetty's pool.
 */
public final class SelectorReadEndPoint extends SocketChannelEndPoint {

    private final BooleanSupplier readsMayBlock;
    private final BooleanSupplier handlersIdle;
    private final AtomicReference<Object> lastEventRead;
    /** The last read callback wrapped: a WebSocket connection registers the same one every time. */
    private volatile ReadCallback wrapped;
    /** Whether the last fill of a WebSocket connection left room in the buffer: the socket had no more bytes then. */
    private volatile boolean drained;

    /**
     * @param handlersIdle whether no handler thread is at work and none has work waiting: a read may then give up
     *     Jetty's selecting and run the handler work it queues itself (see {@link ReadingThread})
     * @param lastEventRead the connection (shared by all endpoints of a server) whose read queued a Socket.IO event
     *     last: only its reads are offered that, since only the client alone at work gains from it; other reads
     *     (heartbeats of idle clients) stay on the selector, without a thread hand-off
     */
    public SelectorReadEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler,
                                BooleanSupplier readsMayBlock, BooleanSupplier handlersIdle,
                                AtomicReference<Object> lastEventRead) {
        super(channel, selector, key, scheduler);
        this.readsMayBlock = readsMayBlock;
        this.handlersIdle = handlersIdle;
        this.lastEventRead = lastEventRead;
    }

    /**
     * Reads as {@link SocketChannelEndPoint#fill} does, except right after a WebSocket read that left room in the
     * buffer: the socket had nothing more a moment ago, so this returns 0 without asking the kernel again. Jetty's
     * WebSocket connection fills until it gets 0 and then waits for the selector; without this, every message costs
     * a second read that finds nothing. Bytes that did arrive in between are not lost: the caller registers for
     * reading, and the selector reports the socket readable at once.
     */
    @Override
    public int fill(ByteBuffer buffer) throws IOException {
        if (drained) {
            drained = false;
            return 0;
        }
        int filled = super.fill(buffer);
        drained = filled > 0 && buffer.limit() < buffer.capacity() && getConnection() instanceof WebSocketConnection;
        return filled;
    }

    @Override
    public void fillInterested(Callback callback) {
        drained = false;
        super.fillInterested(onSelector(callback));
    }

    @Override
    public boolean tryFillInterested(Callback callback) {
        drained = false;
        return super.tryFillInterested(onSelector(callback));
    }

    private Callback onSelector(Callback callback) {
        if (!(getConnection() instanceof WebSocketConnection) || readsMayBlock.getAsBoolean()
                || callback.getInvocationType() != Invocable.InvocationType.BLOCKING) {
            return callback;
        }
        ReadCallback last = wrapped;
        if (last == null || last.read() != callback) {
            last = new ReadCallback(callback, handlersIdle, lastEventRead);
            wrapped = last;
        }
        return last;
    }

    /**
     * The read callback, declared non-blocking while handler threads are busy (the selector reads in place and
     * queues the event for them), and "either" while they are idle: Jetty then asks for a thread to take its
     * selecting over, which {@link SelectorWatch} promises, and reads on this thread as one that may block, which then
     * runs the handler work itself; where no thread can be had (the server stopping, no reserved thread parked) it
     * reads in place as a non-blocking call, as before.
     */
    private static final class ReadCallback implements Callback {
        private final Callback read;
        private final BooleanSupplier handlersIdle;
        private final AtomicReference<Object> lastEventRead;
        /** The thread told "either" last; a read runs its handler work itself only on that thread. */
        private volatile Thread toldEither;

        ReadCallback(Callback read, BooleanSupplier handlersIdle, AtomicReference<Object> lastEventRead) {
            this.read = read;
            this.handlersIdle = handlersIdle;
            this.lastEventRead = lastEventRead;
        }

        Callback read() {
            return read;
        }

        @Override
        public void succeeded() {
            // Jetty asks the type on the thread that then runs the task (in place, or after handing its selecting
            // over), and marks a non-blocking call of an "either" task; a task declared non-blocking is not marked.
            boolean mayRun = toldEither == Thread.currentThread() && !Invocable.isNonBlockingInvocation();
            toldEither = null;
            SelectorWatch.mayPromise(false);
            if (ReadingThread.read(read::succeeded, mayRun) && lastEventRead.get() != this) {
                lastEventRead.set(this);
            }
        }

        @Override
        public void failed(Throwable cause) {
            read.failed(cause);
        }

        @Override
        public InvocationType getInvocationType() {
            if (lastEventRead.get() == this && handlersIdle.getAsBoolean()) {
                toldEither = Thread.currentThread();
                SelectorWatch.mayPromise(true);
                return InvocationType.EITHER;
            }
            toldEither = null;
            SelectorWatch.mayPromise(false);
            return InvocationType.NON_BLOCKING;
        }
    }
}
