package io.iobind.server.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iobind.server.socketio.JsonText;

import java.util.Objects;

/**
 * JSON text written once by Jackson and handed to the Socket.IO layer as an event or ack argument, which writes it
 * verbatim: a reply or push is serialized once, however many clients receive it.
 */
public final class SerializedJson implements JsonText {

    private final String json;

    private SerializedJson(String json) {
        this.json = json;
    }

    /** {@code value} (a Jackson tree, a POJO, or null for JSON null) written with {@code mapper}. */
    public static SerializedJson of(ObjectMapper mapper, Object value) throws JsonProcessingException {
        return new SerializedJson(mapper.writeValueAsString(value));
    }

    @Override
    public String json() {
        return json;
    }

    @Override
    public String toString() {
        return json;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SerializedJson that && json.equals(that.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(json);
    }
}
