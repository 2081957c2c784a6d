package io.iobind.server.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.stream.Collectors;

/** One ioSync call: {@code <namespace>:<method>} with its JSON payload. */
public final class ResourceRequest<T> {

    private final Resource<T> resource;
    private final String namespace;
    private final String method;
    private final JsonNode payload;
    private final ClientSession session;
    private final ObjectMapper mapper;
    private T body;

    ResourceRequest(Resource<T> resource, String namespace, String method, JsonNode payload,
                    ClientSession session, ObjectMapper mapper) {
        this.resource = resource;
        this.namespace = namespace;
        this.method = method;
        this.payload = payload;
        this.session = session;
        this.mapper = mapper;
    }

    public Resource<T> resource() {
        return resource;
    }

    /** The namespace the client emitted on, e.g. {@code todos} for a collection fetch. */
    public String namespace() {
        return namespace;
    }

    public String method() {
        return method;
    }

    /** The full event name, e.g. {@code todos:read}. */
    public String event() {
        return namespace + ":" + method;
    }

    /** True when the client emitted on the collection namespace (e.g. a collection fetch). */
    public boolean isCollectionRequest() {
        return namespace.equals(resource.collectionNamespace()) && !namespace.equals(resource.name());
    }

    /** The payload as a JSON tree; a missing payload is a JSON null node. */
    public JsonNode tree() {
        return payload;
    }

    /**
     * The payload mapped to the resource's type. A payload that does not fit (not an object, a field of the
     * wrong type) fails the call with a 400 error naming the field.
     */
    public T body() {
        if (body == null) {
            body = bodyAs(resource.type());
        }
        return body;
    }

    public <V> V bodyAs(Class<V> type) {
        if (type.isInstance(payload)) {
            return type.cast(payload);
        }
        if (!payload.isObject() && !payload.isArray()) {
            throw ResourceException.badRequest(event() + " expects a JSON object, got "
                    + (payload.isNull() ? "nothing" : payload.getNodeType().name().toLowerCase()));
        }
        try {
            return mapper.treeToValue(payload, type);
        } catch (JsonMappingException mismatch) {
            throw ResourceException.badRequest(event() + ": " + describe(mismatch));
        } catch (JsonProcessingException unreadable) {
            throw ResourceException.badRequest(event() + ": " + unreadable.getOriginalMessage());
        }
    }

    /** The model id from the payload ({@code id} as text), or null when there is none. */
    public String id() {
        return Resource.idOf(payload);
    }

    /** The id, or a 400 error when the payload has none. */
    public String requireId() {
        String id = id();
        if (id == null) {
            throw ResourceException.badRequest(event() + " needs an 'id'");
        }
        return id;
    }

    public ClientSession session() {
        return session;
    }

    private static String describe(JsonMappingException mismatch) {
        String path = mismatch.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        String reason = mismatch.getOriginalMessage();
        int detail = reason.indexOf('\n');
        if (detail > 0) {
            reason = reason.substring(0, detail);
        }
        return path.isEmpty() ? reason : "field '" + path + "': " + reason;
    }
}
