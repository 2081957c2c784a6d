package io.iobind.example;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TodoStore} on a real database, the same tests for each database "Done." runs on: {@link H2TodoStoreTest}
 * (the embedded default, a file database as {@link DoneSettings} makes it) and {@link PostgresTodoStoreTest} (a
 * PostgreSQL server of the machine's own binaries). Every test gets an empty database of its own.
 */
abstract class TodoStoreTest {

    /** The JDBC URL of a new, empty database; opening it twice opens the same database. */
    abstract String emptyDatabase() throws Exception;

    @Test
    void createReadUpdatePatchDelete() throws Exception {
        try (TodoStore store = TodoStore.open(emptyDatabase())) {
            Todo created = store.create("Buy oat milk", false);
            assertThat(created.id()).matches("[0-9a-f]{16}");
            assertThat(created.title()).isEqualTo("Buy oat milk");
            assertThat(created.completed()).isFalse();
            assertThat(store.find(created.id())).contains(created);
            assertThat(store.all()).containsExactly(created);

            Todo updated = store.update(created.id(), "Buy oat milk (2)", true).orElseThrow();
            assertThat(updated).isEqualTo(new Todo(created.id(), "Buy oat milk (2)", true, created.order()));
            Todo patchedCompleted = store.update(created.id(), null, false).orElseThrow();
            assertThat(patchedCompleted.title()).as("a null title is left as it is").isEqualTo("Buy oat milk (2)");
            assertThat(patchedCompleted.completed()).isFalse();
            Todo patchedTitle = store.update(created.id(), "Oat milk", null).orElseThrow();
            assertThat(patchedTitle).isEqualTo(new Todo(created.id(), "Oat milk", false, created.order()));
            assertThat(store.find(created.id())).contains(patchedTitle);

            assertThat(store.delete(created.id())).as("a delete returns the todo as it was").contains(patchedTitle);
            assertThat(store.find(created.id())).isEmpty();
            assertThat(store.all()).isEmpty();
        }
    }

    @Test
    void anUnknownIdIsEmptyAndChangesNothing() throws Exception {
        try (TodoStore store = TodoStore.open(emptyDatabase())) {
            Todo kept = store.create("kept", true);
            assertThat(store.find("0000000000000000")).isEmpty();
            assertThat(store.update("0000000000000000", "x", false)).isEmpty();
            assertThat(store.update("0000000000000000", null, true)).isEmpty();
            assertThat(store.delete("0000000000000000")).isEmpty();
            assertThat(store.delete(kept.id())).contains(kept);
            assertThat(store.delete(kept.id())).as("deleted twice").isEmpty();
            assertThat(store.update(kept.id(), "back?", false)).as("updated after its delete").isEmpty();
            assertThat(store.all()).isEmpty();
        }
    }

    @Test
    void theListKeepsCreationOrderThroughChangesAndDeletes() throws Exception {
        try (TodoStore store = TodoStore.open(emptyDatabase())) {
            List<Todo> created = new ArrayList<>();
            for (String title : List.of("zebra", "apple", "mango", "kiwi", "banana", "cherry")) {
                created.add(store.create(title, false));
            }
            store.delete(created.get(2).id());
            store.update(created.get(0).id(), "aardvark", true);
            store.update(created.get(5).id(), "a", null);
            Todo last = store.create("date", false);

            assertThat(store.all()).extracting(Todo::title)
                    .containsExactly("aardvark", "apple", "kiwi", "banana", "a", "date");
            assertThat(store.all()).extracting(Todo::order).isSorted().doesNotHaveDuplicates();
            assertThat(last.order()).isGreaterThan(created.get(5).order());
        }
    }

    @Test
    void idsAndOrdersAreUniqueAndNeverReusedNotEvenAfterReopening() throws Exception {
        String url = emptyDatabase();
        Set<String> ids = new HashSet<>();
        long highestOrder;
        try (TodoStore store = TodoStore.open(url)) {
            for (int i = 0; i < 50; i++) {
                Todo todo = store.create("todo " + i, false);
                assertThat(ids.add(todo.id())).as("id %s is new", todo.id()).isTrue();
            }
            Todo newest = store.create("the newest, deleted", false);
            ids.add(newest.id());
            highestOrder = newest.order();
            for (Todo todo : store.all().subList(0, 25)) {
                store.delete(todo.id());
            }
            store.delete(newest.id());
        }
        try (TodoStore store = TodoStore.open(url)) {
            assertThat(store.all()).hasSize(25);
            for (int i = 0; i < 25; i++) {
                Todo todo = store.create("after reopening " + i, false);
                assertThat(ids.add(todo.id())).as("id %s is new", todo.id()).isTrue();
                assertThat(todo.order()).as("order after every earlier one, deleted ones too")
                        .isGreaterThan(highestOrder);
                highestOrder = todo.order();
            }
        }
    }

    @Test
    void titlesKeepEveryCharacterUpToTheLongestTitle() throws Exception {
        List<String> titles = List.of(
                "\uD83C\uDF31".repeat(TodoInput.MAX_TITLE_LENGTH),      // 500 emoji: 1000 UTF-16 units, 2000 bytes
                "\u20AC".repeat(TodoInput.MAX_TITLE_LENGTH),            // 500 three-byte characters
                "x".repeat(TodoInput.MAX_TITLE_LENGTH),
                "Grüße, 你好, مرحبا, 👩‍👩‍👧 and e\u0301 (not composed)",
                "quotes ' \" ` and \\ and % and _ and ; and '); DROP TABLE todo; --",
                "a tab\tand a newline\nin one title",
                "<img src=x onerror=alert(1)>");
        String url = emptyDatabase();
        List<Todo> created = new ArrayList<>();
        try (TodoStore store = TodoStore.open(url)) {
            for (String title : titles) {
                Todo todo = store.create(title, false);
                assertThat(todo.title()).isEqualTo(title);
                created.add(todo);
            }
            Todo changed = store.update(created.get(3).id(), titles.get(0), null).orElseThrow();
            assertThat(changed.title()).isEqualTo(titles.get(0));
            created.set(3, changed);
        }
        try (TodoStore store = TodoStore.open(url)) {
            assertThat(store.all()).containsExactlyElementsOf(created);
        }
    }

    @Test
    void concurrentWritersEachGetEveryWriteInTheirOrder() throws Exception {
        int writers = 8;
        int perWriter = 30;
        try (TodoStore store = TodoStore.open(emptyDatabase())) {
            List<List<Todo>> written = runTogether(writers, writer -> {
                List<Todo> mine = new ArrayList<>();
                for (int i = 0; i < perWriter; i++) {
                    Todo todo = store.create("writer " + writer + " #" + i, false);
                    mine.add(i % 3 == 0 ? store.update(todo.id(), null, true).orElseThrow() : todo);
                }
                return mine;
            });
            List<Todo> all = store.all();
            assertThat(all).hasSize(writers * perWriter);
            assertThat(all).extracting(Todo::id).doesNotHaveDuplicates();
            assertThat(all).extracting(Todo::order).isSorted().doesNotHaveDuplicates();
            for (List<Todo> mine : written) {
                assertThat(all).containsAll(mine);
                assertThat(mine).extracting(Todo::order).as("one writer's todos in the order it made them").isSorted();
            }
        }
    }

    @Test
    void concurrentChangesToOneTodoLeaveOneOfThemAndOneDeleteWins() throws Exception {
        int writers = 8;
        try (TodoStore store = TodoStore.open(emptyDatabase())) {
            Todo shared = store.create("shared", false);
            List<Todo> results = runTogether(writers, writer -> {
                Todo last = null;
                for (int i = 0; i < 20; i++) {
                    last = store.update(shared.id(), "writer " + writer + " #" + i, i % 2 == 0).orElseThrow();
                }
                return last;
            });
            Todo now = store.find(shared.id()).orElseThrow();
            assertThat(results).as("the todo as it is now is one writer's last change").contains(now);
            assertThat(now.order()).isEqualTo(shared.order());

            List<Optional<Todo>> deletes = runTogether(writers, writer -> store.delete(shared.id()));
            assertThat(deletes.stream().filter(Optional::isPresent).toList()).as("deletes that got the todo")
                    .containsExactly(Optional.of(now));
            assertThat(store.all()).isEmpty();
        }
    }

    @Test
    void anAcknowledgedWriteSurvivesReopeningTheStore() throws Exception {
        String url = emptyDatabase();
        List<Todo> before;
        try (TodoStore store = TodoStore.open(url)) {
            Todo first = store.create("first", false);
            store.create("second", false);
            Todo third = store.create("third", true);
            store.update(first.id(), null, true);
            store.delete(third.id());
            store.create("fourth", false);
            before = store.all();
        }
        assertThat(before).extracting(Todo::title).containsExactly("first", "second", "fourth");
        try (TodoStore store = TodoStore.open(url)) {
            assertThat(store.all()).as("everything committed, in a new pool").containsExactlyElementsOf(before);
        }
    }

    /** Several nodes starting together on a new database: each creates the table if it is missing. */
    @Test
    void storesOpeningOneNewDatabaseTogetherAllWork() throws Exception {
        String url = emptyDatabase();
        List<TodoStore> stores = runTogether(6, node -> TodoStore.open(url));
        try {
            for (TodoStore store : stores) {
                store.create("from one of the nodes", false);
            }
            for (TodoStore store : stores) {
                assertThat(store.all()).hasSize(stores.size());
            }
        } finally {
            stores.forEach(TodoStore::close);
        }
    }

    /** Runs {@code work} on {@code threads} threads at once; the results in thread order. */
    static <T> List<T> runTogether(int threads, Work<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int thread = i;
                Callable<T> task = () -> {
                    start.await();
                    return work.run(thread);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return Collections.unmodifiableList(results);
        } finally {
            pool.shutdownNow();
        }
    }

    interface Work<T> {
        T run(int thread) throws Exception;
    }
}
