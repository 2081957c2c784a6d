package io.iobind.server.resource;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A named ioSync resource and its handlers.
 *
 * <p>How names map to what the JavaScript client does: {@code Backbone.sync} emits
 * {@code <namespace>:<method>}, where the namespace is the first path segment of the url. With a model
 * {@code urlRoot: 'todo'} and a collection {@code url: 'todos'}, model saves emit {@code todo:create},
 * {@code todo:update}, ... and a collection fetch emits {@code todos:read}. Register that as
 * {@code resource("todo").collection("todos")}: both namespaces are served by the same handlers
 * ({@link ResourceRequest#isCollectionRequest()} tells them apart). Push events follow what {@code ioBind}
 * listens for: a create goes to {@code <collection>:create}; an update or patch to
 * {@code <modelUrlRoot>/<id>:update}; a delete to {@code <modelUrlRoot>/<id>:delete}, where the model url root
 * defaults to the name and must equal what the model's {@code url()} starts with.
 */
public final class Resource<T> {

    public static final Set<String> STANDARD_METHODS = Set.of("create", "read", "update", "patch", "delete");

    private final String name;
    private final Class<T> type;
    private final Runnable onNamespaceChange;
    private volatile String collectionNamespace;
    private volatile String modelUrlRoot;
    private volatile BroadcastPolicy broadcastPolicy = BroadcastPolicy.EVERYONE;
    private volatile Function<ResourceRequest<T>, String> room = request -> null;
    private final Map<String, ResourceHandler<T>> handlers = new ConcurrentHashMap<>();

    Resource(String name, Class<T> type, Runnable onNamespaceChange) {
        this.name = requireSegment(name, "resource name");
        this.type = Objects.requireNonNull(type, "type");
        this.collectionNamespace = this.name;
        this.modelUrlRoot = this.name;
        this.onNamespaceChange = onNamespaceChange;
    }

    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    public String collectionNamespace() {
        return collectionNamespace;
    }

    public String modelUrlRoot() {
        return modelUrlRoot;
    }

    public BroadcastPolicy broadcastPolicy() {
        return broadcastPolicy;
    }

    /** Also serve {@code <collection>:<method>} and push creates to {@code <collection>:create}. */
    public Resource<T> collection(String collection) {
        String previous = this.collectionNamespace;
        this.collectionNamespace = requireSegment(collection, "collection namespace");
        try {
            onNamespaceChange.run();
        } catch (IllegalArgumentException clash) {
            this.collectionNamespace = previous;
            throw clash;
        }
        return this;
    }

    /**
     * The prefix of model push events, {@code <modelUrlRoot>/<id>:update}; it must equal the start of the
     * model's {@code url()} on the client, leading slash included if the client's url has one.
     */
    public Resource<T> modelUrlRoot(String urlRoot) {
        if (urlRoot == null || urlRoot.isBlank() || urlRoot.contains(":")) {
            throw new IllegalArgumentException("model url root must be non-empty and contain no ':', got '" + urlRoot + "'");
        }
        this.modelUrlRoot = urlRoot.endsWith("/") ? urlRoot.substring(0, urlRoot.length() - 1) : urlRoot;
        return this;
    }

    public Resource<T> broadcast(BroadcastPolicy policy) {
        this.broadcastPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** Send push events only to the clients in this room. */
    public Resource<T> room(String roomName) {
        this.room = request -> roomName;
        return this;
    }

    /** Choose the room of each push event from the request (null = everyone). */
    public Resource<T> room(Function<ResourceRequest<T>, String> roomOfRequest) {
        this.room = Objects.requireNonNull(roomOfRequest, "roomOfRequest");
        return this;
    }

    public Resource<T> onCreate(ResourceHandler<T> handler) {
        return on("create", handler);
    }

    public Resource<T> onRead(ResourceHandler<T> handler) {
        return on("read", handler);
    }

    public Resource<T> onUpdate(ResourceHandler<T> handler) {
        return on("update", handler);
    }

    public Resource<T> onPatch(ResourceHandler<T> handler) {
        return on("patch", handler);
    }

    public Resource<T> onDelete(ResourceHandler<T> handler) {
        return on("delete", handler);
    }

    /** A handler for a standard or custom method ({@code Backbone.sync('archive', model)} → {@code archive}). */
    public Resource<T> on(String method, ResourceHandler<T> handler) {
        if (method == null || method.isEmpty() || method.contains(":")) {
            throw new IllegalArgumentException("method must be non-empty and contain no ':', got '" + method + "'");
        }
        handlers.put(method, Objects.requireNonNull(handler, "handler"));
        return this;
    }

    ResourceHandler<T> handler(String method) {
        return handlers.get(method);
    }

    String roomFor(ResourceRequest<T> request) {
        return room.apply(request);
    }

    /** The {@code id} of a JSON object as text, or null. */
    static String idOf(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode id = node.get("id");
        if (id == null || id.isNull() || id.isContainerNode()) {
            return null;
        }
        String text = id.asText();
        return text.isEmpty() ? null : text;
    }

    private static String requireSegment(String value, String what) {
        if (value == null || value.isBlank() || value.contains(":") || value.contains("/")) {
            throw new IllegalArgumentException(what + " must be a single url segment without ':' or '/', got '" + value + "'");
        }
        return value;
    }
}
