package io.iobind.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IobindServerTest {

    @Test
    void bindsToLoopbackOnAnEphemeralPortAndReportsIt() throws Exception {
        IobindServer server = IobindServer.builder().port(0).build();
        assertThat(server.host()).isEqualTo("127.0.0.1");
        assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
        server.start();
        try {
            assertThat(server.port()).isPositive();
            assertThat(server.boundAddress().getAddress().isLoopbackAddress()).as("bound to %s", server.boundAddress()).isTrue();
            assertThat(server.boundAddress().getPort()).isEqualTo(server.port());
            assertThat(server.uri().toString()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("starts once");
        } finally {
            server.stop();
        }
        server.stop();
    }

    @Test
    void changingTheBuilderAfterBuildDoesNotChangeTheBuiltServer(@TempDir Path temp) throws Exception {
        Files.writeString(temp.resolve("late.txt"), "late");
        IobindServer.Builder builder = IobindServer.builder().port(0);
        IobindServer server = builder.build();
        builder.host("0.0.0.0").port(1).staticRoot("/late", temp).allowedOrigins("http://late.example");
        server.start();
        try {
            assertThat(server.host()).isEqualTo("127.0.0.1");
            assertThat(server.boundAddress().getAddress().isLoopbackAddress()).isTrue();
            assertThat(server.port()).isNotEqualTo(1);
            LoopbackHttp http = new LoopbackHttp();
            HttpResponse<String> late = http.send(HttpRequest.newBuilder(server.uri().resolve("/late/late.txt")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(late.statusCode()).isEqualTo(404);
            try (CapturedLog log = CapturedLog.start()) {
                HttpResponse<String> lateOrigin = http.send(HttpRequest.newBuilder(
                                server.uri().resolve("/socket.io/?EIO=4&transport=polling"))
                        .header("Origin", "http://late.example").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(lateOrigin.statusCode()).isEqualTo(403);
                log.awaitLine("WARN", "refused GET request from origin http://late.example");
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void aPortInUseFailsTheStartNamingThePort() throws Exception {
        try (IobindServer first = IobindServer.builder().port(0).build().start()) {
            IobindServer second = IobindServer.builder().port(first.port()).build();
            assertThatThrownBy(second::start).isInstanceOf(IOException.class).hasMessageContaining(String.valueOf(first.port()));
            second.stop();
        }
    }

    @Test
    void badConfigurationIsRefusedWithTheReason(@TempDir Path temp) throws Exception {
        Path file = Files.writeString(temp.resolve("file.txt"), "x");
        assertThatThrownBy(() -> IobindServer.builder().port(70000)).hasMessageContaining("0..65535");
        assertThatThrownBy(() -> IobindServer.builder().staticRoot("/", temp.resolve("missing")))
                .hasMessageContaining("not a directory").hasMessageContaining("missing");
        assertThatThrownBy(() -> IobindServer.builder().staticRoot("/", file)).hasMessageContaining("not a directory");
        assertThatThrownBy(() -> IobindServer.builder().staticRoot("/a", temp).staticRoot("/a/", temp))
                .hasMessageContaining("two static roots mounted at /a");
        assertThatThrownBy(() -> IobindServer.builder().socketIoPath("/")).hasMessageContaining("root");
        assertThatThrownBy(() -> IobindServer.builder().maxMessageBytes(10)).hasMessageContaining("at least 1024");
        assertThatThrownBy(() -> IobindServer.builder().maxOutgoingBytes(10)).hasMessageContaining("maxOutgoingBytes must be at least 1024");

        IobindServer server = IobindServer.builder().port(0).build();
        server.resource("todo").collection("todos");
        assertThatThrownBy(() -> server.resource("todo")).hasMessageContaining("already registered");
        assertThatThrownBy(() -> server.resource("todos")).hasMessageContaining("namespace 'todos'");
        assertThatThrownBy(() -> server.resource("a:b")).hasMessageContaining("without ':' or '/'");
        server.resource("note");
        assertThatThrownBy(() -> server.resource("memo").collection("note")).hasMessageContaining("namespace 'note'");
        server.resource("todos2").collection("todos3");
    }
}
