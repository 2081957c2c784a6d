package io.iobind.server.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iobind.server.transport.EngineSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One client connected to one namespace: what it emits goes to the listeners added here; what the server emits
 * to it is queued on its session without blocking. It is in the room named by its id from the start.
 */
public final class NamespaceSocket {

    private static final Logger LOG = LoggerFactory.getLogger(NamespaceSocket.class);

    /** Event names the Socket.IO clients use for their own events; the server never emits them. */
    static final Set<String> RESERVED_EVENTS = Set.of(
            "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    /** Sockets in the order they connected. */
    static final Comparator<NamespaceSocket> BY_ARRIVAL = Comparator.comparingLong(socket -> socket.arrival);
    private static final AtomicLong ARRIVALS = new AtomicLong();

    private final Client client;
    private final Namespace namespace;
    private final PacketCodec codec;
    private final String id;
    private final String pid;
    private final boolean recovered;
    private final JsonNode auth;
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    private final List<EventListener> anyListeners = new CopyOnWriteArrayList<>();
    private final Map<String, List<EventListener>> listeners = new ConcurrentHashMap<>();
    private final List<Consumer<String>> disconnectListeners = new CopyOnWriteArrayList<>();
    private final Map<Long, Consumer<List<JsonNode>>> pendingAcks = new ConcurrentHashMap<>();
    private final AtomicLong nextAckId = new AtomicLong();
    private final AtomicBoolean connected = new AtomicBoolean(true);
    /** Which socket came first: broadcasts reach sockets in the order they connected. */
    final long arrival = ARRIVALS.incrementAndGet();

    /**
     * @param restored the session it takes back after a short disconnect, or null for a new one
     */
    NamespaceSocket(Client client, Namespace namespace, PacketCodec codec, JsonNode auth,
                    SessionRecovery.Session restored) {
        this.client = client;
        this.namespace = namespace;
        this.codec = codec;
        this.auth = auth;
        this.recovered = restored != null;
        this.id = restored != null ? restored.id() : SessionRecovery.randomId(15);
        this.pid = restored != null ? restored.pid()
                : namespace.recovery() != null ? SessionRecovery.randomId(15) : null;
    }

    /** The private id a client sends to take this socket back after a disconnect; null when recovery is off. */
    String pid() {
        return pid;
    }

    /**
     * Whether this socket is one the client took back after a short disconnect (connection state recovery): same
     * id, same rooms, and the events it missed were sent again.
     */
    public boolean recovered() {
        return recovered;
    }

    public String id() {
        return id;
    }

    public Namespace namespace() {
        return namespace;
    }

    /** The payload of the client's CONNECT packet ({@code auth} in socket.io-client); an empty object if none. */
    public JsonNode auth() {
        return auth;
    }

    /** The Engine.IO session this socket is carried by (transport, handshake query and headers). */
    public EngineSocket engine() {
        return client.engine();
    }

    public boolean isConnected() {
        return connected.get();
    }

    /** Adds a listener for one event name. */
    public void on(String event, EventListener listener) {
        listeners.computeIfAbsent(event, key -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /** Adds a listener for every event, called before the listeners of the event's name. */
    public void onAny(EventListener listener) {
        anyListeners.add(listener);
    }

    /** Whether a listener was added for this event name with {@link #on}. */
    public boolean hasListener(String event) {
        List<EventListener> named = listeners.get(event);
        return named != null && !named.isEmpty();
    }

    /** Runs {@code listener} with the reason once this socket is disconnected (e.g. "transport close"). */
    public void onDisconnect(Consumer<String> listener) {
        disconnectListeners.add(listener);
        if (!connected.get()) {
            // Disconnected before the listener was added: it still learns of it.
            listener.accept("already disconnected");
        }
    }

    /** Sends an event to this client. */
    public boolean emit(String event, Object... args) {
        checkEventName(event);
        return connected.get() && namespace.emitTo(this, event, args);
    }

    /** Sends an event whose acknowledgement, when the client calls it, runs {@code onAck} with its arguments. */
    public boolean emitWithAck(String event, Consumer<List<JsonNode>> onAck, Object... args) {
        checkEventName(event);
        long ackId = nextAckId.getAndIncrement();
        pendingAcks.put(ackId, onAck);
        boolean sent = sendEncoded(codec.encode(Packet.EVENT, namespace.name(), ackId, event, args));
        if (!sent) {
            pendingAcks.remove(ackId);
        }
        return sent;
    }

    /** Sends an event to every other socket of the namespace in {@code room} (every other socket when null). */
    public void broadcast(String room, String event, Object... args) {
        namespace.broadcast(room, id, event, args);
    }

    public void join(String room) {
        if (!connected.get()) {
            return;
        }
        if (rooms.add(room)) {
            namespace.join(this, room);
            if (!connected.get()) {
                // Disconnected meanwhile: its cleanup may have run before this join.
                namespace.leave(this, room);
            }
        }
    }

    public void leave(String room) {
        if (rooms.remove(room)) {
            namespace.leave(this, room);
        }
    }

    /** The rooms this socket is in (its own id among them). */
    public Set<String> rooms() {
        return Set.copyOf(rooms);
    }

    /** Disconnects from this namespace (the client is told); with {@code closeSession} its whole session ends. */
    public void disconnect(boolean closeSession) {
        if (closeSession) {
            client.engine().close();
            return;
        }
        if (connected.get()) {
            sendEncoded(codec.encodeControl(Packet.DISCONNECT, namespace.name(), null));
            client.removed(this);
            closed("server namespace disconnect");
        }
    }

    /** Whether Socket.IO's clients use this event name for their own events (a client must not send it either). */
    public static boolean isReservedEvent(String event) {
        return RESERVED_EVENTS.contains(event);
    }

    static void checkEventName(String event) {
        if (event == null || isReservedEvent(event)) {
            throw new IllegalArgumentException("'" + event + "' is not an event name the server may emit");
        }
    }

    boolean sendEncoded(PacketCodec.Encoded packet) {
        return connected.get() && client.send(packet);
    }

    void sendConnected() {
        ObjectNode payload = JsonNodeFactory.instance.objectNode().put("sid", id);
        if (pid != null) {
            payload.put("pid", pid);
        }
        client.send(codec.encodeControl(Packet.CONNECT, namespace.name(), payload));
    }

    void received(Packet packet) {
        JsonNode data = packet.data();
        String event = data.get(0).asText();
        List<JsonNode> args = new ArrayList<>(data.size() - 1);
        for (int i = 1; i < data.size(); i++) {
            args.add(data.get(i));
        }
        List<JsonNode> readOnlyArgs = List.copyOf(args);
        Ack ack = packet.id() >= 0 ? new PacketAck(packet.id()) : null;
        for (EventListener listener : anyListeners) {
            deliver(listener, event, readOnlyArgs, ack);
        }
        List<EventListener> named = listeners.get(event);
        if (named != null) {
            for (EventListener listener : named) {
                deliver(listener, event, readOnlyArgs, ack);
            }
        }
    }

    private void deliver(EventListener listener, String event, List<JsonNode> args, Ack ack) {
        try {
            listener.onEvent(this, event, args, ack);
        } catch (RuntimeException failure) {
            LOG.error("a listener of '{}' failed (socket {} on {})", event, id, namespace.name(), failure);
        }
    }

    void acknowledged(Packet packet) {
        Consumer<List<JsonNode>> callback = pendingAcks.remove(packet.id());
        if (callback == null) {
            LOG.debug("socket {} acknowledged {}, which it was not asked for", id, packet.id());
            return;
        }
        List<JsonNode> args = new ArrayList<>();
        packet.data().forEach(args::add);
        try {
            callback.accept(List.copyOf(args));
        } catch (RuntimeException failure) {
            LOG.error("an acknowledgement callback failed (socket {} on {})", id, namespace.name(), failure);
        }
    }

    /** Ends this socket: leaves every room and tells the disconnect listeners, once. */
    void closed(String reason) {
        if (!connected.compareAndSet(true, false)) {
            return;
        }
        Set<String> left = Set.copyOf(rooms);
        rooms.clear();
        namespace.disconnected(this, left, reason);
        pendingAcks.clear();
        for (Consumer<String> listener : disconnectListeners) {
            try {
                listener.accept(reason);
            } catch (RuntimeException failure) {
                LOG.error("a disconnect listener failed (socket {} on {})", id, namespace.name(), failure);
            }
        }
    }

    @Override
    public String toString() {
        return "socket " + id + " on " + namespace.name();
    }

    /** The acknowledgement of one received event. */
    private final class PacketAck implements Ack {
        private final long ackId;
        private final AtomicBoolean sent = new AtomicBoolean();

        PacketAck(long ackId) {
            this.ackId = ackId;
        }

        @Override
        public boolean send(Object... args) {
            if (!sent.compareAndSet(false, true)) {
                LOG.debug("socket {}: a second acknowledgement of {} was dropped", id, ackId);
                return false;
            }
            return sendEncoded(codec.encode(Packet.ACK, namespace.name(), ackId, null, args));
        }

        @Override
        public boolean sent() {
            return sent.get();
        }
    }
}
