package io.iobind.server;

/**
 * An application's server side: registers its resources on an {@link IobindServer} before it starts, and
 * closes what it holds (a store, a connection pool) after the server has stopped. {@code iobind:serve} and an
 * application's own {@code main} start the same backend, so a class implementing this needs a public
 * no-argument constructor; it reads its settings (a data directory, a JDBC URL) from system properties.
 */
public interface IobindBackend extends AutoCloseable {

    /** Registers the application's resources; called once, before {@link IobindServer#start()}. */
    void register(IobindServer server) throws Exception;

    /** Releases what the backend holds; called once, after the server has stopped (handlers drained). */
    @Override
    default void close() throws Exception {
    }
}
