package io.iobind.server.socketio;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iobind.server.transport.EngineMessage;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Socket.IO v5 packet encoding ({@code <type>[<attachments>-][<namespace>,][<id>][<json>]}), with binary
 * attachments as {@code {"_placeholder":true,"num":n}} in the JSON and the bytes in the Engine.IO messages that
 * follow. Decoding is strict: anything the specification does not allow is a {@link ProtocolException}, after
 * which the connection is closed.
 */
final class PacketCodec {

    /** More attachments than this in one packet is refused (each is a whole Engine.IO message). */
    static final int MAX_ATTACHMENTS = 64;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper mapper;

    PacketCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A packet that a client sent is malformed. */
    static final class ProtocolException extends Exception {
        ProtocolException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * An encoded packet: its Engine.IO message and the binary messages that follow it. The message is made once
     * here, so every session a broadcast goes to (and the recovery log) shares its bytes.
     */
    record Encoded(EngineMessage message, List<byte[]> attachments) {
        Encoded(String text, List<byte[]> attachments) {
            this(EngineMessage.of(text), List.copyOf(attachments));
        }

        /** The Socket.IO packet's text. */
        String text() {
            return message.text();
        }

        /** Bytes it holds: its message and attachments. */
        long bytes() {
            long bytes = message.length();
            for (byte[] attachment : attachments) {
                bytes += attachment.length;
            }
            return bytes;
        }
    }

    Packet decode(String text) throws ProtocolException {
        int length = text.length();
        if (length == 0) {
            throw new ProtocolException("empty packet");
        }
        int type = text.charAt(0) - '0';
        if (type < Packet.CONNECT || type > Packet.BINARY_ACK) {
            throw new ProtocolException("unknown packet type '" + text.charAt(0) + "'");
        }
        int i = 1;
        int attachments = 0;
        if (type == Packet.BINARY_EVENT || type == Packet.BINARY_ACK) {
            int start = i;
            while (i < length && isDigit(text.charAt(i))) {
                i++;
            }
            if (i == start || i >= length || text.charAt(i) != '-' || i - start > 3) {
                throw new ProtocolException("a binary packet needs its attachment count");
            }
            attachments = Integer.parseInt(text, start, i, 10);
            if (attachments > MAX_ATTACHMENTS) {
                throw new ProtocolException("more than " + MAX_ATTACHMENTS + " attachments");
            }
            i++;
        }
        String namespace = "/";
        if (i < length && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            int end = comma < 0 ? length : comma;
            namespace = text.substring(i, end);
            i = comma < 0 ? length : comma + 1;
        }
        long id = -1;
        int idStart = i;
        while (i < length && isDigit(text.charAt(i))) {
            i++;
        }
        if (i > idStart) {
            if (i - idStart > 15) {
                throw new ProtocolException("ack id too long");
            }
            id = Long.parseLong(text, idStart, i, 10);
        }
        JsonNode data = null;
        if (i < length) {
            try {
                data = mapper.readTree(text.substring(i));
            } catch (JsonProcessingException malformed) {
                throw new ProtocolException("payload is not JSON");
            }
        }
        Packet packet = new Packet(type, namespace, id, data, attachments);
        check(packet);
        return packet;
    }

    private static void check(Packet packet) throws ProtocolException {
        JsonNode data = packet.data();
        switch (packet.type()) {
            case Packet.CONNECT -> {
                if (data != null && !data.isObject()) {
                    throw new ProtocolException("CONNECT payload must be an object");
                }
            }
            case Packet.DISCONNECT -> {
                if (data != null) {
                    throw new ProtocolException("DISCONNECT has no payload");
                }
            }
            case Packet.EVENT, Packet.BINARY_EVENT -> {
                if (data == null || !data.isArray() || data.isEmpty()
                        || !(data.get(0).isTextual() || data.get(0).isNumber())) {
                    throw new ProtocolException("EVENT payload must be an array starting with the event name");
                }
            }
            case Packet.ACK, Packet.BINARY_ACK -> {
                if (packet.id() < 0 || data == null || !data.isArray()) {
                    throw new ProtocolException("ACK needs an id and an array payload");
                }
            }
            default -> throw new ProtocolException("a client does not send packets of type " + packet.type());
        }
    }

    /** Puts the attachments in place of their placeholders. */
    static JsonNode attach(JsonNode data, List<byte[]> attachments) throws ProtocolException {
        if (data.isObject()) {
            JsonNode marker = data.get("_placeholder");
            if (marker != null && marker.asBoolean() && data.size() == 2 && data.has("num")) {
                JsonNode num = data.get("num");
                if (!num.canConvertToInt() || num.intValue() < 0 || num.intValue() >= attachments.size()) {
                    throw new ProtocolException("placeholder refers to a missing attachment");
                }
                return NODES.binaryNode(attachments.get(num.intValue()));
            }
            ObjectNode copy = NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = data.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), attach(field.getValue(), attachments));
            }
            return copy;
        }
        if (data.isArray()) {
            ArrayNode copy = NODES.arrayNode(data.size());
            for (JsonNode element : data) {
                copy.add(attach(element, attachments));
            }
            return copy;
        }
        return data;
    }

    /**
     * Encodes a packet whose payload is an array of {@code args}, with {@code first} (an event name) before them
     * when not null. Arguments may be {@link JsonNode}s, {@link JsonText}, {@code byte[]} (sent as attachments,
     * also inside JSON trees as binary nodes), or anything the mapper writes.
     */
    Encoded encode(int type, String namespace, long id, String first, Object[] args) {
        List<byte[]> attachments = new ArrayList<>(0);
        StringWriter json = new StringWriter(64);
        try (JsonGenerator generator = mapper.getFactory().createGenerator(json)) {
            generator.writeStartArray();
            if (first != null) {
                generator.writeString(first);
            }
            for (Object arg : args) {
                writeValue(generator, arg, attachments);
            }
            generator.writeEndArray();
        } catch (IOException unwritable) {
            throw new UncheckedIOException("cannot encode the arguments of a Socket.IO packet", unwritable);
        }
        if (!attachments.isEmpty()) {
            type = type == Packet.ACK ? Packet.BINARY_ACK : Packet.BINARY_EVENT;
        }
        return new Encoded(header(type, attachments.size(), namespace, id) + json, attachments);
    }

    /** A packet with an optional object payload (CONNECT, DISCONNECT, CONNECT_ERROR). */
    Encoded encodeControl(int type, String namespace, JsonNode data) {
        String header = header(type, 0, namespace, -1);
        return new Encoded(data == null ? header : header + data, List.of());
    }

    private static String header(int type, int attachments, String namespace, long id) {
        StringBuilder header = new StringBuilder(16).append(type);
        if (attachments > 0) {
            header.append(attachments).append('-');
        }
        if (!"/".equals(namespace)) {
            header.append(namespace).append(',');
        }
        if (id >= 0) {
            header.append(id);
        }
        return header.toString();
    }

    private void writeValue(JsonGenerator generator, Object value, List<byte[]> attachments) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof JsonText text) {
            generator.writeRawValue(text.json());
        } else if (value instanceof byte[] bytes) {
            writePlaceholder(generator, bytes, attachments);
        } else if (value instanceof JsonNode node) {
            writeTree(generator, node, attachments);
        } else {
            mapper.writeValue(generator, value);
        }
    }

    private static void writePlaceholder(JsonGenerator generator, byte[] bytes, List<byte[]> attachments)
            throws IOException {
        generator.writeStartObject();
        generator.writeBooleanField("_placeholder", true);
        generator.writeNumberField("num", attachments.size());
        generator.writeEndObject();
        attachments.add(bytes);
    }

    private void writeTree(JsonGenerator generator, JsonNode node, List<byte[]> attachments) throws IOException {
        if (node.isBinary()) {
            writePlaceholder(generator, node.binaryValue(), attachments);
        } else if (node.isObject() && containsBinary(node)) {
            generator.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                generator.writeFieldName(field.getKey());
                writeTree(generator, field.getValue(), attachments);
            }
            generator.writeEndObject();
        } else if (node.isArray() && containsBinary(node)) {
            generator.writeStartArray();
            for (JsonNode element : node) {
                writeTree(generator, element, attachments);
            }
            generator.writeEndArray();
        } else {
            mapper.writeTree(generator, node);
        }
    }

    private static boolean containsBinary(JsonNode node) {
        if (node.isBinary()) {
            return true;
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (containsBinary(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
