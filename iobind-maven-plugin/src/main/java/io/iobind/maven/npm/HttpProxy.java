package io.iobind.maven.npm;

import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An HTTP proxy for registry downloads, as Maven's {@code <proxy>} settings describe one: host, port, optional
 * credentials and {@code nonProxyHosts} ({@code |}-separated, {@code *} wildcards).
 */
public record HttpProxy(String host, int port, String username, String password, String nonProxyHosts) {

    /** The selector: this proxy, except for the hosts listed in nonProxyHosts. */
    public ProxySelector selector() {
        Proxy proxy = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
        List<Pattern> direct = nonProxyHosts == null || nonProxyHosts.isBlank() ? List.of()
                : java.util.Arrays.stream(nonProxyHosts.split("[|,]")).map(String::trim).filter(h -> !h.isEmpty())
                        .map(h -> Pattern.compile(Pattern.quote(h.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q"))).toList();
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                String target = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
                return direct.stream().anyMatch(p -> p.matcher(target).matches()) ? List.of(Proxy.NO_PROXY) : List.of(proxy);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException failure) {
                // the download reports the failure itself
            }
        };
    }

    /** Answers the proxy's authentication challenge, or null when the proxy needs none. */
    public Authenticator authenticator() {
        if (username == null || username.isEmpty()) {
            return null;
        }
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return getRequestorType() == RequestorType.PROXY
                        ? new PasswordAuthentication(username, password == null ? new char[0] : password.toCharArray())
                        : null;
            }
        };
    }
}
