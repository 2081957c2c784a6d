package io.iobind.server.socketio;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Socket.IO v5 packet as received: its type, namespace, ack id ({@code -1} for none), JSON payload
 * ({@code null} for none) and, for the binary types, how many binary attachments follow it.
 */
record Packet(int type, String namespace, long id, JsonNode data, int attachments) {

    static final int CONNECT = 0;
    static final int DISCONNECT = 1;
    static final int EVENT = 2;
    static final int ACK = 3;
    static final int CONNECT_ERROR = 4;
    static final int BINARY_EVENT = 5;
    static final int BINARY_ACK = 6;

    Packet withData(JsonNode newData) {
        return new Packet(type, namespace, id, newData, 0);
    }
}
