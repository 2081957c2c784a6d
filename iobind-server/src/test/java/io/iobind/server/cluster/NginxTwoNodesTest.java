package io.iobind.server.cluster;

import io.iobind.server.IobindServer;
import io.iobind.server.JavaClient;
import io.iobind.server.demo.InMemoryTodos;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The nginx configuration README documents (docs/nginx/two-nodes.conf), run with Debian's nginx in front of two
 * iobind-server nodes sharing one redis-server: clients through nginx work over websocket, polling then upgrade, and
 * polling only (sticky sessions), and a client connected straight to the node nginx does not pick sees their
 * changes, and they see its.
 */
class NginxTwoNodesTest {

    private static final Path CONFIG = Path.of("..", "docs", "nginx", "two-nodes.conf");

    private RedisServerProcess redis;
    private final List<IobindServer> nodes = new ArrayList<>();
    private final List<JavaClient> clients = new ArrayList<>();
    private Path folder;
    private Process nginx;
    private URI front;

    @BeforeEach
    void start() throws Exception {
        Path binary = LocalService.binaryOrSkip("NginxTwoNodesTest", "nginx", "nginx", Path.of("/usr/sbin/nginx"));
        redis = RedisServerProcess.startOrSkip("NginxTwoNodesTest");
        for (int i = 0; i < 2; i++) {
            IobindServer node = IobindServer.builder().port(0).redis(redis.url()).build();
            new InMemoryTodos().register(node);
            nodes.add(node.start());
        }
        folder = Files.createTempDirectory("iobind-nginx-");
        int port = LocalService.freePort();
        String config = Files.readString(CONFIG)
                .replace("server 127.0.0.1:8081;", "server 127.0.0.1:" + nodes.get(0).port() + ";")
                .replace("server 127.0.0.1:8082;", "server 127.0.0.1:" + nodes.get(1).port() + ";")
                .replace("listen 8080;", "listen 127.0.0.1:" + port + ";\n        access_log " + folder.resolve("access.log") + ";");
        assertThat(config).as("the three ports of the documented config were found")
                .doesNotContain("127.0.0.1:8081;", "127.0.0.1:8082;", "listen 8080;");
        Path conf = folder.resolve("nginx.conf");
        Files.writeString(conf, config);
        nginx = new ProcessBuilder(binary.toString(), "-p", folder.toString(), "-c", conf.toString(), "-g",
                "daemon off; pid " + folder.resolve("nginx.pid") + "; error_log " + folder.resolve("error.log") + ";")
                .redirectErrorStream(true).redirectOutput(folder.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!accepts(port)) {
            if (!nginx.isAlive() || System.nanoTime() > deadline) {
                fail("nginx did not start; its output:\n" + LocalService.readOrSay(folder.resolve("stdout.log"))
                        + "\nits error log:\n" + LocalService.readOrSay(folder.resolve("error.log")));
            }
            Thread.sleep(20);
        }
        front = URI.create("http://127.0.0.1:" + port + "/");
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (java.io.IOException notYet) {
            return false;
        }
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(JavaClient::close);
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (IobindServer node : nodes) {
            node.stop();
        }
        if (redis != null) {
            redis.close();
        }
        if (folder != null) {
            LocalService.deleteTree(folder);
        }
    }

    private JavaClient connect(JavaClient client) throws Exception {
        clients.add(client);
        return client.record("todos:create").connect();
    }

    @Test
    void clientsThroughNginxAndOnTheOtherNodeSeeEachOthersChanges() throws Exception {
        List<Function<URI, JavaClient>> transports = List.of(JavaClient::websocket, JavaClient::pollingThenUpgrade,
                JavaClient::pollingOnly);
        List<JavaClient> viaNginx = new ArrayList<>();
        for (Function<URI, JavaClient> transport : transports) {
            viaNginx.add(connect(transport.apply(front)));
        }
        for (JavaClient client : viaNginx) {
            client.ok("todos:read"); // the session is set up on its node
        }
        // Every loopback client hashes to one node; the client straight on the other node is the cross-node check.
        IobindServer picked = nodes.get(0).connectedClients() == 3 ? nodes.get(0) : nodes.get(1);
        IobindServer other = picked == nodes.get(0) ? nodes.get(1) : nodes.get(0);
        assertThat(picked.connectedClients()).as("nginx sends all three clients to one node").isEqualTo(3);
        assertThat(other.connectedClients()).isZero();
        JavaClient direct = connect(JavaClient.websocket(other.uri()));

        for (int i = 0; i < viaNginx.size(); i++) {
            viaNginx.get(i).ok("todo:create", new JSONObject().put("title", "through nginx " + i));
        }
        direct.ok("todo:create", new JSONObject().put("title", "on the other node"));

        List<JavaClient> everyone = new ArrayList<>(viaNginx);
        everyone.add(direct);
        for (JavaClient client : everyone) {
            List<String> titles = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                titles.add(((JSONObject) client.nextEvent()[1]).getString("title"));
            }
            assertThat(titles).containsExactlyInAnyOrder("through nginx 0", "through nginx 1", "through nginx 2",
                    "on the other node");
        }
    }
}
