package io.iobind.server;

import io.iobind.server.demo.InMemoryTodos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Node's real socket.io-client 4 (the version pinned in src/test/node/package-lock.json) against this server.
 * Needs node and npm on PATH; without them the test is skipped with a message saying so.
 */
class NodeClientConformanceTest {

    private IobindServer server;

    @BeforeEach
    void start() throws Exception {
        // Recovery on: the CRUD run then also shows that the offsets it adds to every event disturb no client.
        server = IobindServer.builder().port(0).connectionStateRecovery(java.time.Duration.ofMinutes(2)).build();
        new InMemoryTodos().register(server);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void nodeSocketIoClientDoesAckedCrudAndReceivesPushes() throws Exception {
        String output = runNode("conformance.js", server.uri().toString());
        assertThat(output).as("node output").contains("CONFORMANCE OK");
    }

    @Test
    void nodeSocketIoClientRecoversItsSessionOverWebSocket() throws Exception {
        String output = runNode("recovery.js", server.uri().toString(), "websocket");
        assertThat(output).as("node output").contains("RECOVERY OK");
    }

    @Test
    void nodeSocketIoClientRecoversItsSessionOverPolling() throws Exception {
        String output = runNode("recovery.js", server.uri().toString(), "polling");
        assertThat(output).as("node output").contains("RECOVERY OK");
    }

    private static String runNode(String script, String... arguments) throws Exception {
        return NodeScripts.run("NodeClientConformanceTest", "the conformance run with Node's socket.io-client 4", script, arguments);
    }
}
