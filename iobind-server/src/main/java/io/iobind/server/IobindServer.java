package io.iobind.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iobind.server.resource.Resource;
import io.iobind.server.resource.ResourceRouter;
import io.iobind.server.cluster.RedisRelay;
import io.iobind.server.socketio.ClusterRelay;
import io.iobind.server.socketio.SocketIoServer;
import io.iobind.server.transport.ClientBundleServlet;
import io.iobind.server.transport.EngineOptions;
import io.iobind.server.transport.EngineServer;
import io.iobind.server.transport.EngineServlet;
import io.iobind.server.transport.HttpThreadPool;
import io.iobind.server.transport.OriginPolicy;
import io.iobind.server.transport.ReadingThread;
import io.iobind.server.transport.SelectorReadEndPoint;
import io.iobind.server.transport.WebjarServlet;
import io.iobind.server.transport.WriteBatch;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ResourceServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.net.URI;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * A Socket.IO v4 server on embedded Jetty 12 that serves ioSync resources and static files.
 *
 * <pre>{@code
 * IobindServer server = IobindServer.builder().port(0).staticRoot("/", Path.of("web")).build();
 * server.resource("todo", Todo.class).collection("todos")
 *       .onCreate(request -> store.add(request.body()))
 *       .onRead(request -> request.isCollectionRequest() ? store.all() : store.get(request.requireId()));
 * server.start();
 * int port = server.port();
 * }</pre>
 *
 * A server is started once; to restart, build a new one.
 */
public final class IobindServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IobindServer.class);

    /**
     * How long a push written by a handler thread may wait to share its connection's next network write (see
     * {@link WriteBatch}); replies go out as soon as the event they answer is handled.
     */
    private static final long WRITE_BATCH_MAX_DELAY_MICROS = 2_000;
    /** Broadcasts of other nodes that may wait to be delivered here (Redis pub/sub is at most once anyway). */
    private static final int RELAY_QUEUE_CAPACITY = 100_000;

    private static final long SHUTDOWN_IDLE_TIMEOUT_MILLIS = 100;


    private final Builder config;
    private final ResourceRouter router;
    private final ExecutorService workers;
    /** Socket events running on the threads that read them (see {@link #runOnReadingThread}). */
    private final AtomicInteger runningOnReadingThreads = new AtomicInteger();
    /** Whether no handler thread is at work and none has work waiting. */
    private final BooleanSupplier handlersIdle;
    private final WriteBatch writeBatch;
    private Server jetty;
    private ServerConnector connector;
    private EngineServer engine;
    private final SocketIoServer socketIo;
    private EngineServlet engineServlet;
    /** Shares broadcasts with the other nodes; null on a single node. */
    private ClusterRelay cluster;
    /** Delivers the broadcasts of other nodes to this node's clients. */
    private final ThreadPoolExecutor relayThread;
    private final AtomicLong relayDrops = new AtomicLong();
    private int boundPort;
    private boolean started;
    private boolean stopped;

    private IobindServer(Builder builder) {
        // A copy, so changing the builder afterwards (e.g. to build a second server) cannot change this one.
        Builder config = builder.copy();
        this.config = config;
        if (config.webjars && config.staticRoots.containsKey(WebjarServlet.MOUNT)) {
            throw new IllegalArgumentException("a static root at " + WebjarServlet.MOUNT + " hides the webjars served there:"
                    + " mount it elsewhere, or turn the webjars off with webjars(false)");
        }
        LinkedBlockingQueue<Runnable> handlerQueue = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Runnable> relayQueue = new LinkedBlockingQueue<>(RELAY_QUEUE_CAPACITY);
        AtomicInteger busyHandlers = new AtomicInteger();
        // Pushes are held back for a shared network write only while other handler (or relay) work runs or waits.
        WriteBatch batch = new WriteBatch(WRITE_BATCH_MAX_DELAY_MICROS, TimeUnit.MICROSECONDS,
                () -> busyHandlers.get() > 1 || !handlerQueue.isEmpty() || !relayQueue.isEmpty());
        this.writeBatch = batch;
        this.workers = new BusyCountingPool(config.handlerThreads, handlerQueue, batch.threadFactory("iobind-handler"),
                new ThreadPoolExecutor.AbortPolicy(), busyHandlers, () -> { });
        // Broadcasts of other nodes are delivered here, in the order Redis gave them, on a thread whose writes join
        // the batch like a handler's: delivered from Redis's own thread, each would cost one write per client.
        ThreadPoolExecutor relay = new BusyCountingPool(1, relayQueue, batch.threadFactory("iobind-relay"),
                (task, executor) -> relayDropped(executor), busyHandlers, batch::taskFinished);
        this.relayThread = relay;
        this.handlersIdle = () -> busyHandlers.get() == 0 && handlerQueue.isEmpty();
        this.router = new ResourceRouter(config.objectMapper, workers, config.maxPendingEventsPerSocket,
                batch::taskFinished, batch::flushReplies, (events, alone) -> {
                    ReadingThread.noteEvent();
                    return alone && runOnReadingThread(events, busyHandlers, handlerQueue);
                });
        this.socketIo = new SocketIoServer(config.objectMapper, config.connectTimeout, config.recoveryWindow,
                config.recoveryBytes);
        router.attach(socketIo.namespace("/"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Registers a resource whose payloads are handed to handlers as JSON trees. */
    public Resource<JsonNode> resource(String name) {
        return router.register(name, JsonNode.class);
    }

    /** Registers a resource whose payloads {@link io.iobind.server.resource.ResourceRequest#body()} maps to {@code type}. */
    public <T> Resource<T> resource(String name, Class<T> type) {
        return router.register(name, type);
    }

    /** Binds and starts serving. */
    public synchronized IobindServer start() throws Exception {
        if (started) {
            throw new IllegalStateException("an IobindServer starts once; build a new one to restart");
        }
        started = true;

        long pingInterval = config.pingInterval.toMillis();
        long pingTimeout = config.pingTimeout.toMillis();
        engine = new EngineServer(new EngineOptions(config.pingInterval, config.pingTimeout, config.maxMessageBytes,
                config.maxOutgoingFrames, config.maxOutgoingBytes), writeBatch, socketIo::accept);

        // Longer than a ping round so a quiet but healthy connection is never cut by Jetty.
        Duration idleTimeout = Duration.ofMillis(pingInterval + pingTimeout + 10_000);

        jetty = new Server(new HttpThreadPool("iobind-http", config.maxHttpThreads, 4));
        connector = new AcceptorLeavingConnector(jetty, socketIo::listenersMayBlock, handlersIdle, new AtomicReference<>());
        connector.setHost(config.host);
        connector.setPort(config.port);
        connector.setIdleTimeout(idleTimeout.toMillis());
        // On stop, a connection still idle after this long is closed (default 1 s): by then every Socket.IO client
        // is closed and what remains are clients' idle keep-alive connections.
        connector.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT_MILLIS);
        jetty.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");

        engineServlet = new EngineServlet(engine, new OriginPolicy(config.allowedOrigins, isLoopback(config.host)),
                idleTimeout, config.perMessageDeflate);
        ServletHolder engineIoHolder = new ServletHolder("engine.io", engineServlet);
        engineIoHolder.setAsyncSupported(true);
        context.addServlet(engineIoHolder, config.socketIoPath + "*");
        if (config.serveClient) {
            // Exact paths (socket.io.js, ...), which win over the endpoint's prefix mapping.
            ClientBundleServlet.register(context, config.socketIoPath);
        }
        if (config.webjars) {
            // The class path of the code that starts the server (an application server's or a plugin's class loader
            // is the context class loader there), else the one that loaded this class.
            ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
            WebjarServlet.register(context, classLoader != null ? classLoader : IobindServer.class.getClassLoader());
        }

        for (Extra<Servlet> servlet : config.servlets) {
            ServletHolder holder = new ServletHolder(servlet.component());
            holder.setAsyncSupported(true);
            context.addServlet(holder, servlet.pathSpec());
        }
        for (Extra<Filter> filter : config.filters) {
            FilterHolder holder = new FilterHolder(filter.component());
            holder.setAsyncSupported(true);
            context.addFilter(holder, filter.pathSpec(), EnumSet.of(DispatcherType.REQUEST));
        }

        int index = 0;
        for (Map.Entry<String, URI> root : config.staticRoots.entrySet()) {
            boolean atRoot = "/".equals(root.getKey());
            // Jetty 12 wants DefaultServlet only at "/" and ResourceServlet (which serves the path info) elsewhere.
            ServletHolder holder = new ServletHolder("static-" + index++,
                    atRoot ? DefaultServlet.class : ResourceServlet.class);
            holder.setInitParameter("baseResource", root.getValue().toString());
            holder.setInitParameter("dirAllowed", "false");
            holder.setInitParameter("redirectWelcome", "false");
            holder.setInitParameter("etags", "true");
            holder.setInitParameter("useFileMappedBuffer", "false");
            context.addServlet(holder, atRoot ? "/" : root.getKey() + "/*");
        }
        jetty.setHandler(context);
        jetty.setStopTimeout(config.stopTimeout.toMillis());
        try {
            if (config.redisUrl != null) {
                // Before binding: a node that cannot share its pushes should not take clients.
                cluster = connectRedis(config.redisUrl, config.redisKey, config.objectMapper, socketIo, relayThread);
            }
            jetty.start();
        } catch (Exception failure) {
            if (cluster != null) {
                cluster.close();
            }
            relayThread.shutdownNow();
            engine.close();
            socketIo.close();
            workers.shutdownNow();
            writeBatch.close();
            throw failure;
        }
        boundPort = connector.getLocalPort();
        LOG.info("iobind server listening on {} (Socket.IO at {})", uri(), config.socketIoPath);
        return this;
    }

    /**
     * A fixed pool that counts its threads at work in {@code busy} (which tells the write batch whether more writes
     * are coming) and runs {@code afterEach} after each task.
     */
    private static final class BusyCountingPool extends ThreadPoolExecutor {
        private final AtomicInteger busy;
        private final Runnable afterEach;

        BusyCountingPool(int threads, BlockingQueue<Runnable> queue, ThreadFactory factory,
                         RejectedExecutionHandler rejection, AtomicInteger busy, Runnable afterEach) {
            super(threads, threads, 60, TimeUnit.SECONDS, queue, factory, rejection);
            this.busy = busy;
            this.afterEach = afterEach;
        }

        @Override
        protected void beforeExecute(Thread thread, Runnable task) {
            busy.incrementAndGet();
        }

        @Override
        protected void afterExecute(Runnable task, Throwable failure) {
            busy.decrementAndGet();
            afterEach.run();
        }
    }

    /**
     * Takes a socket's events to run on the thread that read them, once its read is over, when that thread may block
     * (Jetty handed its selecting to another thread) and no handler thread is at work or has work waiting: at one
     * client this saves waking a handler thread on the way to the answer. The events then count as a handler's work
     * (the write batch sees it), and the handler threads take everything that arrives meanwhile.
     */
    private boolean runOnReadingThread(Runnable events, AtomicInteger busyHandlers, BlockingQueue<Runnable> handlerQueue) {
        if (!ReadingThread.isOpen() || !busyHandlers.compareAndSet(0, 1)) {
            return false;
        }
        // Counted before the check for a stop, which waits for this count after shutting the handler pool down.
        runningOnReadingThreads.incrementAndGet();
        Runnable run = () -> {
            try {
                writeBatch.runAsHandler(events);
            } finally {
                busyHandlers.decrementAndGet();
                runningOnReadingThreads.decrementAndGet();
            }
        };
        if (workers.isShutdown() || !handlerQueue.isEmpty() || !ReadingThread.offer(run)) {
            runningOnReadingThreads.decrementAndGet();
            busyHandlers.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Waits until no events run on a reading thread; false if some still do at {@code deadline} (nanoTime). */
    private boolean awaitReadingThreads(long deadline) throws InterruptedException {
        while (runningOnReadingThreads.get() > 0) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    private void relayDropped(ThreadPoolExecutor executor) {
        long dropped = relayDrops.incrementAndGet();
        if (!executor.isShutdown() && (dropped == 1 || dropped % 10_000 == 0)) {
            LOG.warn("{} broadcast(s) of other nodes dropped so far: more than {} waited to be delivered here",
                    dropped, RELAY_QUEUE_CAPACITY);
        }
    }

    private static ClusterRelay connectRedis(String url, String key, ObjectMapper mapper, SocketIoServer socketIo,
                                             Executor inbound) {
        try {
            return RedisRelay.connect(url, key, mapper, socketIo, inbound);
        } catch (NoClassDefFoundError missing) {
            throw new IllegalStateException("redis(" + url + ") needs io.lettuce:lettuce-core and "
                    + "org.msgpack:jackson-dataformat-msgpack on the class path (optional dependencies of "
                    + "iobind-server: declare them in your project); missing: " + missing.getMessage(), missing);
        }
    }

    /**
     * A connector whose stop lets its acceptor thread leave {@code accept()} instead of interrupting it there.
     * Jetty's stop closes the listening socket and then interrupts the acceptor. When a client connected at that
     * moment, {@code accept()} had already taken the connection when the interrupt made it throw
     * {@code ClosedByInterruptException}: the socket stayed open, unread and unanswered, and its client waited for its
     * read timeout (a minute for socket.io's Java client, which meanwhile has one request fewer for that host). JDK
     * 25's {@code close()} wakes a blocked {@code accept()} before it shuts the socket, which widens that moment enough
     * to hit it in a few rounds of {@code StopAfterClientsLeaveTest}. Closing the socket is enough to make the acceptor
     * leave, with or without a last connection, which it hands to the selectors while they still run.
     */
    private static final class AcceptorLeavingConnector extends ServerConnector {
        private static final long ACCEPTOR_EXIT_MILLIS = 1000;

        private final Object acceptLock = new Object();
        private final BooleanSupplier readsMayBlock;
        private final BooleanSupplier handlersIdle;
        private final AtomicReference<Object> lastEventRead;
        private int acceptsInProgress;

        AcceptorLeavingConnector(Server server, BooleanSupplier readsMayBlock, BooleanSupplier handlersIdle,
                                 AtomicReference<Object> lastEventRead) {
            super(server);
            this.readsMayBlock = readsMayBlock;
            this.handlersIdle = handlersIdle;
            this.lastEventRead = lastEventRead;
        }

        @Override
        protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
            SelectorReadEndPoint endPoint = new SelectorReadEndPoint(channel, selector, key, getScheduler(), readsMayBlock,
                    handlersIdle, lastEventRead);
            endPoint.setIdleTimeout(getIdleTimeout());
            return endPoint;
        }

        @Override
        public void accept(int acceptorId) throws IOException {
            synchronized (acceptLock) {
                acceptsInProgress++;
            }
            try {
                super.accept(acceptorId);
            } finally {
                synchronized (acceptLock) {
                    acceptsInProgress--;
                    acceptLock.notifyAll();
                }
            }
        }

        @Override
        protected void onEndPointOpened(EndPoint endPoint) {
            super.onEndPointOpened(endPoint);
            // A last connection taken while the connector shuts down gets the idle timeout the others got then;
            // with the usual one, Jetty's graceful stop would wait for it until stopTimeout and fail.
            if (isShutdown() && getShutdownIdleTimeout() >= 0) {
                endPoint.setIdleTimeout(getShutdownIdleTimeout());
            }
        }

        @Override
        protected void interruptAcceptors() {
            close();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACCEPTOR_EXIT_MILLIS);
            synchronized (acceptLock) {
                long waitNanos;
                while (acceptsInProgress > 0 && (waitNanos = deadline - System.nanoTime()) > 0) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(acceptLock, waitNanos);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            // Now only an acceptor parked outside accept() (accepting paused) can be left; Jetty wakes it this way.
            super.interruptAcceptors();
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException unresolvable) {
            return false;
        }
    }

    /** Waits until the server is stopped (by {@link #stop()} from another thread, or a shutdown hook). */
    public void join() throws InterruptedException {
        Server running = jetty;
        if (running == null) {
            throw new IllegalStateException("the server is not started");
        }
        running.join();
    }

    /** The port the server listens on; with port 0 configured, the one the system picked. */
    public int port() {
        if (connector == null) {
            throw new IllegalStateException("the server is not started");
        }
        return connector.getLocalPort();
    }

    /** The address the connector is actually bound to. */
    InetSocketAddress boundAddress() throws IOException {
        if (connector == null) {
            throw new IllegalStateException("the server is not started");
        }
        return (InetSocketAddress) ((ServerSocketChannel) connector.getTransport()).getLocalAddress();
    }

    public String host() {
        return config.host;
    }

    /** The server's base URI, e.g. {@code http://127.0.0.1:1228/}. */
    public URI uri() {
        String host = config.host.contains(":") ? "[" + config.host + "]" : config.host;
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** Sends an event to every connected client (in {@code room} when not null). */
    public void broadcast(String room, String event, Object payload) {
        router.broadcast(room, event, payload);
    }

    /** The network connections open now (for tests). */
    java.util.Collection<EndPoint> connectedEndPoints() {
        return connector.getConnectedEndPoints();
    }

    /** How many times Jetty's selecting was handed to another thread because a handler held the reading one. */
    long selectorTakeOvers() {
        return ((HttpThreadPool) jetty.getThreadPool()).selectorTakeOvers();
    }

    /** The clients connected now. */
    public int connectedClients() {
        return router.sockets().size();
    }

    /**
     * The Socket.IO layer, for what the resource API does not cover: other namespaces, listeners of your own
     * ({@code socketIo().namespace("/").onConnection(socket -> socket.on("chat", ...))}; an event with a listener of
     * its own is not routed to the resources). Such listeners run on the thread that read the message and may block
     * it; listeners that never block can be added with {@code onConnectionNonBlocking}, which keeps WebSocket reads
     * on Jetty's selector thread (see {@link io.iobind.server.transport.SelectorReadEndPoint}).
     */
    public SocketIoServer socketIo() {
        return socketIo;
    }

    public ObjectMapper objectMapper() {
        return config.objectMapper;
    }

    /**
     * Stops gracefully: events already received are handled and acked (new ones get a 503 error ack), then
     * the connections are closed the way a restarting server closes them, so clients reconnect on their own,
     * then Jetty and engine.io's scheduler stop.
     */
    public synchronized void stop() throws Exception {
        if (!started || stopped) {
            return;
        }
        stopped = true;
        long timeoutMillis = config.stopTimeout.toMillis();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        if (!router.drain(timeoutMillis, TimeUnit.MILLISECONDS) || !awaitReadingThreads(deadline)) {
            LOG.warn("handlers still running after {} ms; stopping anyway", timeoutMillis);
            workers.shutdownNow();
        }
        writeBatch.close();
        // Every session is dropped the way a crashed or restarting server drops it, so clients reconnect on their
        // own; parked long-polls are answered. What is left would only keep Jetty's graceful stop waiting (until
        // stopTimeout, then failing the stop): HTTP connections idling in clients' keep-alive pools.
        engine.close();
        socketIo.close();
        if (cluster != null) {
            cluster.close();
        }
        relayThread.shutdownNow();
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            endPoint.close();
        }
        jetty.stop();
        LOG.info("iobind server on port {} stopped", boundPort);
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    /** A servlet or filter added through {@link Builder#servlet} or {@link Builder#filter}. */
    private record Extra<T>(String pathSpec, T component) {
    }

    /** Configuration of an {@link IobindServer}; every setting has a safe default. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 1228;
        private String socketIoPath = "/socket.io/";
        private boolean serveClient = true;
        private boolean webjars = true;
        private boolean perMessageDeflate;
        private final Map<String, URI> staticRoots = new LinkedHashMap<>();
        private final List<String> allowedOrigins = new ArrayList<>();
        private int maxMessageBytes = 1_000_000;
        private Duration pingInterval = Duration.ofSeconds(25);
        private Duration pingTimeout = Duration.ofSeconds(20);
        private int maxOutgoingFrames = 1024;
        private long maxOutgoingBytes = 16L * 1024 * 1024;
        private int handlerThreads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        private int maxPendingEventsPerSocket = 256;
        private int maxHttpThreads = 200;
        private Duration stopTimeout = Duration.ofSeconds(5);
        private ObjectMapper objectMapper = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        private Duration connectTimeout = Duration.ofSeconds(45);
        private Duration recoveryWindow = Duration.ZERO;
        private long recoveryBytes = 8L * 1024 * 1024;
        private String redisUrl;
        private String redisKey = "socket.io";
        private final List<Extra<Servlet>> servlets = new ArrayList<>();
        private final List<Extra<Filter>> filters = new ArrayList<>();

        private Builder() {
        }

        /** The address to bind; loopback by default. Use {@code 0.0.0.0} to listen on every interface. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port; 1228 by default, 0 for a free one ({@link IobindServer#port()} reports it). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The Socket.IO endpoint path, {@code /socket.io/} by default (the clients' default too). */
        public Builder socketIoPath(String path) {
            String normalized = Objects.requireNonNull(path, "path").trim();
            if (!normalized.startsWith("/")) {
                normalized = "/" + normalized;
            }
            if (!normalized.endsWith("/")) {
                normalized = normalized + "/";
            }
            if (normalized.equals("/")) {
                throw new IllegalArgumentException("the Socket.IO path cannot be the root");
            }
            this.socketIoPath = normalized;
            return this;
        }

        /**
         * Whether WebSocket compression (permessage-deflate), which browsers and socket.io-client offer, is accepted;
         * off by default, as in Socket.IO: each connection then keeps a deflater and an inflater (some 100 KB) and
         * every push is compressed once per recipient, which small Socket.IO messages rarely repay.
         */
        public Builder perMessageDeflate(boolean accept) {
            this.perMessageDeflate = accept;
            return this;
        }

        /**
         * Whether to serve the browser bundle of socket.io-client (the version this server's protocol matches, built
         * into the jar) at {@code <socketIoPath>socket.io.js}, {@code socket.io.min.js} and their {@code .map} files,
         * as Node's {@code serveClient} does; on by default. Off, those paths are Socket.IO requests like any other.
         */
        public Builder serveClient(boolean serve) {
            this.serveClient = serve;
            return this;
        }

        /**
         * Whether to serve the webjars of the class path at {@code /webjars/<name>/<version>/<file>} (the files under
         * {@code META-INF/resources/webjars/} of its jars and folders, the webjars.org layout; e.g. the library's own,
         * {@code io.iobind:iobind-webjar}); on by default, since nothing else of the class path can be reached there.
         * The class path is the context class loader's of the thread that calls {@link IobindServer#start()}. Only
         * files are served, with an {@code ETag} and a {@code Cache-Control} for their versioned URL; folders are not
         * listed. Off, {@code /webjars/} is like any other path (a static root at {@code /} may answer it).
         */
        public Builder webjars(boolean serve) {
            this.webjars = serve;
            return this;
        }

        /**
         * Serves the files under {@code directory} at {@code mountPath} (e.g. {@code "/"}, {@code "/dist"}).
         * Directory listings are off and paths cannot leave the directory.
         */
        public Builder staticRoot(String mountPath, Path directory) {
            Path absolute = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
            String mount = normalizeMount(mountPath);
            if (!Files.isDirectory(absolute)) {
                throw new IllegalArgumentException("static root for " + mount + " is not a directory: " + absolute);
            }
            return addStaticRoot(mount, absolute.toUri());
        }

        /**
         * Serves the files under a folder given as a URI: a {@code file:} directory, or a folder inside a jar
         * ({@code jar:file:/opt/app.jar!/webapp/}), as {@code Class.getResource} returns it when an application
         * ships its page on its own classpath. Jetty reads a jar folder in place (the jar is mounted while the
         * server runs): nothing is extracted. Listings are off and paths cannot leave the folder, as for
         * {@link #staticRoot(String, Path)}.
         */
        public Builder staticRoot(String mountPath, URI folder) {
            Objects.requireNonNull(folder, "folder");
            if ("file".equalsIgnoreCase(folder.getScheme())) {
                return staticRoot(mountPath, Path.of(folder));
            }
            String mount = normalizeMount(mountPath);
            if (!"jar".equalsIgnoreCase(folder.getScheme())) {
                throw new IllegalArgumentException("static root for " + mount + " must be a file: or jar: URI, got " + folder);
            }
            String text = folder.toString();
            URI withSlash = text.endsWith("/") ? folder : URI.create(text + "/");
            boolean isFolder;
            try (ResourceFactory.Closeable resources = ResourceFactory.closeable()) {
                org.eclipse.jetty.util.resource.Resource resource = resources.newResource(withSlash);
                isFolder = resource != null && resource.exists() && resource.isDirectory();
            } catch (RuntimeException unreadable) {
                throw new IllegalArgumentException("static root for " + mount + " cannot be read: " + withSlash
                        + " (" + unreadable.getMessage() + ")", unreadable);
            }
            if (!isFolder) {
                throw new IllegalArgumentException("static root for " + mount + " is not a folder: " + withSlash);
            }
            return addStaticRoot(mount, withSlash);
        }

        private static String normalizeMount(String mountPath) {
            String mount = Objects.requireNonNull(mountPath, "mountPath").trim();
            if (!mount.startsWith("/")) {
                mount = "/" + mount;
            }
            if (mount.length() > 1 && mount.endsWith("/")) {
                mount = mount.substring(0, mount.length() - 1);
            }
            return mount;
        }

        private Builder addStaticRoot(String mount, URI location) {
            if (staticRoots.containsKey(mount)) {
                throw new IllegalArgumentException("two static roots mounted at " + mount);
            }
            staticRoots.put(mount, location);
            return this;
        }

        /**
         * Origins (e.g. {@code http://localhost:8080}) allowed besides the server's own, for polling (CORS) and
         * the WebSocket handshake; {@code "*"} allows every origin.
         */
        public Builder allowedOrigins(String... origins) {
            for (String origin : origins) {
                allowedOrigins.add(Objects.requireNonNull(origin, "origin"));
            }
            return this;
        }

        /** The largest message (WebSocket) or polling body accepted, 1 000 000 bytes by default as in Socket.IO. */
        public Builder maxMessageBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxMessageBytes must be at least 1024, got " + bytes);
            }
            this.maxMessageBytes = bytes;
            return this;
        }

        public Builder pingInterval(Duration interval) {
            this.pingInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        public Builder pingTimeout(Duration timeout) {
            this.pingTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How many frames may wait to be written to one WebSocket before that client is dropped as too slow. */
        public Builder maxOutgoingFrames(int frames) {
            if (frames < 1) {
                throw new IllegalArgumentException("maxOutgoingFrames must be positive, got " + frames);
            }
            this.maxOutgoingFrames = frames;
            return this;
        }

        /**
         * How many bytes (a text frame counts its characters) may wait to be written to one WebSocket before that
         * client is dropped as too slow; 16 MiB by default.
         */
        public Builder maxOutgoingBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxOutgoingBytes must be at least 1024, got " + bytes);
            }
            this.maxOutgoingBytes = bytes;
            return this;
        }

        /** Threads that run resource handlers (handlers may block, e.g. on a database). */
        public Builder handlerThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("handlerThreads must be positive, got " + threads);
            }
            this.handlerThreads = threads;
            return this;
        }

        /** Events one client may have waiting; more get a 429 error ack. */
        public Builder maxPendingEventsPerSocket(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("maxPendingEventsPerSocket must be positive, got " + events);
            }
            this.maxPendingEventsPerSocket = events;
            return this;
        }

        /**
         * The most threads Jetty's pool for the connections may have (default 200). The pool starts up to four per
         * core (at least 16) as jobs come; past that only for jobs that waited, as its threads block or stay busy
         * (see {@link HttpThreadPool}), so a crowd connecting at once does not start a thread per connection.
         */
        public Builder maxHttpThreads(int threads) {
            if (threads < 8) {
                throw new IllegalArgumentException("maxHttpThreads must be at least 8, got " + threads);
            }
            this.maxHttpThreads = threads;
            return this;
        }

        /** How long {@link IobindServer#stop()} waits for running handlers and open requests. */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The Jackson mapper for payloads and replies (by default unknown properties are ignored). */
        public Builder objectMapper(ObjectMapper mapper) {
            this.objectMapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * How long a client may take, after its Engine.IO handshake, to connect to a namespace before its session
         * is closed; 45 s by default, as in Socket.IO.
         */
        public Builder connectTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("connectTimeout must be positive, got " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Turns on connection state recovery, as socket.io 4.6+ clients expect it: a client whose connection broke (a
         * network change, a laptop waking up) and that comes back within {@code window} (2 minutes is Socket.IO's
         * usual choice) gets its socket back (same id, same rooms; {@code socket.recovered} is true) and every event
         * it missed. Off by default, as in Socket.IO: the server then keeps every event it emits for the window, in
         * memory, at most 8 MiB of them per namespace (see {@link #connectionStateRecovery(Duration, long)}); and
         * every event carries an offset as its last argument, which the client keeps.
         */
        public Builder connectionStateRecovery(Duration window) {
            return connectionStateRecovery(window, 8L * 1024 * 1024);
        }

        /**
         * Connection state recovery with at most {@code maxBytes} of emitted events kept per namespace: when full,
         * the oldest go, and a client whose last event is gone gets a new session instead (it then resynchronises as
         * after any reconnect). {@link Duration#ZERO} turns recovery off.
         */
        public Builder connectionStateRecovery(Duration window, long maxBytes) {
            Objects.requireNonNull(window, "window");
            if (window.isNegative()) {
                throw new IllegalArgumentException("the recovery window cannot be negative, got " + window);
            }
            if (maxBytes < 1024) {
                throw new IllegalArgumentException("the recovery log needs at least 1024 bytes, got " + maxBytes);
            }
            this.recoveryWindow = window;
            this.recoveryBytes = maxBytes;
            return this;
        }

        /**
         * Runs this server as one node of several: every broadcast (resource pushes, rooms, everyone but the
         * sender, {@link IobindServer#broadcast}) also reaches the clients of the other nodes, through Redis at
         * {@code url} ({@code redis://host:port[/db]}, {@code rediss://} for TLS), in the wire format of Node's
         * {@code @socket.io/redis-adapter}, so Node socket.io servers with that adapter can be nodes of the same
         * cluster. Off by default. Needs {@code io.lettuce:lettuce-core} and
         * {@code org.msgpack:jackson-dataformat-msgpack} on the class path. {@link #start()} fails, naming the URL,
         * when Redis cannot be reached; later outages pause the pushes between nodes (this node's clients are still
         * served) until Redis is back. Polling clients need sticky sessions at the load balancer.
         */
        public Builder redis(String url) {
            this.redisUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /** {@link #redis(String)} with a channel prefix other than Node's default {@code socket.io}. */
        public Builder redis(String url, String channelKey) {
            if (channelKey == null || channelKey.isEmpty() || channelKey.contains("#")) {
                throw new IllegalArgumentException("a channel key is not empty and has no '#', got " + channelKey);
            }
            this.redisKey = channelKey;
            return redis(url);
        }

        /**
         * Adds a servlet at {@code pathSpec} (servlet mapping syntax: {@code /exact}, {@code /prefix/*},
         * {@code *.ext}), next to the Socket.IO endpoint and the static roots; it supports async. For endpoints
         * the resource API does not cover, e.g. the live-reload channel of {@code iobind:serve}. Mappings follow
         * the servlet rules (exact, then longest prefix, then extension, then {@code /}), so a servlet cannot take
         * over the Socket.IO path by mapping a shorter prefix.
         */
        public Builder servlet(String pathSpec, Servlet servlet) {
            servlets.add(new Extra<>(Objects.requireNonNull(pathSpec, "pathSpec"), Objects.requireNonNull(servlet, "servlet")));
            return this;
        }

        /**
         * Adds a filter in front of the requests matching {@code pathSpec} (e.g. {@code /*}), in the order added;
         * it supports async and sees direct requests only (not forwards or includes). For cross-cutting concerns
         * such as headers or rewriting pages, e.g. the live-reload script {@code iobind:serve} adds to HTML pages.
         */
        public Builder filter(String pathSpec, Filter filter) {
            filters.add(new Extra<>(Objects.requireNonNull(pathSpec, "pathSpec"), Objects.requireNonNull(filter, "filter")));
            return this;
        }

        private Builder copy() {
            Builder copy = new Builder();
            copy.host = host;
            copy.port = port;
            copy.socketIoPath = socketIoPath;
            copy.serveClient = serveClient;
            copy.webjars = webjars;
            copy.perMessageDeflate = perMessageDeflate;
            copy.staticRoots.putAll(staticRoots);
            copy.allowedOrigins.addAll(allowedOrigins);
            copy.maxMessageBytes = maxMessageBytes;
            copy.pingInterval = pingInterval;
            copy.pingTimeout = pingTimeout;
            copy.maxOutgoingFrames = maxOutgoingFrames;
            copy.maxOutgoingBytes = maxOutgoingBytes;
            copy.handlerThreads = handlerThreads;
            copy.maxPendingEventsPerSocket = maxPendingEventsPerSocket;
            copy.maxHttpThreads = maxHttpThreads;
            copy.stopTimeout = stopTimeout;
            copy.objectMapper = objectMapper;
            copy.connectTimeout = connectTimeout;
            copy.recoveryWindow = recoveryWindow;
            copy.recoveryBytes = recoveryBytes;
            copy.redisUrl = redisUrl;
            copy.redisKey = redisKey;
            copy.servlets.addAll(servlets);
            copy.filters.addAll(filters);
            return copy;
        }

        public IobindServer build() {
            return new IobindServer(this);
        }
    }
}
