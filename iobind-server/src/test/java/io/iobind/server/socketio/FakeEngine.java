package io.iobind.server.socketio;

import io.iobind.server.transport.EngineSocket;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An Engine.IO session in memory: records what the Socket.IO layer sends, and lets a test play the client. */
final class FakeEngine implements EngineSocket {

    final List<Object> sent = new CopyOnWriteArrayList<>();
    private final Map<String, String> query;
    /** Where every engine sharing it notes itself on each send, in order; null when not shared. */
    private final List<FakeEngine> wire;
    private volatile Listener listener;
    volatile boolean closed;
    volatile String closeReason;

    FakeEngine() {
        this(Map.of());
    }

    FakeEngine(Map<String, String> query) {
        this(query, null);
    }

    /** An engine that notes itself on {@code wire} for every message it sends, as other engines sharing it do. */
    FakeEngine(List<FakeEngine> wire) {
        this(Map.of(), wire);
    }

    private FakeEngine(Map<String, String> query, List<FakeEngine> wire) {
        this.query = query;
        this.wire = wire;
    }

    /** The client sends a text message. */
    void receive(String text) {
        listener.onMessage(text);
    }

    void receive(byte[] bytes) {
        listener.onMessage(bytes);
    }

    /** The connection breaks. */
    void lose(String reason) {
        closed = true;
        listener.onClose(reason);
    }

    /** What was sent so far, binary messages as {@code <bytes:1,2,3>}. */
    List<String> texts() {
        return sent.stream().map(message -> message instanceof byte[] bytes
                ? "<bytes:" + java.util.Arrays.toString(bytes).replaceAll("[\\[\\] ]", "") + ">"
                : (String) message).toList();
    }

    String last() {
        List<String> texts = texts();
        return texts.isEmpty() ? null : texts.get(texts.size() - 1);
    }

    void clear() {
        sent.clear();
    }

    @Override
    public String id() {
        return "engine-" + System.identityHashCode(this);
    }

    @Override
    public String transport() {
        return "websocket";
    }

    @Override
    public Map<String, String> query() {
        return query;
    }

    @Override
    public Map<String, List<String>> headers() {
        return Map.of("Host", List.of("127.0.0.1"));
    }

    @Override
    public String remoteAddress() {
        return "127.0.0.1:1";
    }

    @Override
    public boolean send(String text) {
        return record(text);
    }

    @Override
    public boolean send(io.iobind.server.transport.EngineMessage message) {
        // Recorded as the Socket.IO packet it carries, like send(String).
        return send(message.toString().substring(1));
    }

    @Override
    public boolean send(byte[] data) {
        return record(data);
    }

    /** Keeps a message sent while open (and notes this engine on the shared wire); false once closed. */
    private boolean record(Object message) {
        if (closed) {
            return false;
        }
        sent.add(message);
        if (wire != null) {
            wire.add(this);
        }
        return true;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeReason = "forced close";
            listener.onClose("forced close");
        }
    }

    @Override
    public void drop() {
        close();
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void listener(Listener listener) {
        this.listener = listener;
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
