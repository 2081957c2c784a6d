package io.iobind.server.transport;

import io.iobind.server.CapturedLog;
import io.iobind.server.IobindServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 is same-origin with itself, so on a
 * loopback server the Host header must name a loopback host (or an allowed origin's host).
 */
class HostCheckTest {

    private static IobindServer loopback;
    private static IobindServer withFriend;

    @BeforeAll
    static void start() throws Exception {
        loopback = IobindServer.builder().port(0).build().start();
        withFriend = IobindServer.builder().port(0).allowedOrigins("http://app.example:8080").build().start();
    }

    @AfterAll
    static void stop() throws Exception {
        loopback.stop();
        withFriend.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost", "LOCALHOST", "127.0.0.2", "[::1]"})
    void loopbackHostsAreServed(String host) throws Exception {
        assertThat(polling(loopback, host + ":" + loopback.port(), null)).startsWith("HTTP/1.1 200");
        assertThat(upgrade(loopback, host + ":" + loopback.port())).startsWith("HTTP/1.1 101");
    }

    @Test
    void aRebindingHostIsRefusedForPollingAndWebSockets() throws Exception {
        String evilHost = "evil.example:" + loopback.port();
        String sameOriginAsSeenByTheBrowser = "http://" + evilHost;
        try (CapturedLog log = CapturedLog.start()) {
            assertThat(polling(loopback, evilHost, sameOriginAsSeenByTheBrowser)).startsWith("HTTP/1.1 403").contains("Host not allowed");
            assertThat(polling(loopback, evilHost, null)).startsWith("HTTP/1.1 403");
            assertThat(polling(loopback, "127.0.0.1.evil.example:" + loopback.port(), null)).startsWith("HTTP/1.1 403");
            assertThat(upgrade(loopback, evilHost)).startsWith("HTTP/1.1 403");
            // Each refusal names the host it refused: two polls and the upgrade for evilHost, one poll for the other.
            assertThat(log.awaitLines(3, "WARN", "refused GET request for host " + evilHost + " (")).hasSize(3);
            log.awaitLine("WARN", "refused GET request for host 127.0.0.1.evil.example:" + loopback.port() + " (");
        }
    }

    @Test
    void anAllowedOriginsHostIsServed() throws Exception {
        assertThat(polling(withFriend, "app.example:8080", "http://app.example:8080")).startsWith("HTTP/1.1 200");
        assertThat(upgrade(withFriend, "app.example:8080")).startsWith("HTTP/1.1 101");
        try (CapturedLog log = CapturedLog.start()) {
            assertThat(polling(withFriend, "evil.example:8080", null)).startsWith("HTTP/1.1 403");
            log.awaitLine("WARN", "refused GET request for host evil.example:8080 (");
        }
    }

    private static String polling(IobindServer server, String host, String origin) throws IOException {
        return exchange(server, List.of("GET /socket.io/?EIO=4&transport=polling HTTP/1.1", "Host: " + host,
                origin == null ? "X-No-Origin: 1" : "Origin: " + origin, "Connection: close"), false);
    }

    private static String upgrade(IobindServer server, String host) throws IOException {
        return exchange(server, List.of("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1", "Host: " + host,
                "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: MDEyMzQ1Njc4OWFiY2RlZg==",
                "Sec-WebSocket-Version: 13"), true);
    }

    /** Sends the request as written (no client library rewrites Host) and returns the response head. */
    private static String exchange(IobindServer server, List<String> lines, boolean headOnly) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((String.join("\r\n", lines) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                response.write(b);
                if (headOnly && response.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            return response.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
