package io.iobind.server.conformance;

import io.iobind.server.IobindServer;
import io.iobind.server.socketio.SocketIoServer;
import io.iobind.server.transport.EngineOptions;
import io.iobind.server.transport.EngineServer;
import io.iobind.server.transport.EngineServlet;
import io.iobind.server.transport.EngineSocket;
import io.iobind.server.transport.OriginPolicy;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.time.Duration;
import java.util.List;

/**
 * The server the official protocol suites expect on port 3000 ({@code -Dport} to change it), configured as their
 * READMEs say: ping 300 ms, timeout 200 ms, maxPayload 1e6, every origin allowed.
 * {@code eio}: an Engine.IO echo server at {@code /engine.io/}. {@code sio}: an {@link IobindServer} with the
 * namespaces and events the socket.io suite's README describes: on connection each socket is sent {@code auth} with
 * its CONNECT payload, on {@code /} and {@code /custom}; {@code message} is echoed as {@code message-back};
 * {@code message-with-ack} is acknowledged with its own arguments; the connect timeout is 1 s.
 */
public final class ProtocolSuiteServer {

    private ProtocolSuiteServer() {
    }

    public static void main(String[] args) throws Exception {
        String suite = args.length > 0 ? args[0] : "";
        int port = Integer.getInteger("port", 3000);
        switch (suite) {
            case "eio" -> serve(port, "/engine.io/*", engineEcho());
            case "sio" -> socketIoServer(port).join();
            default -> throw new IllegalArgumentException("usage: ProtocolSuiteServer eio|sio");
        }
    }

    /** The socket.io suite's server, on the product's own entry point. */
    static IobindServer socketIoServer(int port) throws Exception {
        IobindServer server = IobindServer.builder().host("localhost").port(port)
                .pingInterval(Duration.ofMillis(300)).pingTimeout(Duration.ofMillis(200))
                .maxMessageBytes(1_000_000).connectTimeout(Duration.ofSeconds(1))
                .allowedOrigins("*")
                // The suite's WebSocket client (ws) parses every frame of one network read before the test's next
                // listener is added, so of two packets read together (e.g. CONNECT's answer and the "auth" event
                // sent right after it) the test never sees the second: a race of the suite itself, which the Node
                // reference (no compression by default) loses about 1 run in 3. With compression, ws inflates
                // frames one at a time, asynchronously, and the test sees each. SUITE_DEFLATE=off runs without it.
                .perMessageDeflate(!"off".equals(System.getenv("SUITE_DEFLATE")))
                .build();
        SocketIoServer io = server.socketIo();
        io.namespace("/").onConnectionNonBlocking(socket -> {
            socket.emit("auth", socket.auth());
            socket.on("message", (source, event, args, ack) -> source.emit("message-back", args.toArray()));
            socket.on("message-with-ack", (source, event, args, ack) -> {
                if (ack != null) {
                    ack.send(args.toArray());
                }
            });
        });
        io.namespace("/custom").onConnectionNonBlocking(socket -> socket.emit("auth", socket.auth()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }));
        return server.start();
    }

    private static final EngineOptions OPTIONS =
            new EngineOptions(Duration.ofMillis(300), Duration.ofMillis(200), 1_000_000, 10_000, 64L * 1024 * 1024);

    /** Every message is sent back as it came, text or binary. */
    private static EngineServer engineEcho() {
        return new EngineServer(OPTIONS, null, socket -> socket.listener(new EngineSocket.Listener() {
            @Override
            public void onMessage(String text) {
                socket.send(text);
            }

            @Override
            public void onMessage(byte[] data) {
                socket.send(data);
            }

            @Override
            public void onClose(String reason) {
            }
        }));
    }

    private static void serve(int port, String path, EngineServer engine) throws Exception {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder("engine.io",
                new EngineServlet(engine, new OriginPolicy(List.of(OriginPolicy.ANY)), Duration.ofSeconds(30)));
        holder.setAsyncSupported(true);
        context.addServlet(holder, path);
        jetty.setHandler(context);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }));
        jetty.start();
        jetty.join();
    }
}
