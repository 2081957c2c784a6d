package io.iobind.server.dev;

import io.iobind.server.IobindBackend;
import io.iobind.server.IobindServer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A backend the launcher creates by name: it records what happens to it in {@link #EVENTS}, and its
 * {@code job:slow} handler waits for {@link #release} so a test can stop the server while it runs.
 */
public final class RecordingBackend implements IobindBackend {

    static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    static volatile CountDownLatch handlerStarted = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);

    static void reset() {
        EVENTS.clear();
        handlerStarted = new CountDownLatch(1);
        release = new CountDownLatch(1);
    }

    @Override
    public void register(IobindServer server) {
        EVENTS.add("register");
        server.resource("job")
                .on("ping", request -> "pong")
                .on("slow", request -> {
                    handlerStarted.countDown();
                    if (!release.await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                    EVENTS.add("handler finished");
                    return "done";
                });
    }

    @Override
    public void close() {
        EVENTS.add("close");
    }
}
