package io.iobind.server.transport;

import io.iobind.server.CapturedLog;
import io.iobind.server.IobindServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebSocket upgrade over a raw socket: permessage-deflate, which browsers and socket.io-client offer, is turned
 * down (see EngineServlet), and an upgrade cut short by the server's stop costs no WARN.
 */
class WebSocketCompressionTest {

    private static final String UPGRADE = "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: MDEyMzQ1Njc4OWFiY2RlZg==\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";

    @Test
    void anOfferOfPerMessageDeflateIsDeclined() throws Exception {
        try (IobindServer server = IobindServer.builder().port(0).build().start();
             Socket socket = new Socket()) {
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            OutputStream out = socket.getOutputStream();
            out.write(UPGRADE.formatted(server.port()).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String headers = readHeaders(socket.getInputStream());
            assertThat(headers).startsWith("HTTP/1.1 101");
            assertThat(headers.toLowerCase()).doesNotContain("sec-websocket-extensions");
        }
    }

    @Test
    void anUpgradeCutShortByTheServersStopIsNoWarning() throws Exception {
        try (CapturedLog log = CapturedLog.start()) {
            // Without the servlet catching it, 2 or 3 of 100 stops logged Jetty's "WARN ServletChannel -
            // handleException /socket.io/ java.io.IOException: java.nio.channels.ClosedChannelException".
            for (int i = 0; i < 100; i++) {
                try (IobindServer server = IobindServer.builder().port(0).build().start();
                     Socket socket = new Socket()) {
                    socket.setSoTimeout(10_000);
                    socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
                    socket.getOutputStream().write(UPGRADE.formatted(server.port()).getBytes(StandardCharsets.US_ASCII));
                    assertThat(readHeaders(socket.getInputStream())).startsWith("HTTP/1.1 101");
                    // The client leaves, and the server stops, while the server may still be completing the upgrade.
                }
            }
            assertThat(log.lines()).filteredOn(line -> line.contains("WARN") || line.contains("ERROR")).isEmpty();
        }
    }

    private static String readHeaders(InputStream in) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (!bytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("connection open").isNotEqualTo(-1);
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
