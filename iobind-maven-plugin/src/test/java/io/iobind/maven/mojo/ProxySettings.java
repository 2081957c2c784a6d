package io.iobind.maven.mojo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.maven.settings.Proxy;

/**
 * A {@code settings.xml} proxy whose password Maven encrypted ({@code src/test/resources/unit/proxy/settings-security.xml}
 * holds the master password), and an HTTP proxy on 127.0.0.1 that serves npm tarballs only to a client that
 * authenticates with the decrypted password.
 */
final class ProxySettings {

    static final String USERNAME = "proxy-user";
    static final String PASSWORD = "proxy pass:word";
    /**
     * {@link #PASSWORD} as Maven encrypted it: the master password in {@link #SECURITY_FILE} is the output of
     * {@code mvn --encrypt-master-password iobind-master-secret}, this that of
     * {@code mvn -Dsettings.security=<that file> --encrypt-password 'proxy pass:word'}.
     */
    static final String ENCRYPTED_PASSWORD = "{0UB4F28evvAHmhYd3jPjHzoSvyTYq4ZuS6sWyT0DkPw=}";
    /** The file {@code -Dsettings.security} names, read by Maven's settings decrypter. */
    static final String SECURITY_FILE = "src/test/resources/unit/proxy/settings-security.xml";

    private ProxySettings() {
    }

    /** An active http {@code <proxy>} with the encrypted password. */
    static Proxy encryptedProxy(int port) {
        Proxy proxy = new Proxy();
        proxy.setId("corporate");
        proxy.setActive(true);
        proxy.setProtocol("http");
        proxy.setHost("127.0.0.1");
        proxy.setPort(port);
        proxy.setUsername(USERNAME);
        proxy.setPassword(ENCRYPTED_PASSWORD);
        proxy.setNonProxyHosts("*.internal");
        return proxy;
    }

    /** An HTTP proxy answering 407 until a request carries {@link #USERNAME}:{@link #PASSWORD}; then it serves its files. */
    static final class AuthenticatingProxy implements AutoCloseable {

        private final HttpServer server;
        private final Map<String, byte[]> files = new ConcurrentHashMap<>();
        /** Every request as {@code <absolute URI> <Proxy-Authorization or "-">}. */
        final List<String> requests = new CopyOnWriteArrayList<>();

        AuthenticatingProxy() throws IOException {
            String expected = "Basic " + Base64.getEncoder().encodeToString((USERNAME + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                String authorization = exchange.getRequestHeaders().getFirst("Proxy-Authorization");
                requests.add(exchange.getRequestURI() + " " + (authorization == null ? "-" : authorization));
                byte[] body = files.get(exchange.getRequestURI().toString());
                if (!expected.equals(authorization)) {
                    exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"test proxy\"");
                    exchange.sendResponseHeaders(407, -1);
                } else if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
                exchange.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        /** Serves {@code body} for requests to the absolute URL {@code url}. */
        void serve(String url, byte[] body) {
            files.put(url, body);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A package tarball as npm packs it: every file under {@code package/}. */
    static byte[] tarball(Map<String, String> filesByName) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            for (Map.Entry<String, String> file : filesByName.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry("package/" + file.getKey());
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The lockfile's integrity of {@code content}: {@code sha512-<base64>}. */
    static String sha512(byte[] content) throws Exception {
        return "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(content));
    }
}
