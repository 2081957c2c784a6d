package io.iobind.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iobind.server.socketio.ClusterRelay;
import io.iobind.server.socketio.JsonText;
import io.iobind.server.socketio.Namespace;
import io.iobind.server.socketio.SocketIoServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import org.msgpack.jackson.dataformat.MessagePackFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shares broadcasts between the nodes of a cluster through Redis pub/sub, in the wire format of Node's
 * {@code @socket.io/redis-adapter} (8.x), so iobind nodes and Node socket.io nodes with that adapter can serve one
 * cluster together.
 *
 * <p>A broadcast is published as the MessagePack array {@code [uid, packet, opts]} on channel
 * {@code <key>#<namespace>#} ({@code <key>#<namespace>#<room>#} when it goes to exactly one room), where
 * {@code packet} is {@code {type: 2, data: [event, ...args], nsp}} and {@code opts} is
 * {@code {rooms: [...], except: [...], flags: {}}}. Every node subscribes to the pattern {@code <key>#*}, delivers
 * what other nodes published to its own sockets and skips its own messages by their {@code uid}.
 *
 * <p>Redis pub/sub is at most once: what is published while Redis is unreachable is lost (counted and logged), the
 * node keeps serving its own clients, and Lettuce reconnects and subscribes again on its own (within about
 * {@link #MAX_RECONNECT_DELAY} of Redis coming back). Clients that reconnect or re-read after an outage catch up.
 *
 * <p>Lettuce rather than Jedis: it is non-blocking (a publish from a handler thread never waits for the network),
 * one connection is shared by all threads, and it resubscribes after a reconnect by itself.
 */
public final class RedisRelay implements ClusterRelay {

    private static final Logger LOG = LoggerFactory.getLogger(RedisRelay.class);

    /**
     * Sent to this node's clients (every namespace) when Redis is back after an outage: the pushes other nodes made
     * meanwhile never reached them (pub/sub is at most once), so a page that listens for it re-reads its data.
     */
    public static final String RESYNC_EVENT = "iobind:resync";

    /** Socket.IO's EVENT packet type, which every broadcast is. */
    private static final int EVENT = 2;
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);
    private static final char[] UID_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final String uid = newUid();
    private final String displayUrl;
    private final String channelPrefix;
    private final ObjectMapper json;
    private final ObjectMapper msgpack = new ObjectMapper(new MessagePackFactory());
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> publisher;
    private final StatefulRedisPubSubConnection<byte[], byte[]> subscriber;
    private final SocketIoServer socketIo;
    /** Where the broadcasts of other nodes are delivered, one at a time and in order. */
    private final Executor inbound;
    private final AtomicBoolean outage = new AtomicBoolean();
    private final AtomicLong lostDuringOutage = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private volatile boolean closed;

    private RedisRelay(String url, String key, ObjectMapper json, SocketIoServer socketIo, Executor inbound) {
        this.inbound = inbound;
        this.json = json;
        this.socketIo = socketIo;
        this.channelPrefix = key + "#";
        RedisURI uri = RedisURI.create(url);
        this.displayUrl = withoutPassword(uri);
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // Pub/sub is at most once anyway: during an outage a publish fails at once instead of queueing
                // without bound and arriving late.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(5)))
                .build());
        StatefulRedisConnection<byte[], byte[]> pub = null;
        StatefulRedisPubSubConnection<byte[], byte[]> sub = null;
        try {
            pub = client.connect(ByteArrayCodec.INSTANCE);
            sub = client.connectPubSub(ByteArrayCodec.INSTANCE);
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] pattern, byte[] channel, byte[] message) {
                    onMessage(channel, message);
                }
            });
            sub.sync().psubscribe((channelPrefix + "*").getBytes(StandardCharsets.UTF_8));
        } catch (RedisException unreachable) {
            if (sub != null) {
                sub.close();
            }
            if (pub != null) {
                pub.close();
            }
            shutdownClient();
            throw new IllegalStateException("Redis at " + displayUrl + " is not reachable: "
                    + rootMessage(unreachable) + " (several nodes share their pushes through it; is redis-server running there?)",
                    unreachable);
        }
        this.publisher = pub;
        this.subscriber = sub;
        RedisConnectionStateListener states = new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (!closed && outage.compareAndSet(false, true)) {
                    LOG.warn("Redis at {} is unreachable: pushes to and from other nodes are paused (this node's "
                            + "clients are still served); reconnecting", displayUrl);
                }
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (!closed && publisher != null && publisher.isOpen() && subscriber.isOpen()
                        && outage.compareAndSet(true, false)) {
                    LOG.info("Redis at {} is back: pushes to and from other nodes flow again ({} published during "
                            + "the outage were lost); telling this node's clients to re-read ({})", displayUrl,
                            lostDuringOutage.getAndSet(0), RESYNC_EVENT);
                    tellClientsToResync();
                }
            }
        };
        publisher.addListener(states);
        subscriber.addListener(states);
    }

    /**
     * Connects to Redis at {@code url} ({@code redis://host:port[/db]}, {@code rediss://} for TLS), subscribes, and
     * from then on relays the broadcasts of {@code socketIo}'s namespaces; {@code key} is the channel prefix the
     * other nodes use ({@code socket.io} in Node's adapter). What other nodes publish is delivered on
     * {@code inbound}, which must run tasks one at a time, in order (the order of one node's broadcasts is kept).
     *
     * @throws IllegalStateException naming the URL when Redis cannot be reached
     */
    public static RedisRelay connect(String url, String key, ObjectMapper json, SocketIoServer socketIo,
                                     Executor inbound) {
        RedisRelay relay = new RedisRelay(url, key, json, socketIo, inbound);
        socketIo.relay(relay);
        LOG.info("sharing broadcasts with other nodes through Redis at {} (node {})", relay.displayUrl, relay.uid);
        return relay;
    }

    @Override
    public void publish(String namespace, Set<String> rooms, Set<String> except, String event, Object[] args) {
        if (closed) {
            return;
        }
        byte[] message;
        try {
            message = encode(namespace, rooms, except, event, args);
        } catch (IOException | RuntimeException unencodable) {
            LOG.warn("broadcast {} on {} not shared with other nodes: {}", event, namespace, unencodable.toString());
            return;
        }
        String channel = channelPrefix + namespace + "#" + (rooms.size() == 1 ? rooms.iterator().next() + "#" : "");
        publisher.async().publish(channel.getBytes(StandardCharsets.UTF_8), message).whenComplete((count, failure) -> {
            if (failure == null) {
                published.incrementAndGet();
            } else if (!closed) {
                lostDuringOutage.incrementAndGet();
                if (outage.compareAndSet(false, true)) {
                    LOG.warn("Redis at {} is unreachable ({}): pushes to and from other nodes are paused (this "
                            + "node's clients are still served)", displayUrl, rootMessage(failure));
                }
            }
        });
    }

    byte[] encode(String namespace, Set<String> rooms, Set<String> except, String event, Object[] args)
            throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ArrayNode data = nodes.arrayNode().add(event);
        for (Object arg : args) {
            data.add(toTree(arg));
        }
        ObjectNode packet = nodes.objectNode().put("type", EVENT);
        packet.set("data", data);
        packet.put("nsp", namespace);
        ObjectNode opts = nodes.objectNode();
        ArrayNode roomList = opts.putArray("rooms");
        rooms.forEach(roomList::add);
        ArrayNode exceptList = opts.putArray("except");
        except.forEach(exceptList::add);
        opts.putObject("flags");
        ArrayNode message = nodes.arrayNode().add(uid);
        message.add(packet);
        message.add(opts);
        return msgpack.writeValueAsBytes(message);
    }

    private JsonNode toTree(Object arg) throws IOException {
        if (arg == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (arg instanceof JsonNode node) {
            return node;
        }
        if (arg instanceof JsonText text) {
            return json.readTree(text.json());
        }
        if (arg instanceof byte[] bytes) {
            return BinaryNode.valueOf(bytes);
        }
        return json.valueToTree(arg);
    }

    private void onMessage(byte[] channelBytes, byte[] message) {
        inbound.execute(() -> {
            String channel = new String(channelBytes, StandardCharsets.UTF_8);
            try {
                deliver(channel, msgpack.readTree(message));
            } catch (IOException | RuntimeException malformed) {
                LOG.warn("ignored a malformed message on Redis channel {}: {}", channel, malformed.toString());
            }
        });
    }

    /** Delivers what another node published; returns whether any of this node's namespaces took it. */
    boolean deliver(String channel, JsonNode message) {
        if (!message.isArray() || message.size() < 3 || uid.equals(message.get(0).asText())) {
            return false; // not a broadcast, or our own
        }
        JsonNode packet = message.get(1);
        JsonNode opts = message.get(2);
        String namespaceName = packet.path("nsp").asText("/");
        if (packet.path("type").asInt(-1) != EVENT || !packet.path("data").isArray() || packet.get("data").isEmpty()) {
            return false;
        }
        Namespace namespace = socketIo.existing(namespaceName);
        if (namespace == null || !channel.startsWith(channelPrefix + namespaceName + "#")) {
            return false;
        }
        if (opts.path("flags").path("local").asBoolean(false)) {
            return false;
        }
        JsonNode data = packet.get("data");
        String event = data.get(0).asText();
        Object[] args = new Object[data.size() - 1];
        for (int i = 1; i < data.size(); i++) {
            args[i - 1] = data.get(i);
        }
        received.incrementAndGet();
        namespace.broadcastLocally(names(opts.path("rooms")), names(opts.path("except")), event, args);
        return true;
    }

    private static Set<String> names(JsonNode list) {
        if (!list.isArray() || list.isEmpty()) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        list.forEach(name -> names.add(name.asText()));
        return names;
    }

    private void tellClientsToResync() {
        for (Namespace namespace : socketIo.namespaces()) {
            try {
                namespace.broadcastLocally(Set.of(), Set.of(), RESYNC_EVENT);
            } catch (RuntimeException failure) {
                LOG.warn("could not tell the clients of {} to re-read: {}", namespace.name(), failure.toString());
            }
        }
    }

    /** This node's id in the messages it publishes. */
    public String uid() {
        return uid;
    }

    /** Broadcasts published to Redis, and received from other nodes, so far. */
    public long published() {
        return published.get();
    }

    public long received() {
        return received.get();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        socketIo.relay(null);
        List<AutoCloseable> connections = new ArrayList<>(List.of(subscriber, publisher));
        for (AutoCloseable connection : connections) {
            try {
                connection.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        shutdownClient();
    }

    private void shutdownClient() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private static String withoutPassword(RedisURI uri) {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort()
                + (uri.getDatabase() == 0 ? "" : "/" + uri.getDatabase());
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String newUid() {
        SecureRandom random = new SecureRandom();
        char[] id = new char[6];
        for (int i = 0; i < id.length; i++) {
            id[i] = UID_ALPHABET[random.nextInt(UID_ALPHABET.length)];
        }
        return new String(id);
    }
}
