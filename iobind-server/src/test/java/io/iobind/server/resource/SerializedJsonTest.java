package io.iobind.server.resource;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SerializedJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void orgJsonWritesTheJacksonTextVerbatimInsideAPacket() throws Exception {
        SerializedJson reply = SerializedJson.of(mapper, mapper.readTree("{\"id\":\"7\",\"title\":\"a \\\"quoted\\\" é\",\"n\":null}"));
        JSONArray ackArguments = new JSONArray().put(JSONObject.NULL).put(reply);

        String wire = ackArguments.toString();

        assertThat(wire).isEqualTo("[null,{\"id\":\"7\",\"title\":\"a \\\"quoted\\\" é\",\"n\":null}]");
        assertThat(new JSONArray(wire).getJSONObject(1).getString("title")).isEqualTo("a \"quoted\" é");
    }

    @Test
    void nullAndPojosAreWrittenByTheMapper() throws Exception {
        assertThat(new JSONArray().put(SerializedJson.of(mapper, null)).toString()).isEqualTo("[null]");
        assertThat(SerializedJson.of(mapper, Map.of("done", true)).toJSONString()).isEqualTo("{\"done\":true}");
    }

    @Test
    void itIsACharSequenceOfItsJsonText() throws Exception {
        // socket.io-server accepts char sequences as emit arguments, not arbitrary objects.
        CharSequence text = SerializedJson.of(mapper, Map.of("a", 1));
        assertThat(text.length()).isEqualTo(7);
        assertThat(text.charAt(0)).isEqualTo('{');
        assertThat(text.toString()).isEqualTo("{\"a\":1}");
    }
}
