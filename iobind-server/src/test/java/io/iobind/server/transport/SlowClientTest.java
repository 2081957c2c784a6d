package io.iobind.server.transport;

import io.iobind.server.IobindServer;
import io.iobind.server.CapturedLog;
import io.iobind.server.JavaClient;
import io.iobind.server.TodoBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static io.iobind.server.JavaClient.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/** A client that stops reading must neither stall broadcasts to the others nor make the server buffer forever. */
class SlowClientTest {

    private static final int PUSHES = 300;
    private static final int PUSH_BYTES = 64 * 1024;
    private static final int BATCH = 10;

    private IobindServer server;

    @BeforeEach
    void start() throws Exception {
        server = IobindServer.builder().port(0).maxOutgoingFrames(32).build();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void aClientThatStopsReadingIsDroppedWhileTheOthersGetEveryPush() throws Exception {
        dropsTheClientThatStopsReading(server);
    }

    /**
     * The case of the last server note: a handler's push is what pushes the slow client over its cap, on the
     * handler thread, in the middle of the writer's event; the writer's reply must still arrive, every time.
     */
    @Test
    void everyReplyArrivesWhileTheHandlersPushesDropAClientThatStopsReading() throws Exception {
        IobindServer capped = IobindServer.builder().port(0).maxOutgoingBytes(2L * 1024 * 1024).build();
        TodoBackend backend = new TodoBackend();
        backend.register(capped);
        capped.start();
        Map<String, CountDownLatch> disconnects = watchDisconnects(capped);
        String title = "t".repeat(PUSH_BYTES);
        try (CapturedLog log = CapturedLog.start();
             Socket slow = new Socket();
             JavaClient writer = JavaClient.websocket(capped.uri()).connect()) {
            String slowId = joinWithoutReading(slow, capped.port());
            for (int i = 0; i < PUSHES; i++) {
                Object reply = writer.ok("todo:create", new org.json.JSONObject().put("title", title).put("n", i));
                assertThat(reply).as("reply %d", i).isNotNull();
            }
            assertThat(backend.todos).hasSize(PUSHES);
            CountDownLatch slowGone = disconnects.computeIfAbsent(slowId, id -> new CountDownLatch(1));
            assertThat(slowGone.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the slow client was dropped").isTrue();
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("INFO").contains("not reading fast enough"));
        } finally {
            capped.stop();
        }
    }

    private static Map<String, CountDownLatch> watchDisconnects(IobindServer server) {
        Map<String, CountDownLatch> disconnects = new ConcurrentHashMap<>();
        server.socketIo().namespace("/").onConnection(socket -> {
            CountDownLatch gone = disconnects.computeIfAbsent(socket.id(), id -> new CountDownLatch(1));
            socket.onDisconnect(reason -> gone.countDown());
        });
        return disconnects;
    }

    @Test
    void theBytesWaitingForOneClientAreCappedToo() throws Exception {
        // Frames are not the limit here: 300 pushes of 64 KiB fit the frame cap, but not the 2 MiB byte cap.
        IobindServer byteCapped = IobindServer.builder().port(0).maxOutgoingFrames(100_000)
                .maxOutgoingBytes(2L * 1024 * 1024).build().start();
        try {
            dropsTheClientThatStopsReading(byteCapped);
        } finally {
            byteCapped.stop();
        }
    }

    private void dropsTheClientThatStopsReading(IobindServer server) throws Exception {
        Map<String, CountDownLatch> disconnects = watchDisconnects(server);

        try (Socket slow = new Socket();
             JavaClient reader = JavaClient.websocket(server.uri()).connect()) {
            String slowId = joinWithoutReading(slow, server.port());
            Semaphore received = new Semaphore(0);
            reader.socket.on("big", args -> received.release());

            String payload = "z".repeat(PUSH_BYTES);
            for (int batch = 0; batch < PUSHES / BATCH; batch++) {
                for (int i = 0; i < BATCH; i++) {
                    server.broadcast(null, "big", Map.of("n", batch * BATCH + i, "filler", payload));
                }
                // Paced by the reading client, so only the one that does not read can fall behind.
                assertThat(received.tryAcquire(BATCH, 30, TimeUnit.SECONDS)).as("the reading client got batch %d", batch).isTrue();
            }
            CountDownLatch slowGone = disconnects.computeIfAbsent(slowId, id -> new CountDownLatch(1));
            assertThat(slowGone.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the slow client was dropped").isTrue();
        }
    }

    /**
     * Opens a WebSocket by hand with a tiny receive buffer, joins the default namespace, and returns the
     * Socket.IO session id, after which it never reads again.
     */
    private static String joinWithoutReading(Socket socket, int port) throws Exception {
        socket.setReceiveBufferSize(4096);
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        out.write(("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String headers = readUntil(in, "\r\n\r\n");
        assertThat(headers).startsWith("HTTP/1.1 101");
        assertThat(readTextFrame(in)).startsWith("0{\"sid\"");
        writeMaskedText(out, "40");
        String connected = readTextFrame(in);
        assertThat(connected).startsWith("40{\"sid\":\"");
        return connected.substring("40{\"sid\":\"".length(), connected.indexOf('"', "40{\"sid\":\"".length()));
    }

    private static String readUntil(InputStream in, String terminator) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (!bytes.toString(StandardCharsets.ISO_8859_1).endsWith(terminator)) {
            int b = in.read();
            assertThat(b).as("connection open").isNotEqualTo(-1);
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readTextFrame(InputStream in) throws Exception {
        int first = in.read();
        int second = in.read();
        assertThat(first & 0x0f).as("text frame").isEqualTo(1);
        int length = second & 0x7f;
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        }
        byte[] payload = in.readNBytes(length);
        return new String(payload, StandardCharsets.UTF_8);
    }

    private static void writeMaskedText(OutputStream out, String text) throws Exception {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        frame.write(0x80 | payload.length);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }
}
