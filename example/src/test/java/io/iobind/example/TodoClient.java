package io.iobind.example;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import org.json.JSONArray;
import org.json.JSONObject;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The official Java Socket.IO client speaking "Done."'s events, with blocking helpers (every wait has a timeout). */
final class TodoClient implements AutoCloseable {

    static final long TIMEOUT_SECONDS = 15;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One push as it arrived: its event name and payload. */
    record Push(String event, JSONObject payload) {
    }

    private final Socket socket;
    private final BlockingQueue<Push> pushes = new LinkedBlockingQueue<>();

    private TodoClient(Socket socket) {
        this.socket = socket;
    }

    static TodoClient connect(URI server) throws InterruptedException {
        IO.Options options = IO.Options.builder()
                .setTransports(new String[] {WebSocket.NAME})
                .setForceNew(true)
                .setReconnection(false)
                .setTimeout(10_000)
                .build();
        TodoClient client = new TodoClient(IO.socket(server, options));
        CountDownLatch connected = new CountDownLatch(1);
        client.socket.once(Socket.EVENT_CONNECT, args -> connected.countDown());
        client.socket.connect();
        assertThat(connected.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("connected to " + server).isTrue();
        return client;
    }

    /** Starts recording these push events (names as sent, e.g. {@code todo/abc:update}). */
    TodoClient record(String... events) {
        for (String event : events) {
            socket.on(event, args -> pushes.add(new Push(event, (JSONObject) args[0])));
        }
        return this;
    }

    Push nextPush() throws InterruptedException {
        Push push = pushes.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(push).as("a push arrived within " + TIMEOUT_SECONDS + " s").isNotNull();
        return push;
    }

    List<Push> pushesSoFar() {
        return new ArrayList<>(pushes);
    }

    /** Emits with an ack callback and waits for the ack's arguments. */
    Object[] call(String event, Object payload) throws Exception {
        CompletableFuture<Object[]> reply = new CompletableFuture<>();
        socket.emit(event, new Object[] {payload}, (Ack) reply::complete);
        return reply.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Emits and asserts success: the data of {@code ack(null, data)}. */
    Object ok(String event, Object payload) throws Exception {
        Object[] reply = call(event, payload);
        assertThat(reply).as("ack of " + event).isNotEmpty();
        assertThat(reply[0] == null || reply[0] == JSONObject.NULL)
                .as("no error from " + event + ", got " + reply[0]).isTrue();
        return reply.length > 1 ? reply[1] : null;
    }

    /** Emits and asserts failure: the error {@code {message, code}} of {@code ack(err)}. */
    JSONObject error(String event, Object payload) throws Exception {
        Object[] reply = call(event, payload);
        assertThat(reply).as("ack of " + event).hasSize(1);
        assertThat(reply[0]).as("error of " + event).isInstanceOf(JSONObject.class);
        return (JSONObject) reply[0];
    }

    JSONObject create(String title) throws Exception {
        return (JSONObject) ok("todo:create", json("title", title));
    }

    JSONObject patch(String id, JSONObject changes) throws Exception {
        return (JSONObject) ok("todo:patch", changes.put("id", id));
    }

    JSONObject delete(String id) throws Exception {
        return (JSONObject) ok("todo:delete", json("id", id));
    }

    /** {@code todos:read}: every todo, as the page's collection fetch gets them. */
    List<JSONObject> all() throws Exception {
        JSONArray list = (JSONArray) ok("todos:read", new JSONObject());
        List<JSONObject> todos = new ArrayList<>();
        for (int i = 0; i < list.length(); i++) {
            todos.add(list.getJSONObject(i));
        }
        return todos;
    }

    List<String> titles() throws Exception {
        return all().stream().map(todo -> todo.optString("title")).toList();
    }

    /** Emits without waiting; {@code ack} gets the reply. */
    void emit(String event, Object payload, Ack ack) {
        socket.emit(event, new Object[] {payload}, ack);
    }

    /** A JSON object of key/value pairs: {@code json("title", "Buy milk", "completed", true)}. */
    static JSONObject json(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new JSONObject(map);
    }

    /** Whether two JSON values are equal, key order aside (this org.json has no {@code similar}). */
    static boolean sameJson(Object a, Object b) {
        try {
            return JSON.readTree(String.valueOf(a)).equals(JSON.readTree(String.valueOf(b)));
        } catch (JsonProcessingException unreadable) {
            throw new AssertionError("not JSON: " + a + " / " + b, unreadable);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
