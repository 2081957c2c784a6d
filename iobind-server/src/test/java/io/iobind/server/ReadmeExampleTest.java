package io.iobind.server;

import io.iobind.server.resource.ResourceException;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedding example of the README, as written there, driven by the Java client. */
class ReadmeExampleTest {

    @TempDir
    Path web;

    @Test
    void theReadmeExampleWorks() throws Exception {
        Files.writeString(web.resolve("index.html"), "<p>todos</p>");
        Map<String, Todo> store = new ConcurrentHashMap<>();

        IobindServer server = IobindServer.builder()
                .port(0)
                .staticRoot("/", web)
                .build();

        server.resource("todo", Todo.class).collection("todos")
                .onCreate(request -> {
                    Todo todo = request.body();
                    todo.id = UUID.randomUUID().toString();
                    store.put(todo.id, todo);
                    return todo;
                })
                .onRead(request -> request.isCollectionRequest()
                        ? List.copyOf(store.values())
                        : Optional.ofNullable(store.get(request.requireId()))
                                  .orElseThrow(() -> ResourceException.notFound("no todo " + request.id())))
                .onUpdate(request -> { Todo todo = request.body(); store.put(todo.id, todo); return todo; })
                .onPatch(request -> {
                    Todo todo = store.get(request.requireId());
                    if (todo == null) throw ResourceException.notFound("no todo " + request.id());
                    if (request.tree().has("done")) todo.done = request.tree().get("done").asBoolean();
                    return todo;
                })
                .onDelete(request -> store.remove(request.requireId()))
                .on("clearCompleted", request -> { store.values().removeIf(t -> t.done); return null; });

        server.start();
        try (JavaClient client = JavaClient.pollingThenUpgrade(server.uri()).connect()) {
            String id = ((JSONObject) client.ok("todo:create", new JSONObject().put("title", "read the README"))).getString("id");
            assertThat(((JSONArray) client.ok("todos:read")).length()).isEqualTo(1);
            assertThat(((JSONObject) client.ok("todo:patch", new JSONObject().put("id", id).put("done", true))).getBoolean("done")).isTrue();
            assertThat(client.error("todo:read", new JSONObject().put("id", "nope")).getInt("code")).isEqualTo(404);
            client.ok("todos:clearCompleted");
            assertThat(store).isEmpty();
        } finally {
            server.stop();
        }
    }
}
