package io.iobind.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iobind.server.CapturedLog;
import io.iobind.server.IobindServer;
import io.iobind.server.JavaClient;
import io.iobind.server.NodeScripts;
import io.iobind.server.demo.InMemoryTodos;
import io.iobind.server.resource.BroadcastPolicy;
import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgpack.jackson.dataformat.MessagePackFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.iobind.server.JavaClient.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two iobind-server nodes sharing their pushes through a real redis-server: every push reaches the clients of both
 * nodes exactly once, rooms and exclusions hold across nodes, and the nodes ride out a Redis restart.
 *
 * <p>"Exactly once" is counted: after the pushes under test, each node broadcasts a marker; Redis keeps the order of
 * one publisher's messages, so once a client has both markers, any duplicate of an earlier push would have arrived.
 */
class RedisClusterTest {

    private RedisServerProcess redis;
    private final List<IobindServer> nodes = new ArrayList<>();
    private final List<JavaClient> clients = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServerProcess.startOrSkip("RedisClusterTest");
    }

    @AfterEach
    void stopAll() throws Exception {
        clients.forEach(JavaClient::close);
        for (IobindServer node : nodes) {
            node.stop();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private IobindServer node(Consumer<IobindServer> resources) throws Exception {
        IobindServer node = IobindServer.builder().port(0).redis(redis.url()).build();
        resources.accept(node);
        nodes.add(node);
        return node.start();
    }

    /** Todos pushed to the room "kitchen" only, which a client joins with {@code todo:join}. */
    private static final Consumer<IobindServer> KITCHEN = server -> new InMemoryTodos().register(server).room("kitchen")
            .on("join", request -> {
                request.session().joinRoom("kitchen");
                return null;
            });

    private IobindServer todoNode() throws Exception {
        return node(server -> new InMemoryTodos().register(server));
    }

    private JavaClient client(IobindServer node, String... events) throws Exception {
        List<String> recorded = new ArrayList<>(Arrays.asList(events));
        recorded.add("marker");
        JavaClient client = JavaClient.websocket(node.uri()).record(recorded.toArray(String[]::new)).connect();
        clients.add(client);
        return client;
    }

    /**
     * Waits until each client has {@code expected[i]} events, then has every node broadcast a marker and returns,
     * per client, every event it received before all the markers (markers left out). A node publishes a push to Redis
     * before it delivers it to its own clients, and Redis keeps the order of one publisher's messages: so once the
     * expected events are in, each push is already on its way, and a duplicate of it would come before the markers.
     */
    private List<List<String>> settle(List<IobindServer> from, List<JavaClient> clients, int... expected)
            throws Exception {
        List<List<String>> seen = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            List<String> events = new ArrayList<>();
            while (events.size() < expected[i]) {
                events.add(describe(clients.get(i).nextEvent()));
            }
            seen.add(events);
        }
        for (int i = 0; i < from.size(); i++) {
            from.get(i).broadcast(null, "marker", "from node " + i);
        }
        for (int i = 0; i < clients.size(); i++) {
            int markers = 0;
            while (markers < from.size()) {
                Object[] event = clients.get(i).nextEvent();
                if ("marker".equals(event[0])) {
                    markers++;
                } else {
                    seen.get(i).add(describe(event));
                }
            }
        }
        return seen;
    }

    private static String describe(Object[] event) {
        return event[0] + (event.length > 1 ? " " + event[1] : "");
    }

    @Test
    void everyPushReachesTheClientsOfBothNodesExactlyOnce() throws Exception {
        IobindServer a = todoNode();
        IobindServer b = todoNode();
        JavaClient onA = client(a, "todos:create", "todo/1:update", "todo/1:delete");
        JavaClient onB = client(b, "todos:create", "todo/1:update", "todo/1:delete");

        JSONObject created = (JSONObject) onA.ok("todo:create", new JSONObject().put("title", "from A"));
        assertThat(created.getString("id")).isEqualTo("1");
        onA.ok("todo:update", new JSONObject().put("id", "1").put("title", "renamed on A"));
        onA.ok("todo:delete", new JSONObject().put("id", "1"));
        onB.ok("todo:create", new JSONObject().put("title", "from B"));

        List<List<String>> seen = settle(List.of(a, b), List.of(onA, onB), 4, 4);
        for (List<String> events : seen) {
            assertThat(events).extracting(line -> line.substring(0, line.indexOf(' ')))
                    .containsExactlyInAnyOrder("todos:create", "todo/1:update", "todo/1:delete", "todos:create");
            assertThat(events).filteredOn(line -> line.startsWith("todos:create"))
                    .anySatisfy(line -> assertThat(line).contains("from A"))
                    .anySatisfy(line -> assertThat(line).contains("from B"));
        }
        assertThat(seen.get(0)).filteredOn(line -> line.startsWith("todo/1:update")).singleElement()
                .satisfies(line -> assertThat(line).contains("renamed on A"));
    }

    @Test
    void aRoomHoldsAcrossNodes() throws Exception {
        IobindServer a = node(KITCHEN);
        IobindServer b = node(KITCHEN);
        JavaClient memberOnA = client(a, "todos:create");
        JavaClient outsiderOnA = client(a, "todos:create");
        JavaClient memberOnB = client(b, "todos:create");
        JavaClient outsiderOnB = client(b, "todos:create");
        memberOnA.ok("todo:join");
        memberOnB.ok("todo:join");

        outsiderOnA.ok("todo:create", new JSONObject().put("title", "for the kitchen"));

        List<List<String>> seen = settle(List.of(a, b), List.of(memberOnA, outsiderOnA, memberOnB, outsiderOnB), 1, 0, 1, 0);
        assertThat(seen.get(0)).singleElement().satisfies(line -> assertThat(line).contains("for the kitchen"));
        assertThat(seen.get(1)).isEmpty();
        assertThat(seen.get(2)).singleElement().satisfies(line -> assertThat(line).contains("for the kitchen"));
        assertThat(seen.get(3)).isEmpty();
    }

    @Test
    void theSenderIsExcludedOnItsOwnNodeOnly() throws Exception {
        Consumer<IobindServer> others = server -> new InMemoryTodos().register(server).broadcast(BroadcastPolicy.OTHERS);
        IobindServer a = node(others);
        IobindServer b = node(others);
        JavaClient sender = client(a, "todos:create");
        JavaClient neighbour = client(a, "todos:create");
        JavaClient remote = client(b, "todos:create");

        sender.ok("todo:create", new JSONObject().put("title", "not for me"));

        List<List<String>> seen = settle(List.of(a, b), List.of(sender, neighbour, remote), 0, 1, 1);
        assertThat(seen.get(0)).isEmpty();
        assertThat(seen.get(1)).singleElement().satisfies(line -> assertThat(line).contains("not for me"));
        assertThat(seen.get(2)).singleElement().satisfies(line -> assertThat(line).contains("not for me"));
    }

    @Test
    void aNodeKeepsServingWhenTheOtherStops() throws Exception {
        IobindServer a = todoNode();
        IobindServer b = todoNode();
        JavaClient onB = client(b, "todos:create");
        a.stop();
        JavaClient other = client(b, "todos:create");

        onB.ok("todo:create", new JSONObject().put("title", "still here"));

        List<List<String>> seen = settle(List.of(b), List.of(onB, other), 1, 1);
        assertThat(seen).allSatisfy(events -> assertThat(events).singleElement()
                .satisfies(line -> assertThat(line).contains("still here")));
    }

    @Test
    void pushesBetweenNodesResumeAfterRedisRestarts() throws Exception {
        IobindServer a = todoNode();
        IobindServer b = todoNode();
        JavaClient onA = client(a, "todos:create");
        JavaClient onB = client(b, "todos:create", RedisRelay.RESYNC_EVENT);

        try (CapturedLog log = CapturedLog.start()) {
            redis.stop();
            log.awaitLines(2, "RedisRelay", "is unreachable");

            // Each node still serves its own clients; the push does not cross (at most once: it is lost).
            onA.ok("todo:create", new JSONObject().put("title", "during the outage"));
            assertThat(onA.nextEvent()[1].toString()).contains("during the outage");

            redis.start();
            log.awaitLines(2, "RedisRelay", "is back");
            // B's clients missed A's push: they are told to re-read.
            assertThat(onB.nextEvent()[0]).isEqualTo(RedisRelay.RESYNC_EVENT);
            onA.ok("todo:create", new JSONObject().put("title", "after the outage"));
            List<List<String>> seen = settle(List.of(a, b), List.of(onA, onB), 1, 1);
            assertThat(seen.get(0)).singleElement().satisfies(line -> assertThat(line).contains("after the outage"));
            assertThat(seen.get(1)).singleElement().satisfies(line -> assertThat(line).contains("after the outage"));
            assertThat(log.lines()).noneMatch(line -> line.contains("Exception") && line.contains("iobind"));
        }
    }

    @Test
    void aNodeWhoseRedisCannotBeReachedDoesNotStartAndSaysWhere() throws Exception {
        String url = redis.url();
        redis.stop();
        IobindServer node = IobindServer.builder().port(0).redis(url).build();
        try (CapturedLog ignored = CapturedLog.start()) {
            assertThatThrownBy(node::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Redis at " + url + " is not reachable")
                    .hasMessageContaining("redis-server");
        }
    }

    /** A Node socket.io 4 server with the official @socket.io/redis-adapter and an iobind node on one Redis. */
    @Test
    void aNodeSocketIoServerWithTheOfficialAdapterIsANodeOfTheSameCluster() throws Exception {
        IobindServer a = todoNode();
        String output = NodeScripts.run("RedisClusterTest", "the run of Node's socket.io with @socket.io/redis-adapter "
                + "beside an iobind node", "redis-interop.js", redis.url(), a.uri().toString());
        assertThat(output).contains("INTEROP OK");
    }

    /**
     * The wire format of Node's @socket.io/redis-adapter, checked from Redis itself: what a node publishes, and that a
     * message published the way a Node node does reaches this node's clients.
     */
    @Test
    void speaksTheWireFormatOfNodesRedisAdapter() throws Exception {
        IobindServer a = node(KITCHEN);
        JavaClient member = client(a, "todos:create", "news");
        member.ok("todo:join");
        ObjectMapper msgpack = new ObjectMapper(new MessagePackFactory());
        RedisClient raw = RedisClient.create(redis.url());
        try (StatefulRedisPubSubConnection<byte[], byte[]> listen = raw.connectPubSub(ByteArrayCodec.INSTANCE);
             StatefulRedisConnection<byte[], byte[]> publish = raw.connect(ByteArrayCodec.INSTANCE)) {
            BlockingQueue<String[]> published = new LinkedBlockingQueue<>();
            listen.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] pattern, byte[] channel, byte[] message) {
                    try {
                        published.add(new String[] {new String(channel, StandardCharsets.UTF_8),
                                msgpack.readTree(message).toString()});
                    } catch (java.io.IOException e) {
                        published.add(new String[] {"unreadable", e.toString()});
                    }
                }
            });
            listen.sync().psubscribe("socket.io#*".getBytes(StandardCharsets.UTF_8));

            member.ok("todo:create", new JSONObject().put("title", "soup"));
            String[] message = published.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(message).as("a message on Redis").isNotNull();
            assertThat(message[0]).isEqualTo("socket.io#/#kitchen#");
            JsonNode tree = new ObjectMapper().readTree(message[1]);
            assertThat(tree.size()).isEqualTo(3);
            assertThat(tree.get(0).asText()).hasSize(6);
            assertThat(tree.get(1).get("type").asInt()).isEqualTo(2);
            assertThat(tree.get(1).get("nsp").asText()).isEqualTo("/");
            assertThat(tree.get(1).get("data").get(0).asText()).isEqualTo("todos:create");
            assertThat(tree.get(1).get("data").get(1).get("title").asText()).isEqualTo("soup");
            assertThat(tree.get(2).get("rooms").toString()).isEqualTo("[\"kitchen\"]");
            assertThat(tree.get(2).get("except").toString()).isEqualTo("[]");
            assertThat(tree.get(2).get("flags").isObject()).isTrue();
            assertThat(member.nextEvent()[0]).isEqualTo("todos:create");

            // As a Node node publishes io.emit("news", {...}, <binary>): uid, packet, opts, on the namespace channel.
            byte[] fromNode = msgpack.writeValueAsBytes(List.of("nodeJS",
                    java.util.Map.of("type", 2, "nsp", "/", "data", List.of("news", java.util.Map.of("headline", "hi"),
                            new byte[] {1, 2, 3})),
                    java.util.Map.of("rooms", List.of(), "except", List.of(), "flags", java.util.Map.of())));
            publish.sync().publish("socket.io#/#".getBytes(StandardCharsets.UTF_8), fromNode);
            Object[] news = member.nextEvent();
            assertThat(news[0]).isEqualTo("news");
            assertThat(((JSONObject) news[1]).getString("headline")).isEqualTo("hi");
            assertThat(news[2]).isEqualTo(new byte[] {1, 2, 3});
        } finally {
            raw.shutdown();
        }
    }
}
