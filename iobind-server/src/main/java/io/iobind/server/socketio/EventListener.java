package io.iobind.server.socketio;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Receives the events a client emits on one namespace. Runs on the network thread that read the packet, in the
 * order the client sent them: it must not block (hand slow work to another thread, as the resource API does).
 */
@FunctionalInterface
public interface EventListener {

    /**
     * @param args the event's arguments as JSON trees (binary attachments as binary nodes)
     * @param ack  the acknowledgement the client waits for, or {@code null} when it sent none
     */
    void onEvent(NamespaceSocket socket, String event, List<JsonNode> args, Ack ack);
}
