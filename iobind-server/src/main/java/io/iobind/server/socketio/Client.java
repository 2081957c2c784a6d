package io.iobind.server.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iobind.server.transport.EngineSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One Engine.IO session speaking Socket.IO: decodes what it receives (putting binary attachments back into their
 * packet), routes packets to its sockets by namespace, and writes encoded packets whole, so the attachments of one
 * packet are never interleaved with another packet.
 */
final class Client implements EngineSocket.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Client.class);

    private final SocketIoServer server;
    private final EngineSocket engine;
    private final PacketCodec codec;
    private final Map<String, NamespaceSocket> sockets = new ConcurrentHashMap<>();
    private volatile ScheduledFuture<?> connectTimer;
    /** A binary packet waiting for its attachments; only the (serial) receiving thread touches these. */
    private Packet partial;
    private List<byte[]> partialAttachments;

    Client(SocketIoServer server, EngineSocket engine, PacketCodec codec) {
        this.server = server;
        this.engine = engine;
        this.codec = codec;
    }

    EngineSocket engine() {
        return engine;
    }

    void startConnectTimer(ScheduledExecutorService timer, long millis) {
        try {
            connectTimer = timer.schedule(() -> {
                if (sockets.isEmpty() && engine.isOpen()) {
                    LOG.debug("session {} ({}) connected to no namespace within {} ms, closed",
                            engine.id(), engine.remoteAddress(), millis);
                    engine.close();
                }
            }, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            engine.close();
        }
    }

    @Override
    public void onMessage(String text) {
        if (partial != null) {
            protocolError("a text message arrived while a binary packet waited for its attachments");
            return;
        }
        Packet packet;
        try {
            packet = codec.decode(text);
        } catch (PacketCodec.ProtocolException malformed) {
            protocolError(malformed.getMessage());
            return;
        }
        if (packet.attachments() > 0) {
            partial = packet;
            partialAttachments = new ArrayList<>(packet.attachments());
            return;
        }
        if (packet.type() == Packet.BINARY_EVENT || packet.type() == Packet.BINARY_ACK) {
            // "50-[...]": a binary type with nothing attached; its placeholders (if any) refer to nothing.
            complete(packet, List.of());
            return;
        }
        dispatch(packet);
    }

    @Override
    public void onMessage(byte[] data) {
        if (partial == null) {
            protocolError("a binary message arrived without a packet announcing it");
            return;
        }
        partialAttachments.add(data);
        if (partialAttachments.size() == partial.attachments()) {
            Packet packet = partial;
            List<byte[]> attachments = partialAttachments;
            partial = null;
            partialAttachments = null;
            complete(packet, attachments);
        }
    }

    private void complete(Packet packet, List<byte[]> attachments) {
        try {
            dispatch(packet.withData(PacketCodec.attach(packet.data(), attachments)));
        } catch (PacketCodec.ProtocolException malformed) {
            protocolError(malformed.getMessage());
        }
    }

    private void dispatch(Packet packet) {
        switch (packet.type()) {
            case Packet.CONNECT -> connect(packet);
            case Packet.DISCONNECT -> {
                NamespaceSocket socket = sockets.remove(packet.namespace());
                if (socket != null) {
                    socket.closed("client namespace disconnect");
                }
            }
            case Packet.EVENT, Packet.BINARY_EVENT -> {
                NamespaceSocket socket = sockets.get(packet.namespace());
                if (socket != null) {
                    socket.received(packet);
                } else {
                    LOG.debug("session {}: event for namespace {} it is not connected to, ignored",
                            engine.id(), packet.namespace());
                }
            }
            case Packet.ACK, Packet.BINARY_ACK -> {
                NamespaceSocket socket = sockets.get(packet.namespace());
                if (socket != null) {
                    socket.acknowledged(packet);
                }
            }
            default -> protocolError("unexpected packet type " + packet.type());
        }
    }

    private void connect(Packet packet) {
        Namespace namespace = server.existing(packet.namespace());
        if (namespace == null) {
            send(codec.encodeControl(Packet.CONNECT_ERROR, packet.namespace(),
                    JsonNodeFactory.instance.objectNode().put("message", "Invalid namespace")));
            return;
        }
        if (sockets.containsKey(packet.namespace())) {
            LOG.debug("session {} connected twice to {}, ignored", engine.id(), packet.namespace());
            return;
        }
        ScheduledFuture<?> timer = connectTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        JsonNode auth = packet.data() != null ? packet.data() : JsonNodeFactory.instance.objectNode();
        SessionRecovery.Restored restored = null;
        SessionRecovery recovery = namespace.recovery();
        JsonNode pid = auth.get("pid");
        JsonNode offset = auth.get("offset");
        if (recovery != null && pid != null && pid.isTextual() && offset != null && offset.isTextual()) {
            restored = recovery.restore(pid.textValue(), offset.textValue());
        }
        NamespaceSocket socket = new NamespaceSocket(this, namespace, codec, auth,
                restored == null ? null : restored.session());
        sockets.put(packet.namespace(), socket);
        namespace.connect(socket, restored);
    }

    /** Called by a socket that the server disconnected. */
    void removed(NamespaceSocket socket) {
        sockets.remove(socket.namespace().name(), socket);
    }

    /**
     * Writes a packet and its attachments as one unit: a packet sent from another thread in between would land
     * inside them, where the client expects only attachments.
     */
    synchronized boolean send(PacketCodec.Encoded encoded) {
        boolean sent = engine.send(encoded.message());
        for (byte[] attachment : encoded.attachments()) {
            sent &= engine.send(attachment);
        }
        return sent;
    }

    private void protocolError(String reason) {
        LOG.warn("session {} ({}) sent a malformed Socket.IO packet ({}), closing it", engine.id(),
                engine.remoteAddress(), reason);
        partial = null;
        partialAttachments = null;
        engine.close();
    }

    @Override
    public void onClose(String reason) {
        ScheduledFuture<?> timer = connectTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        server.forget(this);
        for (NamespaceSocket socket : List.copyOf(sockets.values())) {
            sockets.remove(socket.namespace().name(), socket);
            socket.closed(reason);
        }
    }
}
