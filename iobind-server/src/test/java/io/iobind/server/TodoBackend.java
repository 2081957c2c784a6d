package io.iobind.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iobind.server.resource.Resource;
import io.iobind.server.resource.ResourceException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory todo store wired as the {@code todo} resource with collection {@code todos}. */
public final class TodoBackend {

    public final Map<String, Todo> todos = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);

    public Resource<Todo> register(IobindServer server) {
        return server.resource("todo", Todo.class).collection("todos")
                .onCreate(request -> {
                    Todo todo = request.body();
                    if (todo.title == null || todo.title.isBlank()) {
                        throw ResourceException.badRequest("a todo needs a title");
                    }
                    todo.id = "t" + nextId.getAndIncrement();
                    todos.put(todo.id, todo);
                    return todo;
                })
                .onRead(request -> {
                    if (request.id() == null) {
                        List<Todo> all = new ArrayList<>(todos.values());
                        all.sort((a, b) -> a.id.compareTo(b.id));
                        return all;
                    }
                    return find(request.id());
                })
                .onUpdate(request -> {
                    Todo todo = request.body();
                    find(todo.id);
                    todos.put(todo.id, todo);
                    return todo;
                })
                .onPatch(request -> {
                    Todo todo = find(request.requireId());
                    JsonNode changes = request.tree();
                    if (changes.has("title")) {
                        todo.title = changes.get("title").asText();
                    }
                    if (changes.has("done")) {
                        if (!changes.get("done").isBoolean()) {
                            throw ResourceException.badRequest("field 'done' must be a boolean");
                        }
                        todo.done = changes.get("done").booleanValue();
                    }
                    return todo;
                })
                .onDelete(request -> {
                    Todo removed = todos.remove(request.requireId());
                    if (removed == null) {
                        throw ResourceException.notFound("no todo " + request.id());
                    }
                    return removed;
                })
                .on("count", request -> {
                    ObjectNode count = server.objectMapper().createObjectNode();
                    count.put("count", todos.size());
                    return count;
                });
    }

    private Todo find(String id) {
        Todo todo = todos.get(id);
        if (todo == null) {
            throw ResourceException.notFound("no todo " + id);
        }
        return todo;
    }
}
