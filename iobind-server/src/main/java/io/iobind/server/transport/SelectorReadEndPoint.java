package io.iobind.server.transport;

import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.core.WebSocketConnection;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
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
 * runs it in place, as Node's event loop does. HTTP requests (long-polling, pages) are not concerned: servlets may
 * block, and their reads stay on Jetty's pool.
 */
public final class SelectorReadEndPoint extends SocketChannelEndPoint {

    private final BooleanSupplier readsMayBlock;
    /** The last read callback wrapped: a WebSocket connection registers the same one every time. */
    private volatile NonBlocking wrapped;

    public SelectorReadEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler,
                                BooleanSupplier readsMayBlock) {
        super(channel, selector, key, scheduler);
        this.readsMayBlock = readsMayBlock;
    }

    @Override
    public void fillInterested(Callback callback) {
        super.fillInterested(onSelector(callback));
    }

    @Override
    public boolean tryFillInterested(Callback callback) {
        return super.tryFillInterested(onSelector(callback));
    }

    private Callback onSelector(Callback callback) {
        if (!(getConnection() instanceof WebSocketConnection) || readsMayBlock.getAsBoolean()
                || callback.getInvocationType() != Invocable.InvocationType.BLOCKING) {
            return callback;
        }
        NonBlocking last = wrapped;
        if (last == null || last.read() != callback) {
            last = new NonBlocking(callback);
            wrapped = last;
        }
        return last;
    }

    private record NonBlocking(Callback read) implements Callback {
        @Override
        public void succeeded() {
            read.succeeded();
        }

        @Override
        public void failed(Throwable cause) {
            read.failed(cause);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }
}
