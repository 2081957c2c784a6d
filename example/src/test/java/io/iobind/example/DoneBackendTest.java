package io.iobind.example;

import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.iobind.example.TodoClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The backend through the official Java Socket.IO client: the events the page emits, the pushes it hears. */
class DoneBackendTest {

    @TempDir
    static Path dataDir;
    private static DoneTestServer server;
    private TodoClient client;

    @BeforeAll
    static void start() throws Exception {
        server = DoneTestServer.start(dataDir, 0);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void connect() throws Exception {
        client = TodoClient.connect(server.uri());
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void createReadUpdatePatchDelete() throws Exception {
        JSONObject created = client.create("  Buy oat milk  ");
        String id = created.getString("id");
        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(created.getString("title")).as("trimmed").isEqualTo("Buy oat milk");
        assertThat(created.getBoolean("completed")).isFalse();
        assertThat(created.getLong("order")).isPositive();

        assertThat(TodoClient.sameJson(((JSONObject) client.ok("todo:read", new JSONObject().put("id", id))), created)).isTrue();
        assertThat(client.all()).anyMatch(todo -> TodoClient.sameJson(todo, created));

        JSONObject updated = (JSONObject) client.ok("todo:update", new JSONObject()
                .put("id", id).put("title", "Buy oat milk (2)").put("completed", true).put("order", 999));
        assertThat(updated.getString("title")).isEqualTo("Buy oat milk (2)");
        assertThat(updated.getBoolean("completed")).isTrue();
        assertThat(updated.getLong("order")).as("the order is the server's").isEqualTo(created.getLong("order"));

        JSONObject patched = client.patch(id, new JSONObject().put("completed", false));
        assertThat(patched.getString("title")).isEqualTo("Buy oat milk (2)");
        assertThat(patched.getBoolean("completed")).isFalse();

        JSONObject deleted = client.delete(id);
        assertThat(TodoClient.sameJson(deleted, patched)).as("the ack of a delete is the todo as it was").isTrue();
        assertThat(client.all()).noneMatch(todo -> todo.optString("id").equals(id));
    }

    @Test
    void theListKeepsCreationOrder() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String title : List.of("zebra", "apple", "mango", "kiwi", "banana")) {
            ids.add(client.create(title).getString("id"));
        }
        client.delete(ids.get(2));
        client.patch(ids.get(0), new JSONObject().put("title", "aardvark"));

        List<String> listed = client.all().stream().map(todo -> todo.optString("id"))
                .filter(ids::contains).toList();
        assertThat(listed).containsExactly(ids.get(0), ids.get(1), ids.get(3), ids.get(4));
    }

    @Test
    void everyChangeIsPushedToEveryPageTheSenderIncluded() throws Exception {
        try (TodoClient other = TodoClient.connect(server.uri())) {
            other.record("todos:create");
            client.record("todos:create");

            JSONObject created = client.create("Book the dentist");
            String id = created.getString("id");
            assertPush(other.nextPush(), "todos:create", created);
            assertPush(client.nextPush(), "todos:create", created);

            other.record("todo/" + id + ":update", "todo/" + id + ":delete");
            JSONObject patched = client.patch(id, new JSONObject().put("completed", true));
            assertPush(other.nextPush(), "todo/" + id + ":update", patched);
            JSONObject updated = (JSONObject) client.ok("todo:update",
                    new JSONObject().put("id", id).put("title", "Book the dentist!").put("completed", true));
            assertPush(other.nextPush(), "todo/" + id + ":update", updated);
            JSONObject deleted = client.delete(id);
            assertPush(other.nextPush(), "todo/" + id + ":delete", deleted);
        }
    }

    @Test
    void aRefusedChangeIsNotPushed() throws Exception {
        try (TodoClient other = TodoClient.connect(server.uri())) {
            other.record("todos:create");
            JSONObject stays = client.create("Stays as it is");
            String id = stays.getString("id");
            assertPush(other.nextPush(), "todos:create", stays);
            other.record("todo/" + id + ":update", "todo/" + id + ":delete");

            client.error("todo:create", new JSONObject().put("title", ""));
            client.error("todo:patch", new JSONObject().put("id", id).put("completed", "yes"));
            client.error("todo:delete", new JSONObject().put("id", "0000000000000000"));
            JSONObject marker = client.create("the next push");

            assertPush(other.nextPush(), "todos:create", marker);
            assertThat(other.pushesSoFar()).isEmpty();
        }
    }

    static Stream<Arguments> badPayloads() {
        return Stream.of(
                Arguments.of("todo:create", json(), 400, "field 'title' is required"),
                Arguments.of("todo:create", json("title", 42), 400, "field 'title': must be a string, got number"),
                Arguments.of("todo:create", json("title", JSONObject.NULL), 400, "field 'title': must be a string, got null"),
                Arguments.of("todo:create", json("title", "   "), 400, "field 'title': must not be empty"),
                Arguments.of("todo:create", json("title", "x".repeat(501)), 400, "field 'title': at most 500 characters, got 501"),
                Arguments.of("todo:create", json("title", "nul \u0000 inside"), 400, "field 'title': must not contain U+0000"),
                Arguments.of("todo:create", json("title", "ok", "completed", "yes"), 400, "field 'completed': must be true or false, got string"),
                Arguments.of("todo:create", json("title", "ok", "completed", 1), 400, "field 'completed': must be true or false, got number"),
                Arguments.of("todo:create", "a string", 400, "todo:create expects a JSON object"),
                Arguments.of("todo:patch", json("title", "no id"), 400, "todo:patch needs an 'id'"),
                Arguments.of("todo:patch", json("id", "EXISTING"), 400, "nothing to change: give field 'title' or 'completed'"),
                Arguments.of("todo:patch", json("id", "EXISTING", "title", ""), 400, "field 'title': must not be empty"),
                Arguments.of("todo:update", json("id", "EXISTING", "title", "t"), 400, "field 'completed' is required"),
                Arguments.of("todo:update", json("id", "EXISTING", "completed", true), 400, "field 'title' is required"),
                Arguments.of("todo:patch", json("id", "nope", "completed", true), 404, "no todo with id 'nope'"),
                Arguments.of("todo:update", json("id", "nope", "title", "t", "completed", true), 404, "no todo with id 'nope'"),
                Arguments.of("todo:delete", json("id", "nope"), 404, "no todo with id 'nope'"),
                Arguments.of("todo:read", json("id", "nope"), 404, "no todo with id 'nope'"),
                Arguments.of("todo:delete", json(), 400, "todo:delete needs an 'id'"),
                Arguments.of("todo:archive", json(), 404, "resource 'todo' has no method 'archive'"));
    }

    @ParameterizedTest(name = "{0} {1} → {2} {3}")
    @MethodSource("badPayloads")
    void aBadCallGetsAnErrorAckNamingWhatIsWrong(String event, Object payload, int code, String message) throws Exception {
        String existing = client.create("exists").getString("id");
        if (payload instanceof JSONObject object && "EXISTING".equals(object.opt("id"))) {
            object.put("id", existing);
        }
        String before = client.all().toString();
        JSONObject error = client.error(event, payload);
        assertThat(error.getInt("code")).isEqualTo(code);
        assertThat(error.getString("message")).contains(message);
        assertThat(client.all().toString()).as("nothing changed").isEqualTo(before);
    }

    @Test
    void aTitleOf500CharactersIsAcceptedAndCountsCharactersNotUtf16Units() throws Exception {
        assertThat(client.create("x".repeat(500)).getString("title")).hasSize(500);
        String emoji = "\uD83C\uDF31".repeat(500); // 500 characters, 1000 UTF-16 units
        assertThat(client.create(emoji).getString("title")).isEqualTo(emoji);
        JSONObject tooLong = client.error("todo:create", new JSONObject().put("title", emoji + "!"));
        assertThat(tooLong.getString("message")).isEqualTo("field 'title': at most 500 characters, got 501");
    }

    private static void assertPush(TodoClient.Push push, String event, JSONObject payload) {
        assertThat(push.event()).isEqualTo(event);
        assertThat(TodoClient.sameJson(push.payload(), payload)).as("payload of " + event + ": " + push.payload()).isTrue();
    }
}
