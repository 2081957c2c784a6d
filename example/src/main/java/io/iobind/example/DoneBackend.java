package io.iobind.example;

import com.fasterxml.jackson.databind.JsonNode;
import io.iobind.server.IobindBackend;
import io.iobind.server.IobindServer;
import io.iobind.server.resource.ResourceException;
import io.iobind.server.resource.ResourceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

/**
 * The server side of "Done.": the {@code todo} resource with the collection {@code todos}, as the page's
 * {@code Todo} model ({@code urlRoot: 'todo'}) and {@code Todos} collection ({@code url: 'todos'}) use it.
 *
 * <table>
 *   <caption>Events</caption>
 *   <tr><th>event</th><th>payload</th><th>ack</th><th>push to every page (after the ack)</th></tr>
 *   <tr><td>{@code todos:read}</td><td>–</td><td>every todo, in creation order</td><td>–</td></tr>
 *   <tr><td>{@code todo:read}</td><td>{@code {id}}</td><td>the todo</td><td>–</td></tr>
 *   <tr><td>{@code todo:create}</td><td>{@code {title, completed?}}</td><td>the new todo</td><td>{@code todos:create}</td></tr>
 *   <tr><td>{@code todo:update}</td><td>{@code {id, title, completed}}</td><td>the todo</td><td>{@code todo/<id>:update}</td></tr>
 *   <tr><td>{@code todo:patch}</td><td>{@code {id, title?, completed?}}</td><td>the todo</td><td>{@code todo/<id>:update}</td></tr>
 *   <tr><td>{@code todo:delete}</td><td>{@code {id}}</td><td>the deleted todo</td><td>{@code todo/<id>:delete}</td></tr>
 * </table>
 * A bad payload gets the error ack {@code {message, code: 400}} naming the field (see {@link TodoInput}); an
 * unknown id {@code code: 404}. The pushes are the resource API's default: to everyone, the sender included,
 * so every page, and every tab of the same browser, ends up with the same list.
 *
 * <p>{@code iobind:serve} creates this class with its no-argument constructor (settings from system
 * properties, see {@link DoneSettings}); {@link Main} passes its command line's.
 */
public final class DoneBackend implements IobindBackend {

    private static final Logger LOG = LoggerFactory.getLogger(DoneBackend.class);

    private final DoneSettings settings;
    private TodoStore store;

    public DoneBackend() {
        this(DoneSettings.fromSystemProperties());
    }

    public DoneBackend(DoneSettings settings) {
        this.settings = settings;
    }

    public DoneSettings settings() {
        return settings;
    }

    @Override
    public void register(IobindServer server) throws SQLException {
        if (store != null) {
            throw new IllegalStateException("DoneBackend is registered once");
        }
        store = TodoStore.open(settings.effectiveJdbcUrl());
        LOG.info("todos stored in {}", settings.describe());
        TodoStore todos = store;
        server.resource("todo").collection("todos")
                .onRead(request -> request.isCollectionRequest()
                        ? todos.all()
                        : todos.find(request.requireId()).orElseThrow(() -> unknown(request)))
                .onCreate(request -> {
                    TodoInput input = TodoInput.forCreate(request.tree());
                    return todos.create(input.title(), input.completed());
                })
                .onUpdate(request -> {
                    TodoInput input = TodoInput.forUpdate(request.tree());
                    return todos.update(request.requireId(), input.title(), input.completed())
                            .orElseThrow(() -> unknown(request));
                })
                .onPatch(request -> {
                    TodoInput input = TodoInput.forPatch(request.tree());
                    return todos.update(request.requireId(), input.title(), input.completed())
                            .orElseThrow(() -> unknown(request));
                })
                .onDelete(request -> todos.delete(request.requireId()).orElseThrow(() -> unknown(request)));
    }

    /** Closes the store; the server has stopped by now, so no handler is still writing. */
    @Override
    public void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }

    private static ResourceException unknown(ResourceRequest<JsonNode> request) {
        return ResourceException.notFound("no todo with id '" + request.id() + "'");
    }
}
