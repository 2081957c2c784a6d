package io.iobind.server.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iobind.server.transport.EngineSocket;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The Socket.IO v5 layer over Engine.IO sessions: namespaces, events and acknowledgements both ways, binary
 * attachments, rooms and broadcasts. A client must connect to a namespace within the connect timeout, or its
 * session is closed; a client connecting to a namespace nobody created is refused.
 *
 * <p>Every Engine.IO session handed to {@link #accept} becomes a {@link Client}; everything it receives is decoded
 * on the network thread that read it and given to the namespace's listeners there (no hand-off; see
 * {@link #listenersMayBlock} for which thread that is).
 */
public final class SocketIoServer implements AutoCloseable {

    private final PacketCodec codec;
    private final Duration connectTimeout;
    private final Duration recoveryWindow;
    private final long recoveryBytes;
    private final ScheduledExecutorService timer;
    private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();
    private volatile ClusterRelay relay;
    private final Map<EngineSocket, Client> clients = new ConcurrentHashMap<>();
    private volatile boolean listenersMayBlock;

    /**
     * @param recoveryWindow how long a disconnected socket can be taken back with the events it missed (connection
     *                       state recovery); zero turns recovery off
     * @param recoveryBytes  how many bytes of emitted events each namespace keeps for recovery at most
     */
    public SocketIoServer(ObjectMapper mapper, Duration connectTimeout, Duration recoveryWindow, long recoveryBytes) {
        this.recoveryWindow = Objects.requireNonNull(recoveryWindow, "recoveryWindow");
        this.recoveryBytes = recoveryBytes;
        this.codec = new PacketCodec(Objects.requireNonNull(mapper, "mapper"));
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "iobind-connect-timeout");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        this.timer = scheduler;
        namespace("/");
    }

    /** The namespace with this name, created on first use (names start with {@code /}). */
    public Namespace namespace(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.startsWith("/") || name.indexOf(',') >= 0) {
            throw new IllegalArgumentException("a namespace name starts with '/' and has no ',': " + name);
        }
        return namespaces.computeIfAbsent(name, key -> {
            Namespace created = new Namespace(key, codec, recoveryWindow.isZero() ? null
                    : new SessionRecovery(recoveryWindow.toNanos(), recoveryBytes), () -> listenersMayBlock = true);
            created.relay(relay);
            return created;
        });
    }

    /**
     * Whether a listener that may block was added ({@link Namespace#onConnection}): then messages must be read on
     * threads that may block, not on the network's selector thread.
     */
    public boolean listenersMayBlock() {
        return listenersMayBlock;
    }

    /**
     * Shares the broadcasts of every namespace with the other nodes of a cluster through {@code relay} (null: this
     * node only). The relay delivers what other nodes publish with {@link Namespace#broadcastLocally}.
     */
    public synchronized void relay(ClusterRelay relay) {
        this.relay = relay;
        for (Namespace namespace : namespaces.values()) {
            namespace.relay(relay);
        }
    }

    /** The namespace with this name if it exists (what a cluster relay delivers to), else null. */
    public Namespace existing(String name) {
        return namespaces.get(name);
    }

    public Collection<Namespace> namespaces() {
        return List.copyOf(namespaces.values());
    }

    /** Takes a new Engine.IO session (the engine's open callback); it then speaks Socket.IO. */
    public void accept(EngineSocket engine) {
        Client client = new Client(this, engine, codec);
        clients.put(engine, client);
        engine.listener(client);
        client.startConnectTimer(timer, connectTimeout.toMillis());
    }

    void forget(Client client) {
        clients.remove(client.engine(), client);
    }

    /** The Engine.IO sessions speaking Socket.IO now (connected to a namespace or not yet). */
    public int clientCount() {
        return clients.size();
    }

    /** Stops the connect timer; sessions are closed by the engine. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
