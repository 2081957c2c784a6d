package io.iobind.server.transport;

import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Decides which browser origins may talk to the Socket.IO endpoint.
 *
 * <p>Same-origin is always allowed; anything else must be on the explicit allow-list ({@code "*"} allows
 * every origin). A request without an {@code Origin} header is not a cross-site browser request (browsers send
 * it on every cross-origin XHR and WebSocket handshake) and is allowed, so non-browser clients keep working.
 */
public final class OriginPolicy {

    public static final String ANY = "*";

    private final Set<String> allowed;
    private final boolean allowAny;

    public OriginPolicy(Collection<String> allowedOrigins) {
        Set<String> normalized = new LinkedHashSet<>();
        boolean any = false;
        for (String origin : allowedOrigins) {
            if (ANY.equals(origin)) {
                any = true;
            } else {
                normalized.add(normalize(origin));
            }
        }
        this.allowed = Set.copyOf(normalized);
        this.allowAny = any;
    }

    /**
     * @param origin     the request's {@code Origin} header, or null
     * @param scheme     the request's scheme as the server saw it (http / https)
     * @param hostHeader the request's {@code Host} header (host[:port])
     */
    public boolean isAllowed(String origin, String scheme, String hostHeader) {
        if (origin == null) {
            return true;
        }
        String candidate = normalize(origin);
        if (hostHeader != null && candidate.equals(normalize(scheme + "://" + hostHeader))) {
            return true;
        }
        return allowAny || allowed.contains(candidate);
    }

    /** True when a cross-origin response must carry CORS headers for this origin. */
    public boolean isCrossOrigin(String origin, String scheme, String hostHeader) {
        return origin != null && (hostHeader == null || !normalize(origin).equals(normalize(scheme + "://" + hostHeader)));
    }

    /** Lower-cases scheme and host and drops a default port, so equal origins compare equal. */
    static String normalize(String origin) {
        String trimmed = origin.trim();
        try {
            URI uri = URI.create(trimmed);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return trimmed.toLowerCase(Locale.ROOT);
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1
                    || ("http".equals(scheme) || "ws".equals(scheme)) && port == 80
                    || ("https".equals(scheme) || "wss".equals(scheme)) && port == 443;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException notAUri) {
            return trimmed.toLowerCase(Locale.ROOT);
        }
    }

    public Set<String> allowedOrigins() {
        return allowed;
    }

    public boolean allowsAny() {
        return allowAny;
    }
}
