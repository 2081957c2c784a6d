package io.iobind.server.transport;

import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.core.Behavior;
import org.eclipse.jetty.websocket.core.ExtensionStack;
import org.eclipse.jetty.websocket.core.Negotiated;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.eclipse.jetty.websocket.core.internal.MessageHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SelectorReadEndPoint#fill}: after a WebSocket read that left room in the buffer, the next fill answers 0
 * without a system call (Jetty then waits for the selector), and the bytes that came in between are read by the fill
 * after that. Over a real loopback socket; the fills are called directly, as Jetty's WebSocket connection calls them.
 */
class SelectorReadEndPointFillTest {

    private ServerSocketChannel listener;
    private SocketChannel client;
    private SocketChannel accepted;
    private ScheduledExecutorScheduler scheduler;
    private SelectorReadEndPoint endPoint;

    @BeforeEach
    void connect() throws Exception {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = SocketChannel.open(listener.getLocalAddress());
        accepted = listener.accept();
        accepted.configureBlocking(false);
        scheduler = new ScheduledExecutorScheduler();
        scheduler.start();
        endPoint = new SelectorReadEndPoint(accepted, null, null, scheduler, () -> false, () -> false,
                new AtomicReference<>());
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        accepted.close();
        listener.close();
        scheduler.stop();
    }

    private void send(String text) throws IOException {
        client.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Fills into {@code buffer} (flush mode, emptied first) once the bytes sent are there: at most 5 s of tries. */
    private int fillWhenReadable(ByteBuffer buffer) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        int filled;
        do {
            BufferUtil.clear(buffer);
            filled = endPoint.fill(buffer);
        } while (filled == 0 && System.nanoTime() < deadline && pause());
        return filled;
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(2);
        return true;
    }

    private static String text(ByteBuffer buffer) {
        return BufferUtil.toString(buffer, StandardCharsets.US_ASCII);
    }

    private void connectWebSocket() {
        WebSocketComponents components = new WebSocketComponents();
        ExtensionStack extensions = new ExtensionStack(components, Behavior.SERVER);
        extensions.negotiate(List.of(), List.of());
        // Any frame handler will do (Jetty's own simplest one): these tests call fill directly and parse nothing.
        WebSocketCoreSession session = new WebSocketCoreSession(new MessageHandler(), Behavior.SERVER,
                Negotiated.from(extensions), components);
        endPoint.setConnection(new WebSocketConnection(endPoint, Runnable::run, scheduler,
                new ArrayByteBufferPool(), session));
    }

    @Test
    void afterAShortWebSocketReadTheNextFillAsksTheSelectorAndNothingIsLost() throws Exception {
        connectWebSocket();
        ByteBuffer buffer = BufferUtil.allocate(64);

        send("first");
        assertThat(fillWhenReadable(buffer)).isEqualTo(5);
        assertThat(text(buffer)).isEqualTo("first");

        send("second");
        Thread.sleep(50); // the bytes are in the socket now
        BufferUtil.clear(buffer);
        assertThat(endPoint.fill(buffer)).as("the fill right after a short read").isZero();
        assertThat(buffer.hasRemaining()).isFalse();

        // The caller registers for reading; the selector finds the socket readable and the next fill reads.
        assertThat(fillWhenReadable(buffer)).isEqualTo(6);
        assertThat(text(buffer)).isEqualTo("second");
    }

    @Test
    void aReadThatFillsTheBufferIsFollowedByARealOne() throws Exception {
        connectWebSocket();
        ByteBuffer buffer = BufferUtil.allocate(4);

        send("abcdefg");
        assertThat(fillWhenReadable(buffer)).isEqualTo(4);
        assertThat(text(buffer)).isEqualTo("abcd");
        BufferUtil.clear(buffer);
        assertThat(endPoint.fill(buffer)).as("more may be waiting: asked again").isEqualTo(3);
        assertThat(text(buffer)).isEqualTo("efg");
    }

    @Test
    void otherConnectionsAlwaysReadTheSocket() throws Exception {
        endPoint.setConnection(new AbstractConnection(endPoint, Runnable::run) {
            @Override
            public void onFillable() {
            }
        });
        ByteBuffer buffer = BufferUtil.allocate(64);

        send("GET / HTTP/1.1\r\n");
        assertThat(fillWhenReadable(buffer)).isEqualTo(16);
        send("\r\n");
        Thread.sleep(50);
        BufferUtil.clear(buffer);
        assertThat(endPoint.fill(buffer)).isEqualTo(2);
    }

    @Test
    void anEndOfStreamAfterAShortReadIsSeenByTheFollowingFill() throws Exception {
        connectWebSocket();
        ByteBuffer buffer = BufferUtil.allocate(64);

        send("last");
        assertThat(fillWhenReadable(buffer)).isEqualTo(4);
        client.shutdownOutput();
        Thread.sleep(50);
        BufferUtil.clear(buffer);
        assertThat(endPoint.fill(buffer)).isZero();
        BufferUtil.clear(buffer);
        assertThat(endPoint.fill(buffer)).isEqualTo(-1);
        assertThat(endPoint.isInputShutdown()).isTrue();
    }
}
