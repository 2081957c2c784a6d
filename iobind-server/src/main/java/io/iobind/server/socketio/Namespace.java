package io.iobind.server.socketio;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * A Socket.IO namespace: the sockets connected to it, their rooms, and broadcasts to them. A broadcast encodes its
 * packet once and hands it to every recipient's session, which queues it without blocking: a slow recipient holds
 * up no one (its session is dropped once it is too far behind).
 */
public final class Namespace {

    private static final Logger LOG = LoggerFactory.getLogger(Namespace.class);

    private final String name;
    private final PacketCodec codec;
    private final Map<String, NamespaceSocket> sockets = new ConcurrentHashMap<>();
    /**
     * The same sockets in the order they connected, which is the order a broadcast writes to them (as Node's
     * socket.io does): clients served by one process, or one network path, usually connected together and then
     * get their pushes together.
     */
    private final Set<NamespaceSocket> inArrivalOrder = new ConcurrentSkipListSet<>(NamespaceSocket.BY_ARRIVAL);
    private final Map<String, Set<NamespaceSocket>> rooms = new ConcurrentHashMap<>();
    private final List<Consumer<NamespaceSocket>> connectionListeners = new CopyOnWriteArrayList<>();
    /** Told when a listener that may block is added (see {@link #onConnection}). */
    private final Runnable blockingListenerAdded;
    /** Shares broadcasts with the other nodes of a cluster; null on a single node. */
    private volatile ClusterRelay relay;
    /** Null when connection state recovery is off. */
    private final SessionRecovery recovery;
    /**
     * With recovery on, emits hold the read side while they log and deliver an event, and a returning socket is
     * registered and sent what it missed under the write side: no event reaches it twice or never.
     */
    private final ReadWriteLock deliveries = new ReentrantReadWriteLock();

    Namespace(String name, PacketCodec codec, SessionRecovery recovery, Runnable blockingListenerAdded) {
        this.name = name;
        this.codec = codec;
        this.recovery = recovery;
        this.blockingListenerAdded = blockingListenerAdded;
    }

    void relay(ClusterRelay relay) {
        this.relay = relay;
    }

    SessionRecovery recovery() {
        return recovery;
    }

    public String name() {
        return name;
    }

    /**
     * Runs {@code listener} for every socket that connects, on the network thread that read the client's packet,
     * after the client was told it is connected and before any of its events is delivered: the place to add event
     * listeners. The listener, and the listeners it adds, may block: once one is added, every WebSocket
     * connection of the server is read on a thread of Jetty's pool (see {@link SocketIoServer#listenersMayBlock}),
     * so a listener that blocks holds up its own client only.
     */
    public void onConnection(Consumer<NamespaceSocket> listener) {
        blockingListenerAdded.run();
        connectionListeners.add(listener);
    }

    /**
     * As {@link #onConnection}, for a listener that never blocks, nor do the listeners it adds to the socket (they
     * hand anything slow to threads of their own, as the resource API hands events to its handler threads). While
     * every listener is of this kind, WebSocket connections are read on Jetty's selector thread itself, one thread
     * hand-off fewer per message.
     */
    public void onConnectionNonBlocking(Consumer<NamespaceSocket> listener) {
        connectionListeners.add(listener);
    }

    /** The sockets connected now. */
    public Collection<NamespaceSocket> sockets() {
        return List.copyOf(inArrivalOrder);
    }

    public NamespaceSocket socket(String id) {
        return sockets.get(id);
    }

    /** Sends an event to every socket of this namespace, on every node. */
    public void emit(String event, Object... args) {
        broadcast(null, null, event, args);
    }

    /**
     * Sends an event to the sockets in {@code room} (every socket when null), except the socket whose id is
     * {@code exceptSocketId} (none when null): on this node, and through the cluster relay (when there is one) on
     * every other node.
     */
    public void broadcast(String room, String exceptSocketId, String event, Object... args) {
        Set<String> rooms = room == null ? Set.of() : Set.of(room);
        Set<String> except = exceptSocketId == null ? Set.of() : Set.of(exceptSocketId);
        ClusterRelay cluster = relay;
        if (cluster != null) {
            // Published first: once a client of this node has the event, it is on its way to the other nodes too,
            // ahead of anything this node publishes afterwards.
            cluster.publish(name, rooms, except, event, args);
        }
        broadcastLocally(rooms, except, event, args);
    }

    /**
     * Sends an event to this node's sockets that are in any of {@code rooms} (every socket when empty) and in none
     * of {@code except} (a socket's id is one of its rooms): what the cluster relay calls with the broadcasts of
     * other nodes, and what an application calls for a push meant for this node's clients only.
     */
    public void broadcastLocally(Set<String> rooms, Set<String> except, String event, Object... args) {
        NamespaceSocket.checkEventName(event);
        if (recovery == null) {
            deliver(codec.encode(Packet.EVENT, name, -1, event, args), rooms, except);
            return;
        }
        String offset = recovery.newOffset();
        PacketCodec.Encoded packet = codec.encode(Packet.EVENT, name, -1, event, withOffset(args, offset));
        deliveries.readLock().lock();
        try {
            recovery.store(offset, packet, Set.copyOf(rooms), Set.copyOf(except));
            deliver(packet, rooms, except);
        } finally {
            deliveries.readLock().unlock();
        }
    }

    private void deliver(PacketCodec.Encoded packet, Set<String> toRooms, Set<String> except) {
        Collection<NamespaceSocket> recipients = toRooms.isEmpty() ? inArrivalOrder : socketsInAny(toRooms);
        Set<NamespaceSocket> excluded = except.isEmpty() ? Set.of() : socketsInAny(except);
        for (NamespaceSocket socket : recipients) {
            if (!excluded.contains(socket)) {
                socket.sendEncoded(packet);
            }
        }
    }

    /** The sockets in any of these rooms, each once. */
    private Set<NamespaceSocket> socketsInAny(Set<String> roomNames) {
        if (roomNames.size() == 1) {
            return rooms.getOrDefault(roomNames.iterator().next(), Set.of());
        }
        Set<NamespaceSocket> members = new TreeSet<>(NamespaceSocket.BY_ARRIVAL);
        for (String room : roomNames) {
            members.addAll(rooms.getOrDefault(room, Set.of()));
        }
        return members;
    }

    /** Whether a socket of this node is in {@code room} now. */
    public boolean hasRoom(String room) {
        return rooms.containsKey(room);
    }

    /** An event to one socket of this node; logged for its recovery like a broadcast to its own room. */
    boolean emitTo(NamespaceSocket socket, String event, Object[] args) {
        if (recovery == null) {
            return socket.sendEncoded(codec.encode(Packet.EVENT, name, -1, event, args));
        }
        String offset = recovery.newOffset();
        PacketCodec.Encoded packet = codec.encode(Packet.EVENT, name, -1, event, withOffset(args, offset));
        deliveries.readLock().lock();
        try {
            recovery.store(offset, packet, Set.of(socket.id()), Set.of());
            return socket.sendEncoded(packet);
        } finally {
            deliveries.readLock().unlock();
        }
    }

    private static Object[] withOffset(Object[] args, String offset) {
        Object[] extended = java.util.Arrays.copyOf(args, args.length + 1);
        extended[args.length] = offset;
        return extended;
    }

    void connect(NamespaceSocket socket, SessionRecovery.Restored restored) {
        if (restored == null) {
            add(socket);
            socket.join(socket.id());
            socket.sendConnected();
        } else {
            deliveries.writeLock().lock();
            try {
                add(socket);
                socket.join(socket.id());
                for (String room : restored.session().rooms()) {
                    socket.join(room);
                }
                socket.sendConnected();
                for (PacketCodec.Encoded missed : restored.missed()) {
                    socket.sendEncoded(missed);
                }
            } finally {
                deliveries.writeLock().unlock();
            }
        }
        for (Consumer<NamespaceSocket> listener : connectionListeners) {
            try {
                listener.accept(socket);
            } catch (RuntimeException failure) {
                LOG.error("a connection listener of namespace {} failed for socket {}", name, socket.id(), failure);
            }
        }
    }

    private void add(NamespaceSocket socket) {
        NamespaceSocket replaced = sockets.put(socket.id(), socket);
        if (replaced != null) {
            inArrivalOrder.remove(replaced);
        }
        inArrivalOrder.add(socket);
    }

    void disconnected(NamespaceSocket socket, Set<String> roomsLeft, String reason) {
        if (sockets.remove(socket.id(), socket)) {
            inArrivalOrder.remove(socket);
        }
        for (String room : roomsLeft) {
            leave(socket, room);
        }
        if (recovery != null) {
            recovery.persist(socket, roomsLeft, reason);
        }
    }

    void join(NamespaceSocket socket, String room) {
        rooms.computeIfAbsent(room, key -> new ConcurrentSkipListSet<>(NamespaceSocket.BY_ARRIVAL)).add(socket);
    }

    void leave(NamespaceSocket socket, String room) {
        rooms.computeIfPresent(room, (key, members) -> {
            members.remove(socket);
            return members.isEmpty() ? null : members;
        });
    }

    /** The sockets in {@code room} now. */
    public Collection<NamespaceSocket> socketsIn(String room) {
        return List.copyOf(rooms.getOrDefault(room, Set.of()));
    }
}
