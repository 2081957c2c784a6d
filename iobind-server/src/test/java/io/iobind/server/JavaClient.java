package io.iobind.server;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import org.json.JSONObject;

import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The official Java Socket.IO client, with blocking helpers for tests (every wait has a timeout). */
public final class JavaClient implements AutoCloseable {

    public static final long TIMEOUT_SECONDS = 10;

    public final Socket socket;
    private final BlockingQueue<Object[]> received = new LinkedBlockingQueue<>();

    private JavaClient(Socket socket) {
        this.socket = socket;
    }

    public static JavaClient websocket(URI uri) {
        return create(uri, new String[] {WebSocket.NAME}, false);
    }

    public static JavaClient pollingThenUpgrade(URI uri) {
        return create(uri, new String[] {Polling.NAME, WebSocket.NAME}, false);
    }

    public static JavaClient pollingOnly(URI uri) {
        return create(uri, new String[] {Polling.NAME}, false);
    }

    public static JavaClient create(URI uri, String[] transports, boolean reconnect) {
        IO.Options options = IO.Options.builder()
                .setTransports(transports)
                .setForceNew(true)
                .setReconnection(reconnect)
                .setReconnectionDelay(100)
                .setReconnectionDelayMax(500)
                .setTimeout(5000)
                .build();
        return new JavaClient(IO.socket(uri, options));
    }

    public JavaClient connect() throws InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        socket.once(Socket.EVENT_CONNECT, args -> connected.countDown());
        socket.connect();
        assertThat(connected.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("connected").isTrue();
        return this;
    }

    /** Records every arrival of these events; read them with {@link #nextEvent}. */
    public JavaClient record(String... events) {
        for (String event : events) {
            socket.on(event, args -> received.add(prepend(event, args)));
        }
        return this;
    }

    public Object[] nextEvent() throws InterruptedException {
        Object[] event = received.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(event).as("an event arrived").isNotNull();
        return event;
    }

    public List<Object[]> receivedSoFar() {
        return List.copyOf(received);
    }

    /** Emits with an ack callback and waits for the ack's arguments. */
    public Object[] call(String event, Object... args) throws Exception {
        CompletableFuture<Object[]> reply = new CompletableFuture<>();
        socket.emit(event, args, (Ack) reply::complete);
        return reply.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Emits with an ack and asserts success: returns the data of {@code (null, data)}. */
    public Object ok(String event, Object... args) throws Exception {
        Object[] reply = call(event, args);
        assertThat(reply).as("ack of " + event).hasSizeGreaterThanOrEqualTo(1);
        assertThat(reply[0] == null || reply[0] == JSONObject.NULL).as("no error from " + event + " but got " + reply[0]).isTrue();
        return reply.length > 1 ? reply[1] : null;
    }

    /** Emits with an ack and asserts failure: returns the error object {@code {message, code}}. */
    public JSONObject error(String event, Object... args) throws Exception {
        Object[] reply = call(event, args);
        assertThat(reply).as("ack of " + event).hasSize(1);
        assertThat(reply[0]).as("error of " + event).isInstanceOf(JSONObject.class);
        return (JSONObject) reply[0];
    }

    @Override
    public void close() {
        socket.close();
    }

    private static Object[] prepend(String event, Object[] args) {
        Object[] all = new Object[args.length + 1];
        all[0] = event;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }
}
