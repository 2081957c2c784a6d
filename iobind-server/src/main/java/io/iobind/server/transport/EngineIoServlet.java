package io.iobind.server.transport;

import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.utils.ParseQS;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Engine.IO endpoint: WebSocket upgrades go to {@link JettyEngineIoWebSocket}, everything else is
 * HTTP long-polling handled by engine.io-server, with the guards the library lacks (origin checks, a body size
 * limit, a missing query string, and the handshake race described at {@link #handshake}).
 *
 * <p>Must be registered with {@code asyncSupported = true}: long-polls park on an {@code AsyncContext}.
 */
public final class EngineIoServlet extends JettyWebSocketServlet {

    private static final Logger LOG = LoggerFactory.getLogger(EngineIoServlet.class);

    // engine.io's own error codes (ServerErrors), so clients see the errors they know.
    private static final int UNKNOWN_TRANSPORT = 0;
    private static final int BAD_REQUEST = 3;
    private static final int FORBIDDEN = 4;
    private static final int INPUT_BUFFER_BYTES = 1024;

    private final transient EngineIoServer engineIoServer;
    private final transient OriginPolicy originPolicy;
    private final int maxMessageBytes;
    private final Duration idleTimeout;
    private final int maxOutgoingFrames;
    private final WriteBatch writeBatch;
    private final long maxOutgoingBytes;
    private final transient Set<JettyEngineIoWebSocket> openWebSockets = ConcurrentHashMap.newKeySet();
    /** Long-polls parked by engine.io; it does not always complete one that races with its socket's close. */
    private final transient OpenAsyncContexts parkedPolls = new OpenAsyncContexts();
    private volatile boolean stopping;

    public EngineIoServlet(EngineIoServer engineIoServer, OriginPolicy originPolicy, int maxMessageBytes,
                           Duration idleTimeout, int maxOutgoingFrames, long maxOutgoingBytes, WriteBatch writeBatch) {
        this.engineIoServer = engineIoServer;
        this.originPolicy = originPolicy;
        this.maxMessageBytes = maxMessageBytes;
        this.idleTimeout = idleTimeout;
        this.maxOutgoingFrames = maxOutgoingFrames;
        this.maxOutgoingBytes = maxOutgoingBytes;
        this.writeBatch = writeBatch;
    }

    @Override
    protected void configure(JettyWebSocketServletFactory factory) {
        factory.setIdleTimeout(idleTimeout);
        factory.setMaxTextMessageSize(maxMessageBytes);
        factory.setMaxBinaryMessageSize(maxMessageBytes);
        factory.setMaxOutgoingFrames(maxOutgoingFrames);
        // Jetty starts every received text message with a buffer of this many chars (and reads the network in
        // chunks of it); Socket.IO messages are mostly a few hundred bytes, and larger ones still grow as needed.
        factory.setInputBufferSize(INPUT_BUFFER_BYTES);
        factory.setCreator(this::createWebSocket);
    }

    private Object createWebSocket(JettyServerUpgradeRequest request, JettyServerUpgradeResponse response)
            throws IOException {
        HttpServletRequest http = request.getHttpServletRequest();
        String origin = request.getOrigin();
        if (!originPolicy.isHostAllowed(request.getHeader("Host"))) {
            LOG.warn("refused websocket upgrade for host {} ({})", request.getHeader("Host"), request.getRemoteSocketAddress());
            response.sendForbidden("Host not allowed");
            return null;
        }
        if (!originPolicy.isAllowed(origin, http.getScheme(), request.getHeader("Host"))) {
            LOG.warn("refused websocket upgrade from origin {} ({})", origin, request.getRemoteSocketAddress());
            response.sendForbidden("Origin not allowed");
            return null;
        }
        String queryString = request.getQueryString();
        if (queryString == null || queryString.isBlank()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Missing query string");
            return null;
        }
        Map<String, String> query = ParseQS.decode(queryString);
        if (!"websocket".equals(query.get("transport"))) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Transport unknown");
            return null;
        }
        return new JettyEngineIoWebSocket(engineIoServer, openWebSockets, query, request.getHeaders(), maxOutgoingBytes, writeBatch);
    }

    /** Drops every open WebSocket connection (see {@link JettyEngineIoWebSocket#disconnect()}); for shutdown. */
    public void disconnectWebSockets() {
        for (JettyEngineIoWebSocket webSocket : List.copyOf(openWebSockets)) {
            webSocket.disconnect();
        }
    }

    @Override
    protected void doOptions(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!checkOrigin(request, response)) {
            return;
        }
        response.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        String requestedHeaders = request.getHeader("Access-Control-Request-Headers");
        if (requestedHeaders != null) {
            response.setHeader("Access-Control-Allow-Headers", requestedHeaders);
        }
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!checkOrigin(request, response) || !checkQuery(request, response)) {
            return;
        }
        if (stopping) {
            sendEngineIoError(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, BAD_REQUEST, "Server is stopping");
            return;
        }
        if (ParseQS.decode(request.getQueryString()).get("sid") == null) {
            handshake(request, response);
        } else {
            handle(new TrackedPollRequest(request), response);
        }
    }

    /**
     * For shutdown: refuses new polls and answers every parked one (503), so no long-poll keeps the server's
     * graceful stop waiting.
     */
    public void endParkedPolls() {
        stopping = true;
        for (AsyncContext poll : parkedPolls.snapshot()) {
            parkedPolls.remove(poll);
            try {
                if (!poll.getResponse().isCommitted()) {
                    ((HttpServletResponse) poll.getResponse()).setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                }
                poll.complete();
            } catch (IllegalStateException alreadyEnded) {
                // engine.io answered it in the meantime
            }
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!checkOrigin(request, response) || !checkQuery(request, response)) {
            return;
        }
        long declaredLength = request.getContentLengthLong();
        if (declaredLength > maxMessageBytes) {
            refuseTooLarge(request, response, declaredLength);
            return;
        }
        // engine.io reads exactly Content-Length bytes and loops forever on a short body; hand it a complete,
        // bounded copy instead (this also covers chunked bodies, which have no Content-Length).
        byte[] body = readAtMost(request.getInputStream(), maxMessageBytes + 1);
        if (body.length > maxMessageBytes) {
            refuseTooLarge(request, response, declaredLength);
            return;
        }
        if (body.length == 0) {
            sendEngineIoError(response, HttpServletResponse.SC_BAD_REQUEST, BAD_REQUEST, "Empty body");
            return;
        }
        handle(new BufferedBodyRequest(request, body), response);
    }

    /**
     * Answers 413 to a body over the limit so that the client reads it. Closing a connection whose peer is still
     * sending makes the kernel reset it, and a reset discards the 413 the client has not read yet (Jetty itself
     * discards only a few KiB after a response that closes). So the rest of the body is read and dropped first,
     * up to {@link #drainLimit()}; only a body larger than that, which no Socket.IO client sends, gets its
     * connection closed early. A client that waits for {@code 100 Continue} is answered without reading: it
     * sends nothing after a final status.
     */
    private void refuseTooLarge(HttpServletRequest request, HttpServletResponse response, long declaredLength)
            throws IOException {
        LOG.warn("refused polling body over {} bytes from {}", maxMessageBytes, request.getRemoteAddr());
        boolean expectsContinue = "100-continue".equalsIgnoreCase(request.getHeader("Expect"));
        boolean drained = !expectsContinue && declaredLength <= drainLimit()
                && discardAtMost(request.getInputStream(), drainLimit());
        if (!drained) {
            response.setHeader("Connection", "close");
        }
        sendEngineIoError(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, BAD_REQUEST,
                "Payload too large (max " + maxMessageBytes + " bytes)");
    }

    /** How much of an over-limit body is read and dropped so the 413 reaches the client: 16 times the limit. */
    private long drainLimit() {
        return 16L * maxMessageBytes;
    }

    /**
     * A polling handshake. engine.io-server writes the OPEN packet (with the new sid) <em>before</em> it
     * registers that sid and before Socket.IO attaches its listeners, so a fast client could send its next
     * request in between and get "Session ID unknown" or lose its CONNECT packet. Here the handshake runs
     * synchronously into a buffer and the buffered response is released only after engine.io has returned,
     * when the session is fully registered.
     */
    private void handshake(HttpServletRequest request, HttpServletResponse response) throws IOException {
        BufferingResponse buffering = new BufferingResponse(response);
        handle(new SynchronousRequest(request), buffering);
        if (!response.isCommitted()) {
            byte[] bytes = buffering.bytes();
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }

    private void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            engineIoServer.handleRequest(request, response);
        } catch (RuntimeException failure) {
            LOG.warn("engine.io failed on {} {}?{}: {}", request.getMethod(), request.getRequestURI(),
                    request.getQueryString(), failure.toString());
            if (!response.isCommitted()) {
                response.reset();
                sendEngineIoError(response, HttpServletResponse.SC_BAD_REQUEST, BAD_REQUEST, "Bad request");
            }
        }
    }

    private boolean checkOrigin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String origin = request.getHeader("Origin");
        String host = request.getHeader("Host");
        if (!originPolicy.isHostAllowed(host)) {
            LOG.warn("refused {} polling request for host {} ({})", request.getMethod(), host, request.getRemoteAddr());
            sendEngineIoError(response, HttpServletResponse.SC_FORBIDDEN, FORBIDDEN, "Host not allowed");
            return false;
        }
        if (!originPolicy.isAllowed(origin, request.getScheme(), host)) {
            LOG.warn("refused {} polling request from origin {} ({})", request.getMethod(), origin, request.getRemoteAddr());
            sendEngineIoError(response, HttpServletResponse.SC_FORBIDDEN, FORBIDDEN, "Origin not allowed");
            return false;
        }
        if (originPolicy.isCrossOrigin(origin, request.getScheme(), host)) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Credentials", "true");
            response.addHeader("Vary", "Origin");
        }
        return true;
    }

    private boolean checkQuery(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String queryString = request.getQueryString();
        if (queryString == null || queryString.isBlank()) {
            sendEngineIoError(response, HttpServletResponse.SC_BAD_REQUEST, UNKNOWN_TRANSPORT, "Transport unknown");
            return false;
        }
        if (ParseQS.decode(queryString).containsKey("j")) {
            // JSONP polling is gone from Engine.IO 4 and the library's JSONP path has unchecked inputs.
            sendEngineIoError(response, HttpServletResponse.SC_BAD_REQUEST, BAD_REQUEST, "JSONP polling is not supported");
            return false;
        }
        return true;
    }

    private static void sendEngineIoError(HttpServletResponse response, int status, int code, String message)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"code\":" + code + ",\"message\":\"" + message.replace("\"", "'") + "\"}");
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int total = 0;
        int read;
        while (total < limit && (read = in.read(chunk, 0, Math.min(chunk.length, limit - total))) != -1) {
            out.write(chunk, 0, read);
            total += read;
        }
        return out.toByteArray();
    }

    /** Reads and drops what is left of a body; true when it ended within {@code limit} bytes. */
    private static boolean discardAtMost(InputStream in, long limit) throws IOException {
        byte[] chunk = new byte[8192];
        long total = 0;
        int read;
        while ((read = in.read(chunk)) != -1) {
            total += read;
            if (total > limit) {
                return false;
            }
        }
        return true;
    }

    /** A polling GET whose long-poll, when engine.io parks it, is remembered until it ends. */
    private final class TrackedPollRequest extends HttpServletRequestWrapper {
        TrackedPollRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public AsyncContext startAsync() {
            return parkedPolls.track(super.startAsync());
        }

        @Override
        public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
            return parkedPolls.track(super.startAsync(request, response));
        }
    }

    /** The request as engine.io should see it for a handshake: not asynchronous, so it answers at once. */
    private static final class SynchronousRequest extends HttpServletRequestWrapper {
        SynchronousRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public boolean isAsyncSupported() {
            return false;
        }

        @Override
        public boolean isAsyncStarted() {
            return false;
        }
    }

    /** A POST whose body was already read (and size-checked) by the servlet. */
    private static final class BufferedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            return new ServletInputStream() {
                private int position;

                @Override
                public int read() {
                    return position < body.length ? body[position++] & 0xff : -1;
                }

                @Override
                public int read(byte[] target, int offset, int length) {
                    if (position >= body.length) {
                        return -1;
                    }
                    int count = Math.min(Math.min(length, target.length - offset), body.length - position);
                    System.arraycopy(body, position, target, offset, count);
                    position += count;
                    return count;
                }

                @Override
                public boolean isFinished() {
                    return position >= body.length;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener readListener) {
                    throw new IllegalStateException("body is already buffered");
                }
            };
        }
    }

    /** Holds a response body in memory until the servlet releases it. */
    private static final class BufferingResponse extends HttpServletResponseWrapper {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private PrintWriter writer;

        BufferingResponse(HttpServletResponse response) {
            super(response);
        }

        byte[] bytes() {
            if (writer != null) {
                writer.flush();
            }
            return buffer.toByteArray();
        }

        @Override
        public void setContentLength(int length) {
            // set from the buffered bytes when they are released
        }

        @Override
        public void setContentLengthLong(long length) {
            // set from the buffered bytes when they are released
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return new ServletOutputStream() {
                @Override
                public void write(int b) {
                    buffer.write(b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    buffer.write(bytes, offset, length);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener writeListener) {
                    throw new IllegalStateException("buffered response");
                }
            };
        }

        @Override
        public PrintWriter getWriter() {
            if (writer == null) {
                writer = new PrintWriter(new OutputStreamWriter(buffer, StandardCharsets.UTF_8));
            }
            return writer;
        }

        @Override
        public void flushBuffer() {
            // nothing reaches the client before release
        }
    }
}
