package io.iobind.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iobind.server.IobindServer;
import io.iobind.server.resource.Resource;
import io.iobind.server.resource.ResourceException;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A todo list kept in memory, served as the {@code todo} resource with collection {@code todos} (the layout of
 * the "Done." example: model {@code urlRoot: 'todo'}, collection {@code url: 'todos'}). Used by the demo main
 * and the load benchmark.
 */
public final class InMemoryTodos {

    private final Map<String, ObjectNode> todos = new ConcurrentSkipListMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    public Resource<JsonNode> register(IobindServer server) {
        return server.resource("todo").collection("todos")
                .onCreate(request -> {
                    ObjectNode todo = ((ObjectNode) request.tree()).deepCopy();
                    String id = Long.toString(nextId.getAndIncrement());
                    todo.put("id", id);
                    todos.put(id, todo);
                    return todo;
                })
                .onRead(request -> {
                    if (request.id() == null) {
                        ArrayNode all = JsonNodeFactory.instance.arrayNode();
                        todos.values().forEach(all::add);
                        return all;
                    }
                    return find(request.id());
                })
                .onUpdate(request -> {
                    String id = request.requireId();
                    find(id);
                    ObjectNode todo = ((ObjectNode) request.tree()).deepCopy();
                    todos.put(id, todo);
                    return todo;
                })
                .onPatch(request -> {
                    ObjectNode todo = find(request.requireId());
                    synchronized (todo) {
                        todo.setAll((ObjectNode) request.tree());
                        return todo.deepCopy();
                    }
                })
                .onDelete(request -> {
                    ObjectNode removed = todos.remove(request.requireId());
                    if (removed == null) {
                        throw ResourceException.notFound("no todo " + request.id());
                    }
                    return removed;
                });
    }

    public int size() {
        return todos.size();
    }

    private ObjectNode find(String id) {
        ObjectNode todo = todos.get(id);
        if (todo == null) {
            throw ResourceException.notFound("no todo " + id);
        }
        return todo;
    }
}
