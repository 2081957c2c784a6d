package io.iobind.server.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iobind.server.socketio.Ack;
import io.iobind.server.socketio.Namespace;
import io.iobind.server.socketio.NamespaceSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Routes Socket.IO events to resources. Handlers run on a worker pool, never on a network thread; the events
 * of one socket are handled one after another, in arrival order. Every outcome becomes an ack the client can
 * read, and nothing a handler does can throw into the transport.
 */
public final class ResourceRouter {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceRouter.class);

    private final ObjectMapper mapper;
    private final ExecutorService workers;
    private final RunHere runHere;
    /**
     * Up to how many connected sockets a client alone at work may have its events run where they were read: that saves
     * waking a worker (tens of microseconds), which matters when an event's work is small, and an event's pushes
     * reach every socket. With 5000 idle viewers, one writer's fan-outs were measured about a tenth slower run that
     * way (bench/README.md, "Server: many idle viewers"), for a reason not found.
     */
    static final int ALONE_MAX_SOCKETS = 16;
    /** The socket whose events ran last. */
    private volatile SocketQueue lastRun;
    private final int maxPendingPerSocket;
    private final Runnable afterEachEvent;
    private final Runnable afterReply;
    private final Map<String, Resource<?>> resourcesByName = new ConcurrentHashMap<>();
    private volatile Map<String, Resource<?>> resourcesByNamespace = Map.of();
    private final Map<String, SocketQueue> queues = new ConcurrentHashMap<>();
    private volatile Namespace namespace;
    private volatile boolean stopping;

    /**
     * @param afterEachEvent run on the worker thread after each event is handled (the transport sends the
     *                       replies it holds back there)
     * @param afterReply     run on the worker thread once a reply was written and before its pushes are: the
     *                       transport sends the reply then, so the writer's ack does not wait for a large fan-out
     * @param runHere        told of each socket's events about to be queued for a worker; may take them to run
     *                       on the calling thread later instead (see {@link io.iobind.server.transport.ReadingThread})
     */
    public ResourceRouter(ObjectMapper mapper, ExecutorService workers, int maxPendingPerSocket, Runnable afterEachEvent,
                          Runnable afterReply, RunHere runHere) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.maxPendingPerSocket = maxPendingPerSocket;
        this.afterEachEvent = Objects.requireNonNull(afterEachEvent, "afterEachEvent");
        this.afterReply = Objects.requireNonNull(afterReply, "afterReply");
        this.runHere = Objects.requireNonNull(runHere, "runHere");
    }

    /** Registers a resource; its name and collection namespace must not be taken by another resource. */
    public synchronized <T> Resource<T> register(String name, Class<T> type) {
        if (resourcesByName.containsKey(name)) {
            throw new IllegalArgumentException("resource '" + name + "' is already registered");
        }
        Resource<T> resource = new Resource<>(name, type, this::rebuildNamespaces);
        resourcesByName.put(name, resource);
        try {
            rebuildNamespaces();
        } catch (IllegalArgumentException clash) {
            resourcesByName.remove(name);
            throw clash;
        }
        return resource;
    }

    private synchronized void rebuildNamespaces() {
        Map<String, Resource<?>> byNamespace = new java.util.HashMap<>();
        for (Resource<?> resource : resourcesByName.values()) {
            for (String ns : List.of(resource.name(), resource.collectionNamespace())) {
                Resource<?> previous = byNamespace.put(ns, resource);
                if (previous != null && previous != resource) {
                    throw new IllegalArgumentException("namespace '" + ns + "' is used by resources '"
                            + previous.name() + "' and '" + resource.name() + "'");
                }
            }
        }
        resourcesByNamespace = Map.copyOf(byNamespace);
    }

    public Collection<Resource<?>> resources() {
        return List.copyOf(resourcesByName.values());
    }

    /**
     * Attaches to a Socket.IO namespace: every socket that connects there is routed. An event some other listener
     * was added for by name ({@link NamespaceSocket#on}) is left to that listener.
     */
    public void attach(Namespace socketIoNamespace) {
        this.namespace = socketIoNamespace;
        socketIoNamespace.onConnectionNonBlocking(socket -> {
            SocketQueue queue = new SocketQueue(socket);
            queues.put(socket.id(), queue);
            socket.onAny((source, event, args, ack) -> {
                if (!source.hasListener(event)) {
                    onEvent(queue, event, args, ack);
                }
            });
            socket.onDisconnect(reason -> queues.remove(socket.id(), queue));
        });
    }

    /** The sockets connected now. */
    public List<NamespaceSocket> sockets() {
        return queues.values().stream().map(queue -> queue.socket).toList();
    }

    /** Sends an event to every client (in {@code room} when not null), serialized with the server's mapper. */
    public void broadcast(String room, String event, Object payload) {
        Namespace target = namespace;
        if (target == null) {
            throw new IllegalStateException("the server is not started");
        }
        target.broadcast(room, null, event, serialize(mapper, payload));
    }

    /**
     * Stops taking new events (they get a 503 error ack) and waits for queued ones to finish.
     *
     * @return true when every queued event finished in time
     */
    public boolean drain(long timeout, TimeUnit unit) throws InterruptedException {
        stopping = true;
        workers.shutdown();
        return workers.awaitTermination(timeout, unit);
    }

    private void onEvent(SocketQueue queue, String event, List<JsonNode> args, Ack ack) {
        JsonNode payload = args.isEmpty() ? null : args.get(0);
        Call call = new Call(queue.socket, event, payload, ack);
        if (NamespaceSocket.isReservedEvent(event)) {
            LOG.warn("socket {} sent the reserved event name '{}', refused", queue.socket.id(), event);
            call.fail(ResourceException.BAD_REQUEST, "'" + event + "' is a reserved event name");
            return;
        }
        if (stopping) {
            call.fail(ResourceException.UNAVAILABLE, "server is stopping");
            return;
        }
        if (!queue.offer(call)) {
            LOG.warn("{} from socket {}: more than {} pending events, refused", event, queue.socket.id(), maxPendingPerSocket);
            call.fail(ResourceException.TOO_MANY_REQUESTS, "too many pending requests");
        }
    }

    private void handle(Call call) {
        String event = call.event;
        int colon = event.lastIndexOf(':');
        Resource<?> resource = colon > 0 ? resourcesByNamespace.get(event.substring(0, colon)) : null;
        if (resource == null) {
            LOG.debug("unknown event {} from socket {}", event, call.socket.id());
            call.fail(ResourceException.NOT_FOUND, "unknown event '" + event + "'");
            return;
        }
        handleWith(resource, event.substring(0, colon), event.substring(colon + 1), call);
    }

    private <T> void handleWith(Resource<T> resource, String ns, String method, Call call) {
        ResourceHandler<T> handler = resource.handler(method);
        if (handler == null) {
            LOG.debug("no handler for {} (socket {})", call.event, call.socket.id());
            call.fail(ResourceException.NOT_FOUND, "resource '" + resource.name() + "' has no method '" + method + "'");
            return;
        }
        JsonNode payload = call.payload != null ? call.payload : JsonNodeFactory.instance.nullNode();
        ResourceRequest<T> request = new ResourceRequest<>(resource, ns, method, payload,
                new ClientSession(call.socket, mapper), mapper);
        Object result;
        try {
            checkPayloadShape(request);
            result = handler.handle(request);
        } catch (ResourceException refused) {
            LOG.debug("{} from socket {} refused: {} {}", call.event, call.socket.id(), refused.code(), refused.getMessage());
            call.fail(refused.code(), refused.getMessage());
            return;
        } catch (Exception | LinkageError | AssertionError failure) {
            LOG.error("{} from socket {}: handler failed", call.event, call.socket.id(), failure);
            call.fail(ResourceException.INTERNAL_ERROR, "internal error in " + call.event);
            return;
        }
        JsonNode reply;
        try {
            reply = result instanceof JsonNode node ? node : mapper.valueToTree(result);
        } catch (RuntimeException unserializable) {
            LOG.error("{} from socket {}: reply could not be serialized", call.event, call.socket.id(), unserializable);
            call.fail(ResourceException.INTERNAL_ERROR, "the reply to " + call.event + " could not be serialized");
            return;
        }
        if (reply == null) {
            reply = JsonNodeFactory.instance.nullNode();
        }
        Object wireReply;
        try {
            wireReply = SerializedJson.of(mapper, reply);
        } catch (JsonProcessingException | RuntimeException unconvertible) {
            LOG.error("{} from socket {}: reply could not be converted", call.event, call.socket.id(), unconvertible);
            call.fail(ResourceException.INTERNAL_ERROR, "the reply to " + call.event + " could not be serialized");
            return;
        }
        call.succeed(wireReply);
        afterReply.run();
        pushChange(resource, request, reply, wireReply);
    }

    /** The shape every client of a standard method must send, checked before the handler sees it. */
    private static void checkPayloadShape(ResourceRequest<?> request) {
        String method = request.method();
        JsonNode payload = request.tree();
        if (("create".equals(method) || "update".equals(method) || "patch".equals(method)) && !payload.isObject()) {
            throw ResourceException.badRequest(request.event() + " expects a JSON object, got "
                    + (payload.isNull() ? "nothing" : payload.getNodeType().name().toLowerCase()));
        }
        if (("update".equals(method) || "patch".equals(method) || "delete".equals(method)) && request.id() == null) {
            throw ResourceException.badRequest(request.event() + " needs an 'id' (a string or number)");
        }
    }

    private <T> void pushChange(Resource<T> resource, ResourceRequest<T> request, JsonNode reply, Object wireReply) {
        BroadcastPolicy policy = resource.broadcastPolicy();
        String method = request.method();
        if (policy == BroadcastPolicy.NONE || !Resource.STANDARD_METHODS.contains(method) || "read".equals(method)) {
            return;
        }
        String pushEvent;
        Object pushPayload = wireReply;
        if ("create".equals(method)) {
            pushEvent = resource.collectionNamespace() + ":create";
        } else {
            String id = Resource.idOf(reply);
            if (id == null) {
                id = request.id();
            }
            if (!reply.isObject()) {
                // ioBind handlers expect the model's attributes; give them at least the id.
                ObjectNode minimal = JsonNodeFactory.instance.objectNode().put("id", id);
                pushPayload = serialize(mapper, minimal);
            }
            pushEvent = resource.modelUrlRoot() + "/" + id + ("delete".equals(method) ? ":delete" : ":update");
        }
        try {
            String room = resource.roomFor(request);
            if (policy == BroadcastPolicy.OTHERS) {
                request.session().socket().broadcast(room, pushEvent, pushPayload);
            } else {
                namespace.broadcast(room, null, pushEvent, pushPayload);
            }
        } catch (RuntimeException failure) {
            LOG.error("{} from socket {}: broadcast of {} failed", request.event(), request.session().id(), pushEvent, failure);
        }
    }

    /** {@code value} as an emit argument, written by Jackson; a value Jackson cannot write is the caller's mistake. */
    static SerializedJson serialize(ObjectMapper mapper, Object value) {
        try {
            return SerializedJson.of(mapper, value);
        } catch (JsonProcessingException unserializable) {
            throw new IllegalArgumentException("cannot serialize " + value.getClass().getName() + ": "
                    + unserializable.getOriginalMessage(), unserializable);
        }
    }

    /** One received event and the way to answer it. */
    private static final class Call {
        final NamespaceSocket socket;
        final String event;
        final JsonNode payload;
        final Ack ack;

        Call(NamespaceSocket socket, String event, JsonNode payload, Ack ack) {
            this.socket = socket;
            this.event = event;
            this.payload = payload;
            this.ack = ack;
        }

        void succeed(Object reply) {
            if (ack != null) {
                send(null, reply);
            }
        }

        void fail(int code, String message) {
            if (ack == null) {
                LOG.warn("{} from socket {} failed without an ack callback to tell: {} {}", event, socket.id(), code, message);
                return;
            }
            ObjectNode error = JsonNodeFactory.instance.objectNode();
            error.put("message", message);
            error.put("code", code);
            send(error);
        }

        private void send(Object... args) {
            try {
                ack.send(args);
            } catch (RuntimeException failure) {
                LOG.warn("{} from socket {}: ack could not be sent: {}", event, socket.id(), failure.toString());
            }
        }
    }

    /** Where a socket's events run when none of its events is queued or running. */
    @FunctionalInterface
    public interface RunHere {
        /**
         * @param events runs the socket's queued events
         * @param alone  whether they come from the socket whose events ran last, i.e. one client alone at work (with
         *               several, the events of others arrive while these run, and worker threads run them in
         *               parallel), on a server with at most {@link #ALONE_MAX_SOCKETS} sockets
         * @return true if the caller's thread takes {@code events} to run itself; false: they go to a worker
         */
        boolean take(Runnable events, boolean alone);
    }

    /** The events of one socket, run one at a time on the worker pool (or where they were read, see runHere). */
    private final class SocketQueue {
        final NamespaceSocket socket;
        private final ArrayDeque<Call> pending = new ArrayDeque<>();
        private boolean scheduled;

        SocketQueue(NamespaceSocket socket) {
            this.socket = socket;
        }

        synchronized boolean offer(Call call) {
            if (pending.size() >= maxPendingPerSocket) {
                return false;
            }
            pending.add(call);
            if (!scheduled) {
                scheduled = true;
                try {
                    if (!runHere.take(this::runPending, lastRun == this && queues.size() <= ALONE_MAX_SOCKETS)) {
                        workers.execute(this::runPending);
                    }
                } catch (RejectedExecutionException stopped) {
                    pending.clear();
                    scheduled = false;
                    call.fail(ResourceException.UNAVAILABLE, "server is stopping");
                }
            }
            return true;
        }

        private void runPending() {
            lastRun = this;
            while (true) {
                Call next;
                synchronized (this) {
                    next = pending.poll();
                    if (next == null) {
                        scheduled = false;
                        return;
                    }
                }
                try {
                    handle(next);
                } catch (RuntimeException unexpected) {
                    LOG.error("{} from socket {}: unexpected failure", next.event, socket.id(), unexpected);
                } finally {
                    try {
                        afterEachEvent.run();
                    } catch (RuntimeException unexpected) {
                        // Must not end this loop: the socket's queue would stay marked as scheduled forever.
                        LOG.error("after {} from socket {}: unexpected failure", next.event, socket.id(), unexpected);
                    }
                }
            }
        }
    }
}
