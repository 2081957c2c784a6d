package io.iobind.server.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.json.JSONArray;
import org.json.JSONObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/**
 * Converts between the org.json values that socket.io-server speaks and Jackson trees, so that users of the
 * resource API never see org.json. A Java null becomes {@link JSONObject#NULL}: socket.io-server silently drops
 * plain nulls from emit and ack arguments.
 */
public final class JsonBridge {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonBridge() {
    }

    /** An org.json value (object, array, string, number, boolean, NULL, or null) as a Jackson tree. */
    public static JsonNode toTree(Object value) {
        if (value == null || value == JSONObject.NULL) {
            return NODES.nullNode();
        }
        if (value instanceof JSONObject object) {
            ObjectNode node = NODES.objectNode();
            Iterator<String> keys = object.keys();
            while (keys.hasNext()) {
                String key = keys.next();
                node.set(key, toTree(object.opt(key)));
            }
            return node;
        }
        if (value instanceof JSONArray array) {
            ArrayNode node = NODES.arrayNode(array.length());
            for (int i = 0; i < array.length(); i++) {
                node.add(toTree(array.opt(i)));
            }
            return node;
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        }
        if (value instanceof Integer number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Long number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Double number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Float number) {
            return NODES.numberNode(number);
        }
        if (value instanceof BigInteger number) {
            return NODES.numberNode(number);
        }
        if (value instanceof BigDecimal number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Number number) {
            return NODES.numberNode(number.doubleValue());
        }
        if (value instanceof byte[] bytes) {
            return NODES.binaryNode(bytes);
        }
        return NODES.textNode(value.toString());
    }

    /** A Jackson tree as the org.json value socket.io-server can send; JSON null becomes {@link JSONObject#NULL}. */
    public static Object toOrgJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return JSONObject.NULL;
        }
        if (node.isObject()) {
            JSONObject object = new JSONObject();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                object.put(field.getKey(), toOrgJson(field.getValue()));
            }
            return object;
        }
        if (node.isArray()) {
            JSONArray array = new JSONArray();
            for (JsonNode element : node) {
                array.put(toOrgJson(element));
            }
            return array;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isInt() || node.isShort()) {
            return node.intValue();
        }
        if (node.isLong()) {
            return node.longValue();
        }
        if (node.isBigInteger()) {
            return node.bigIntegerValue();
        }
        if (node.isBigDecimal()) {
            return node.decimalValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBinary()) {
            return node.asText();
        }
        return node.asText();
    }
}
