package io.iobind.server.transport;

import io.socket.engineio.server.EngineIoSocket;
import io.socket.engineio.server.ReadyState;
import io.socket.socketio.server.SocketIoAdapter;
import io.socket.socketio.server.SocketIoNamespace;
import io.socket.socketio.server.SocketIoSocket;
import io.socket.socketio.server.parser.IOParser;
import io.socket.socketio.server.parser.Packet;
import io.socket.socketio.server.utils.HasBinary;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory Socket.IO adapter, but a broadcast encodes its packet once instead of once per recipient
 * (socket.io-server's own adapter re-serializes the JSON, and formats a debug string, for every socket) and
 * takes no lock while it sends, so broadcasts from several handler threads run side by side.
 *
 * <p>Writes to each recipient go through engine.io's per-socket lock and then to a non-blocking WebSocket
 * send, so a slow recipient cannot hold up the others.
 */
public final class EncodeOnceAdapter extends SocketIoAdapter {

    /** Creates one adapter per namespace. */
    public static final class Factory implements SocketIoAdapter.AdapterFactory {
        @Override
        public SocketIoAdapter createAdapter(SocketIoNamespace namespace) {
            return new EncodeOnceAdapter(namespace);
        }
    }

    private final Map<String, SocketIoSocket> socketsById = new ConcurrentHashMap<>();
    private final IOParser.Encoder binaryEncoder = new IOParser.Encoder();

    private EncodeOnceAdapter(SocketIoNamespace namespace) {
        super(namespace);
    }

    @Override
    public void broadcast(Packet<?> packet, String[] rooms, String[] socketsExcluded) {
        if (packet == null) {
            throw new IllegalArgumentException("packet must not be null.");
        }
        packet.nsp = mNamespace.getName();
        Object[] encoded = encode(packet);
        Set<String> excluded = socketsExcluded == null || socketsExcluded.length == 0 ? Set.of() : Set.of(socketsExcluded);
        if (rooms == null) {
            for (SocketIoSocket socket : socketsById.values()) {
                if (!excluded.contains(socket.getId())) {
                    deliver(socket, encoded);
                }
            }
            return;
        }
        Set<String> delivered = new HashSet<>();
        for (String room : rooms) {
            Set<SocketIoSocket> members = mRoomSockets.get(room);
            if (members == null) {
                continue;
            }
            for (SocketIoSocket socket : members) {
                if (!excluded.contains(socket.getId()) && delivered.add(socket.getId())) {
                    deliver(socket, encoded);
                }
            }
        }
    }

    private static void deliver(SocketIoSocket socket, Object[] encoded) {
        if (!socket.isConnected()) {
            return;
        }
        EngineIoSocket connection = socket.getClient().getConnection();
        if (connection.getReadyState() != ReadyState.OPEN) {
            return;
        }
        for (Object item : encoded) {
            io.socket.engineio.server.parser.Packet<Object> message =
                    new io.socket.engineio.server.parser.Packet<>(io.socket.engineio.server.parser.Packet.MESSAGE);
            message.data = item;
            connection.send(message);
        }
    }

    /** Socket.IO v5 text encoding ({@code <type>[<nsp>,][<id>]<json>}); binary packets use the library's encoder. */
    private Object[] encode(Packet<?> packet) {
        if (HasBinary.hasBinary(packet.data)) {
            List<Object> parts = new ArrayList<>();
            synchronized (binaryEncoder) {
                binaryEncoder.encode(packet, items -> parts.addAll(List.of(items)));
            }
            return parts.toArray();
        }
        StringBuilder text = new StringBuilder().append(packet.type);
        if (packet.nsp != null && !"/".equals(packet.nsp)) {
            text.append(packet.nsp).append(',');
        }
        if (packet.id >= 0) {
            text.append(packet.id);
        }
        if (packet.data != null) {
            text.append(packet.data);
        }
        return new Object[] {text.toString()};
    }

    @Override
    public void add(String room, SocketIoSocket socket) {
        if (room == null || socket == null) {
            throw new IllegalArgumentException("room and socket must not be null.");
        }
        socketsById.put(socket.getId(), socket);
        mRoomSockets.computeIfAbsent(room, key -> ConcurrentHashMap.newKeySet()).add(socket);
        synchronized (mSocketRooms) {
            mSocketRooms.computeIfAbsent(socket.getId(), key -> new HashSet<>()).add(room);
        }
    }

    @Override
    public void remove(String room, SocketIoSocket socket) {
        if (room == null || socket == null) {
            throw new IllegalArgumentException("room and socket must not be null.");
        }
        mRoomSockets.computeIfPresent(room, (key, members) -> {
            members.remove(socket);
            return members.isEmpty() ? null : members;
        });
        synchronized (mSocketRooms) {
            Set<String> rooms = mSocketRooms.get(socket.getId());
            if (rooms != null) {
                rooms.remove(room);
                if (rooms.isEmpty()) {
                    mSocketRooms.remove(socket.getId());
                    socketsById.remove(socket.getId());
                }
            }
        }
    }

    @Override
    public SocketIoSocket[] listClients(String room) {
        if (room == null) {
            throw new IllegalArgumentException("room must not be null.");
        }
        Set<SocketIoSocket> members = mRoomSockets.get(room);
        return members == null ? new SocketIoSocket[0] : members.toArray(new SocketIoSocket[0]);
    }

    @Override
    public String[] listClientRooms(SocketIoSocket socket) {
        if (socket == null) {
            throw new IllegalArgumentException("socket must not be null.");
        }
        synchronized (mSocketRooms) {
            Set<String> rooms = mSocketRooms.get(socket.getId());
            return rooms == null ? new String[0] : rooms.toArray(new String[0]);
        }
    }

}
