package io.iobind.server.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.json.JSONString;

import java.util.Objects;

/**
 * JSON text written once by Jackson and handed to socket.io-server as an event or ack argument, so a reply is
 * not copied into org.json objects and written a second time by org.json.
 *
 * <p>org.json writes a {@link JSONString} as its own text, verbatim, wherever it appears in a packet. It is also
 * a {@link CharSequence} (of that JSON text) only because socket.io-server refuses argument types other than
 * org.json's own, char sequences, numbers, booleans and byte arrays.
 */
public final class SerializedJson implements JSONString, CharSequence {

    private final String json;

    private SerializedJson(String json) {
        this.json = json;
    }

    /** {@code value} (a Jackson tree, a POJO, or null for JSON null) written with {@code mapper}. */
    public static SerializedJson of(ObjectMapper mapper, Object value) throws JsonProcessingException {
        return new SerializedJson(mapper.writeValueAsString(value));
    }

    @Override
    public String toJSONString() {
        return json;
    }

    @Override
    public int length() {
        return json.length();
    }

    @Override
    public char charAt(int index) {
        return json.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return json.subSequence(start, end);
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
