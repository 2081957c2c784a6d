package io.iobind.example;

import io.iobind.server.IobindServer;

import java.net.URI;
import java.nio.file.Path;

/**
 * "Done." as {@link Main} runs it (the page from {@code target/classes/webapp}, the backend on an H2 file
 * database), in the test's JVM, on a given port (0 = a free one) and data directory.
 */
final class DoneTestServer implements AutoCloseable {

    private final IobindServer server;
    private final DoneBackend backend;

    private DoneTestServer(IobindServer server, DoneBackend backend) {
        this.server = server;
        this.backend = backend;
    }

    static DoneTestServer start(Path dataDir, int port) throws Exception {
        IobindServer server = IobindServer.builder().port(port).staticRoot("/", Main.webapp()).build();
        DoneBackend backend = new DoneBackend(DoneSettings.inDirectory(dataDir));
        try {
            backend.register(server);
            server.start();
        } catch (Exception failure) {
            backend.close();
            throw failure;
        }
        return new DoneTestServer(server, backend);
    }

    URI uri() {
        return server.uri();
    }

    int port() {
        return server.port();
    }

    /** Stops as Ctrl-C would: handlers drained, clients disconnected, then the database closed. */
    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            backend.close();
        }
    }
}
