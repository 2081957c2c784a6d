package io.iobind.server.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import io.iobind.server.transport.OpenAsyncContexts;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live-reload channel of {@code iobind:serve}: pages opened from the web root hold a server-sent-events stream
 * at {@link #EVENTS_PATH} and receive the dev server's state on connect and on every change:
 * <pre>{@code {"server":"<id of this server run>","generation":3,"problems":[{"file":"lib/model.js","line":8,"column":3,"reason":"..."}]}}</pre>
 * ({@code problems} is null while the sources compile). A page remembers the generation it was loaded at (written
 * into its script tag) and reloads when the server's is newer, so a page whose stream dropped and came back
 * still catches the reload it missed; while there are problems it shows them in an overlay. A new server run
 * (another id) does not reload pages: they reconnect like the app's own Socket.IO connection does.
 */
public final class LiveReload implements AutoCloseable {

    /** Everything of live reload lives under this path, which the web root cannot use. */
    public static final String RESERVED_PREFIX = "/__iobind/";
    public static final String EVENTS_PATH = RESERVED_PREFIX + "events";
    public static final String SCRIPT_PATH = RESERVED_PREFIX + "livereload.js";

    /** A comment line often enough that a dead connection is found and proxies do not cut a quiet stream. */
    private static final long KEEPALIVE_SECONDS = 15;
    /** How long a browser waits before reconnecting a dropped stream. */
    private static final int RETRY_MILLIS = 1000;

    private final ObjectMapper json = new ObjectMapper();
    private final String serverId = UUID.randomUUID().toString();
    private final OpenAsyncContexts streams = new OpenAsyncContexts();
    private final ScheduledExecutorService keepalive = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "iobind-livereload");
        thread.setDaemon(true);
        return thread;
    });
    private final byte[] script;
    private long generation;
    private ArrayNode problems;
    private boolean closed;

    public LiveReload() {
        try (InputStream in = LiveReload.class.getResourceAsStream("livereload.js")) {
            if (in == null) {
                throw new IllegalStateException("livereload.js is missing from the iobind-server jar");
            }
            script = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keepalive.scheduleAtFixedRate(() -> send(": keepalive\n\n"), KEEPALIVE_SECONDS, KEEPALIVE_SECONDS, TimeUnit.SECONDS);
    }

    /** Open pages reload (after a good build, a web-root change, or Enter with scan 0). */
    public synchronized void reload() {
        generation++;
        send(stateEvent());
    }

    /** The sources do not compile: pages show {@code problems} (a JSON array of {file, line, column, reason}). */
    public synchronized void error(JsonNode problems) {
        if (!problems.isArray()) {
            throw new IllegalArgumentException("problems must be a JSON array, got " + problems);
        }
        this.problems = (ArrayNode) problems.deepCopy();
        send(stateEvent());
    }

    /** The sources compile again: pages hide the overlay. */
    public synchronized void clear() {
        if (problems != null) {
            problems = null;
            send(stateEvent());
        }
    }

    /** What the page filter writes into a page's script tag: the generation the page is loaded at. */
    public synchronized String pageState() {
        return serverId + "/" + generation;
    }

    /** The number of open event streams (pages connected). */
    public int connectedPages() {
        return streams.size();
    }

    /** Ends every open stream, so the server's stop does not wait for them; pages reconnect to the next run. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        keepalive.shutdownNow();
        for (AsyncContext stream : streams.snapshot()) {
            streams.remove(stream);
            try {
                stream.complete();
            } catch (RuntimeException alreadyDone) {
                // the connection went away at the same time
            }
        }
    }

    private String stateEvent() {
        ObjectNode state = json.createObjectNode();
        state.put("server", serverId);
        state.put("generation", generation);
        state.set("problems", problems);
        return "event: state\ndata: " + state + "\n\n";
    }

    private void send(String event) {
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        for (AsyncContext stream : streams.snapshot()) {
            write(stream, bytes);
        }
    }

    private void write(AsyncContext stream, byte[] bytes) {
        try {
            synchronized (stream) {
                var out = stream.getResponse().getOutputStream();
                out.write(bytes);
                out.flush();
            }
        } catch (IOException | RuntimeException gone) {
            // The page went away; its stream is dropped (the browser reconnects if it is still open).
            streams.remove(stream);
            try {
                stream.complete();
            } catch (RuntimeException alreadyDone) {
                // nothing left to end
            }
        }
    }

    /** The servlets to mount: the event stream and the page script. */
    public List<Mount> mounts() {
        List<Mount> mounts = new ArrayList<>();
        mounts.add(new Mount(EVENTS_PATH, new EventsServlet()));
        mounts.add(new Mount(SCRIPT_PATH, new ScriptServlet()));
        return mounts;
    }

    public record Mount(String path, HttpServlet servlet) {
    }

    private final class EventsServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setStatus(200);
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-store");
            AsyncContext stream = request.startAsync();
            stream.setTimeout(0);
            synchronized (LiveReload.this) {
                if (closed) {
                    stream.complete();
                    return;
                }
                streams.track(stream);
                write(stream, ("retry: " + RETRY_MILLIS + "\n\n" + stateEvent()).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private final class ScriptServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/javascript");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-cache");
            response.setContentLength(script.length);
            response.getOutputStream().write(script);
        }
    }
}
