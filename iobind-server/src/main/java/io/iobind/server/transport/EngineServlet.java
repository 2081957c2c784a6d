package io.iobind.server.transport;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletCoreRequest;
import org.eclipse.jetty.ee10.servlet.ServletCoreResponse;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.server.FrameHandlerFactory;
import org.eclipse.jetty.websocket.core.server.WebSocketMappings;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Engine.IO endpoint over HTTP: long-polling requests, and WebSocket upgrades handed to
 * {@link EngineWebSocket}; the sessions themselves are {@link EngineServer}'s. Before any of that it checks the
 * Host and Origin ({@link OriginPolicy}), the query, and the size of polling bodies.
 *
 * <p>Must be registered with {@code asyncSupported = true}: polls wait for packets in asynchronous mode, holding
 * no thread. {@link EngineServer#close()} ends every session and answers every waiting poll.
 */
public final class EngineServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(EngineServlet.class);

    private static final int INPUT_BUFFER_BYTES = 1024;
    /** A waiting poll is answered by the next ping at the latest; this only catches one a session lost. */
    private static final Duration POLL_TIMEOUT_MARGIN = Duration.ofSeconds(10);

    private final transient EngineServer engine;
    private final transient OriginPolicy originPolicy;
    private final Duration idleTimeout;
    private final int maxPayload;
    private final boolean perMessageDeflate;
    private final transient FrameHandlerFactory frameHandlers = (socket, request, response) -> (FrameHandler) socket;
    private final transient Configuration.Customizer webSocketSettings;
    private transient WebSocketMappings webSockets;

    /**
     * @param idleTimeout how long a WebSocket may stay silent before Jetty closes it; longer than a ping round,
     *                    so a quiet but healthy connection is never cut
     */
    public EngineServlet(EngineServer engine, OriginPolicy originPolicy, Duration idleTimeout) {
        this(engine, originPolicy, idleTimeout, false);
    }

    /**
     * @param perMessageDeflate whether a WebSocket client's offer of compression is accepted (see
     *                          {@code IobindServer.Builder#perMessageDeflate})
     */
    public EngineServlet(EngineServer engine, OriginPolicy originPolicy, Duration idleTimeout, boolean perMessageDeflate) {
        this.perMessageDeflate = perMessageDeflate;
        this.engine = engine;
        this.originPolicy = originPolicy;
        this.idleTimeout = idleTimeout;
        this.maxPayload = engine.options().maxPayload();
        this.webSocketSettings = settings -> {
            settings.setIdleTimeout(idleTimeout);
            // A message may come in one frame; EngineWebSocket bounds a message in several frames itself.
            settings.setMaxFrameSize(maxPayload);
            settings.setMaxTextMessageSize(maxPayload);
            settings.setMaxBinaryMessageSize(maxPayload);
            // Jetty reads the network in chunks of this size; Engine.IO messages are mostly a few hundred bytes.
            settings.setInputBufferSize(INPUT_BUFFER_BYTES);
        };
    }

    @Override
    public void init() throws ServletException {
        ServletContextHandler context = ServletContextHandler.getServletContextHandler(getServletContext());
        webSockets = new WebSocketMappings(WebSocketServerComponents.ensureWebSocketComponents(context.getServer(), context));
    }

    /** Checks every request before it reaches a WebSocket upgrade or a polling handler. */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        try {
            serveEngineIo(request, response);
        } catch (EofException | ClosedChannelException clientGone) {
            // The client closed its connection before its answer was written (a page closing, a client stopping):
            // nothing to answer any more. Thrown on, Jetty would log it as an application fault.
            LOG.debug("{} {}: the client went away before its answer was written: {}", request.getMethod(),
                    request.getRequestURI(), clientGone.toString());
        }
    }

    private void serveEngineIo(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (!checkOrigin(request, response)) {
            return;
        }
        String method = request.getMethod();
        if ("OPTIONS".equals(method)) {
            preflight(request, response);
            return;
        }
        String queryString = request.getQueryString();
        if (queryString == null || queryString.isBlank()) {
            sendError(response, HttpServletResponse.SC_BAD_REQUEST, EngineServer.UNKNOWN_TRANSPORT, "Transport unknown");
            return;
        }
        Map<String, String> query = decodeQuery(queryString);
        if (query.containsKey("j")) {
            // JSONP polling is gone from Engine.IO 4.
            sendError(response, HttpServletResponse.SC_BAD_REQUEST, EngineServer.BAD_REQUEST, "JSONP polling is not supported");
            return;
        }
        if (!"4".equals(query.get("EIO"))) {
            sendError(response, HttpServletResponse.SC_BAD_REQUEST, EngineServer.UNSUPPORTED_PROTOCOL_VERSION,
                    "Unsupported protocol version");
            return;
        }
        String transport = query.get("transport");
        boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
        if (!(upgrade ? EngineSession.WEBSOCKET : EngineSession.POLLING).equals(transport)) {
            sendError(response, HttpServletResponse.SC_BAD_REQUEST, EngineServer.UNKNOWN_TRANSPORT, "Transport unknown");
            return;
        }
        if (upgrade && "GET".equals(method)) {
            upgrade(request, response, query);
            return;
        }
        if ("GET".equals(method)) {
            if (query.get("sid") == null) {
                handshake(request, response, query);
            } else {
                poll(request, response, query.get("sid"));
            }
        } else if ("POST".equals(method)) {
            if (query.get("sid") == null) {
                sendError(response, HttpServletResponse.SC_BAD_REQUEST, EngineServer.BAD_HANDSHAKE_METHOD, "Bad handshake method");
            } else {
                post(request, response, query.get("sid"));
            }
        } else {
            sendError(response, HttpServletResponse.SC_BAD_REQUEST, EngineServer.BAD_REQUEST, "Bad request");
        }
    }

    /** Hands the connection to a new {@link EngineWebSocket} (an unknown sid is refused after the upgrade, as clients expect). */
    private void upgrade(HttpServletRequest request, HttpServletResponse response, Map<String, String> query)
            throws IOException {
        EngineWebSocket socket = new EngineWebSocket(engine, query.get("sid"), query, headersOf(request), remoteAddressOf(request));
        WebSocketNegotiator negotiator = WebSocketNegotiator.from((upgradeRequest, upgradeResponse, callback) -> {
            if (!perMessageDeflate) {
                // Unless asked for, no permessage-deflate, which browsers and socket.io-client offer and Jetty would
                // accept: it compresses every push once per recipient and keeps a deflater and an inflater (some
                // 100 KB) per connection, while Socket.IO messages are small. Node's socket.io server declines it
                // by default too.
                upgradeResponse.setExtensions(List.of());
            }
            return socket;
        }, frameHandlers, webSocketSettings);
        Request coreRequest = ServletCoreRequest.wrap(request);
        Response coreResponse = ServletCoreResponse.wrap(coreRequest, response, false);
        FutureCallback upgraded = new FutureCallback();
        if (webSockets.upgrade(negotiator, coreRequest, coreResponse, upgraded, null)) {
            try {
                upgraded.block();
            } catch (IOException closed) {
                // The connection closed before the upgrade completed (the server stopping, or the client gone): it
                // has no one left to answer, and Jetty would log the servlet's exception as a WARN.
                LOG.debug("websocket upgrade from {} did not complete: {}", remoteAddressOf(request), closed.toString());
            }
        } else if (!response.isCommitted()) {
            sendError(response, HttpServletResponse.SC_BAD_REQUEST, EngineServer.BAD_REQUEST, "Bad request");
        }
    }

    private void preflight(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        String requestedHeaders = request.getHeader("Access-Control-Request-Headers");
        if (requestedHeaders != null) {
            response.setHeader("Access-Control-Allow-Headers", requestedHeaders);
        }
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /**
     * A polling handshake, answered synchronously: the session is registered and its listener set before the
     * OPEN packet (with the sid) is written, so the client's next request always finds it.
     */
    private void handshake(HttpServletRequest request, HttpServletResponse response, Map<String, String> query)
            throws IOException {
        EngineSession session = engine.open(EngineSession.POLLING, query, headersOf(request), remoteAddressOf(request));
        if (session == null) {
            sendError(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, EngineServer.BAD_REQUEST, "Server is stopping");
            return;
        }
        writePayload(response, engine.openPacket(session, true));
    }

    private static void writePayload(HttpServletResponse response, String payload) throws IOException {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain; charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private void poll(HttpServletRequest request, HttpServletResponse response, String sid) throws IOException {
        EngineSession session = engine.session(sid);
        if (session == null) {
            if (engine.takeClientClosed(sid)) {
                writePayload(response, "6");
            } else {
                sendError(response, HttpServletResponse.SC_BAD_REQUEST, EngineServer.UNKNOWN_SID, "Session ID unknown");
            }
            return;
        }
        AsyncContext context = request.startAsync();
        context.setTimeout(engine.options().pingInterval().plus(engine.options().pingTimeout())
                .plus(POLL_TIMEOUT_MARGIN).toMillis());
        PollRequest poll = new PollRequest(context);
        engine.trackPoll(poll);
        context.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
                if (session.forgetPoll(poll)) {
                    poll.answer("6");
                } else {
                    context.complete();
                }
            }

            @Override
            public void onError(AsyncEvent event) {
                engine.forgetPoll(poll);
                session.forgetPoll(poll);
            }

            @Override
            public void onComplete(AsyncEvent event) {
                engine.forgetPoll(poll);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        session.onPoll(poll);
    }

    private void post(HttpServletRequest request, HttpServletResponse response, String sid) throws IOException {
        long declaredLength = request.getContentLengthLong();
        if (declaredLength > maxPayload) {
            refuseTooLarge(request, response, declaredLength);
            return;
        }
        // Read at most one byte over the limit, so a chunked body (no Content-Length) is bounded too.
        byte[] body = readAtMost(request.getInputStream(), maxPayload + 1);
        if (body.length > maxPayload) {
            refuseTooLarge(request, response, declaredLength);
            return;
        }
        if (body.length == 0) {
            sendError(response, HttpServletResponse.SC_BAD_REQUEST, EngineServer.BAD_REQUEST, "Empty body");
            return;
        }
        EngineSession session = engine.session(sid);
        EngineSession.PostOutcome outcome = session == null ? EngineSession.PostOutcome.UNKNOWN_SID
                : session.onPost(new String(body, StandardCharsets.UTF_8));
        switch (outcome) {
            case OK -> {
                response.setContentType("text/html; charset=UTF-8");
                response.setContentLength(2);
                response.getOutputStream().write('o');
                response.getOutputStream().write('k');
            }
            case UNKNOWN_SID -> sendError(response, HttpServletResponse.SC_BAD_REQUEST, EngineServer.UNKNOWN_SID, "Session ID unknown");
            case BAD_REQUEST -> sendError(response, HttpServletResponse.SC_BAD_REQUEST, EngineServer.BAD_REQUEST, "Bad request");
        }
    }

    /**
     * Answers 413 to a body over the limit so that the client reads it. Closing a connection whose peer is still
     * sending makes the kernel reset it, and a reset discards the 413 the client has not read yet (Jetty itself
     * discards only a few KiB after a response that closes). So the rest of the body is read and dropped first,
     * up to {@link #drainLimit()}; only a body larger than that, which no Engine.IO client sends, gets its
     * connection closed early. A client that waits for {@code 100 Continue} is answered without reading: it
     * sends nothing after a final status.
     */
    private void refuseTooLarge(HttpServletRequest request, HttpServletResponse response, long declaredLength)
            throws IOException {
        LOG.warn("refused polling body over {} bytes from {}", maxPayload, request.getRemoteAddr());
        boolean expectsContinue = "100-continue".equalsIgnoreCase(request.getHeader("Expect"));
        boolean drained = !expectsContinue && declaredLength <= drainLimit()
                && discardAtMost(request.getInputStream(), drainLimit());
        if (!drained) {
            response.setHeader("Connection", "close");
        }
        sendError(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, EngineServer.BAD_REQUEST,
                "Payload too large (max " + maxPayload + " bytes)");
    }

    /** How much of an over-limit body is read and dropped so the 413 reaches the client: 16 times the limit. */
    private long drainLimit() {
        return 16L * maxPayload;
    }

    /** Refuses a request from a Host or Origin the policy does not allow; sets CORS headers for allowed origins. */
    private boolean checkOrigin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String origin = request.getHeader("Origin");
        String host = request.getHeader("Host");
        if (!originPolicy.isHostAllowed(host)) {
            LOG.warn("refused {} request for host {} ({})", request.getMethod(), host, request.getRemoteAddr());
            sendError(response, HttpServletResponse.SC_FORBIDDEN, EngineServer.FORBIDDEN, "Host not allowed");
            return false;
        }
        if (!originPolicy.isAllowed(origin, request.getScheme(), host)) {
            LOG.warn("refused {} request from origin {} ({})", request.getMethod(), origin, request.getRemoteAddr());
            sendError(response, HttpServletResponse.SC_FORBIDDEN, EngineServer.FORBIDDEN, "Origin not allowed");
            return false;
        }
        if (originPolicy.isCrossOrigin(origin, request.getScheme(), host)) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Credentials", "true");
            response.addHeader("Vary", "Origin");
        }
        return true;
    }

    private static void sendError(HttpServletResponse response, int status, int code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(PollRequest.errorJson(code, message));
    }

    /** The query's parameters, decoded; the first value of a repeated one. */
    static Map<String, String> decodeQuery(String queryString) {
        Map<String, String> query = new LinkedHashMap<>();
        if (queryString != null) {
            for (String pair : queryString.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                query.putIfAbsent(name, value);
            }
        }
        return Collections.unmodifiableMap(query);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }

    private static Map<String, List<String>> headersOf(HttpServletRequest request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, List.copyOf(Collections.list(request.getHeaders(name))));
        }
        return Collections.unmodifiableMap(headers);
    }

    private static String remoteAddressOf(HttpServletRequest request) {
        return request.getRemoteAddr() + ":" + request.getRemotePort();
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
}
