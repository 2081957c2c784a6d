package io.iobind.server.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonBridgeTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void orgJsonValuesBecomeEqualJacksonTrees() throws Exception {
        JSONObject value = new JSONObject("{\"s\":\"t\",\"i\":1,\"l\":12345678901,\"d\":1.5,\"b\":true,\"n\":null,"
                + "\"a\":[1,\"x\",{\"k\":[]}],\"o\":{}}");
        JsonNode tree = JsonBridge.toTree(value);
        assertThat(mapper.readTree(tree.toString())).isEqualTo(mapper.readTree(value.toString()));
        assertThat(tree.get("d").doubleValue()).isEqualTo(1.5);
        assertThat(tree.get("l").longValue()).isEqualTo(12345678901L);
        assertThat(JsonBridge.toTree(null).isNull()).isTrue();
        assertThat(JsonBridge.toTree(JSONObject.NULL).isNull()).isTrue();
        assertThat(JsonBridge.toTree("plain").textValue()).isEqualTo("plain");
        assertThat(JsonBridge.toTree(new JSONArray("[true]")).get(0).booleanValue()).isTrue();
    }

    @Test
    void treesBecomeOrgJsonWithNullsKept() throws Exception {
        JsonNode tree = mapper.readTree("{\"a\":null,\"b\":[null,2,2.5,\"x\"],\"c\":{\"d\":false},\"big\":123456789012345678901}");
        Object converted = JsonBridge.toOrgJson(tree);
        assertThat(converted).isInstanceOf(JSONObject.class);
        JSONObject object = (JSONObject) converted;
        assertThat(object.has("a")).isTrue();
        assertThat(object.get("a")).isSameAs(JSONObject.NULL);
        assertThat(object.getJSONArray("b").get(0)).isSameAs(JSONObject.NULL);
        assertThat(mapper.readTree(object.toString())).isEqualTo(tree);
        assertThat(JsonBridge.toOrgJson(null)).isSameAs(JSONObject.NULL);
        assertThat(JsonBridge.toOrgJson(mapper.nullNode())).isSameAs(JSONObject.NULL);
    }
}
