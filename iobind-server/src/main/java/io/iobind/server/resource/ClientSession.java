package io.iobind.server.resource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.socket.socketio.server.SocketIoSocket;

import java.util.List;
import java.util.Map;

/** One connected Socket.IO client, as handlers see it. */
public final class ClientSession {

    private final SocketIoSocket socket;
    private final ObjectMapper mapper;

    ClientSession(SocketIoSocket socket, ObjectMapper mapper) {
        this.socket = socket;
        this.mapper = mapper;
    }

    public String id() {
        return socket.getId();
    }

    /** A query parameter of the client's connection request (e.g. a token set with {@code io(url, {query})}). */
    public String queryParameter(String name) {
        Map<String, String> query = socket.getInitialQuery();
        return query == null ? null : query.get(name);
    }

    /** A header of the client's connection request, case-insensitively, or null. */
    public String header(String name) {
        Map<String, List<String>> headers = socket.getInitialHeaders();
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0);
            }
        }
        return null;
    }

    public void joinRoom(String room) {
        socket.joinRoom(room);
    }

    public void leaveRoom(String room) {
        socket.leaveRoom(room);
    }

    /** Sends an event to this client only; the payload is serialized with the server's Jackson mapper. */
    public void emit(String event, Object payload) {
        socket.send(event, ResourceRouter.serialize(mapper, payload));
    }

    /** The underlying socket.io-server socket, for what this API does not cover. */
    public SocketIoSocket socket() {
        return socket;
    }
}
