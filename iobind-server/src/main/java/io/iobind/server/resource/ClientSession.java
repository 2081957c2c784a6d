package io.iobind.server.resource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iobind.server.socketio.NamespaceSocket;

import java.util.List;
import java.util.Map;

/** One connected Socket.IO client, as handlers see it. */
public final class ClientSession {

    private final NamespaceSocket socket;
    private final ObjectMapper mapper;

    ClientSession(NamespaceSocket socket, ObjectMapper mapper) {
        this.socket = socket;
        this.mapper = mapper;
    }

    public String id() {
        return socket.id();
    }

    /** A query parameter of the client's connection request (e.g. a token set with {@code io(url, {query})}). */
    public String queryParameter(String name) {
        return socket.engine().query().get(name);
    }

    /** A header of the client's connection request, case-insensitively, or null. */
    public String header(String name) {
        Map<String, List<String>> headers = socket.engine().headers();
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0);
            }
        }
        return null;
    }

    public void joinRoom(String room) {
        socket.join(room);
    }

    public void leaveRoom(String room) {
        socket.leave(room);
    }

    /** Sends an event to this client only; the payload is serialized with the server's Jackson mapper. */
    public void emit(String event, Object payload) {
        socket.emit(event, ResourceRouter.serialize(mapper, payload));
    }

    /** The client's Socket.IO socket, for what this API does not cover. */
    public NamespaceSocket socket() {
        return socket;
    }
}
