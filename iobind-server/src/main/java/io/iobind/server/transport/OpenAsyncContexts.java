package io.iobind.server.transport;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asynchronous requests still open (parked long-polls, event streams), each forgotten as soon as it completes,
 * times out or fails, so a shutdown can end exactly those left.
 */
public final class OpenAsyncContexts {

    private final Set<AsyncContext> open = ConcurrentHashMap.newKeySet();

    /** Remembers {@code context} until it ends; returns it. */
    public AsyncContext track(AsyncContext context) {
        open.add(context);
        context.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                open.remove(context);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                open.remove(context);
            }

            @Override
            public void onError(AsyncEvent event) {
                open.remove(context);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // a re-dispatched request is tracked again by its own startAsync
            }
        });
        return context;
    }

    /** Forgets {@code context} (its owner ends it); true if it was open. */
    public boolean remove(AsyncContext context) {
        return open.remove(context);
    }

    /** The contexts open now, as a copy to iterate while they end. */
    public List<AsyncContext> snapshot() {
        return List.copyOf(open);
    }

    public int size() {
        return open.size();
    }
}
