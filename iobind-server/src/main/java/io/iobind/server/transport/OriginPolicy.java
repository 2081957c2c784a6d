package io.iobind.server.transport;

import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which browser origins may talk to the Socket.IO endpoint.
 *
 * <p>Same-origin is always allowed; anything else must be on the explicit allow-list ({@code "*"} allows
 * every origin). A request without an {@code Origin} header is not a cross-site browser request (browsers send
 * it on every cross-origin XHR and WebSocket handshake) and is allowed, so non-browser clients keep working.
 */
public final class OriginPolicy {

    public static final String ANY = "*";

    private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private final Set<String> allowed;
    private final Set<String> allowedHosts;
    private final boolean allowAny;
    private final boolean loopbackHostsOnly;

    public OriginPolicy(Collection<String> allowedOrigins) {
        this(allowedOrigins, false);
    }

    /**
     * @param loopbackHostsOnly true when the server listens on loopback only: then a request must name a loopback
     *                          host (or one of the allowed origins' hosts) in its {@code Host} header, so a page
     *                          whose DNS name was rebound to 127.0.0.1 cannot pass for same-origin
     */
    public OriginPolicy(Collection<String> allowedOrigins, boolean loopbackHostsOnly) {
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
        this.loopbackHostsOnly = loopbackHostsOnly;
        Set<String> hosts = new LinkedHashSet<>();
        for (String origin : normalized) {
            try {
                String host = URI.create(origin).getHost();
                if (host != null) {
                    hosts.add(host.toLowerCase(Locale.ROOT));
                }
            } catch (IllegalArgumentException notAUri) {
                // not an origin with a host; it can match no Host header
            }
        }
        this.allowedHosts = Set.copyOf(hosts);
    }

    /**
     * False when the server is loopback-only and {@code hostHeader} names neither a loopback host
     * ({@code localhost}, {@code 127.x.y.z}, {@code [::1]}) nor the host of an allowed origin.
     */
    public boolean isHostAllowed(String hostHeader) {
        if (!loopbackHostsOnly || allowAny || hostHeader == null) {
            return true;
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0) {
                return false;
            }
            String literal = host.substring(1, end);
            return literal.equals("::1") || literal.equals("0:0:0:0:0:0:0:1") || allowedHosts.contains("[" + literal + "]");
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host.equals("localhost") || host.endsWith(".localhost") || LOOPBACK_IPV4.matcher(host).matches()
                || allowedHosts.contains(host);
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
