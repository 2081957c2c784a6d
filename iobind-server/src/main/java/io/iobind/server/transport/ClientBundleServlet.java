package io.iobind.server.transport;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves the browser bundle of the official socket.io-client at {@code <socketIoPath>socket.io.js},
 * {@code socket.io.min.js} and their {@code .map} files, as Node's server does with {@code serveClient}: a page can
 * load the client from the server it talks to, in the version that server's protocol matches.
 *
 * <p>The files are those of the socket.io-client version {@code iobind-server/package-lock.json} pins, put into the
 * jar by the build ({@code iobind:vendor}, which checks them against the lockfile's integrity hash), read from the
 * class path once per JVM and kept in memory (about 0.7 MB). The URL has no version in it, so caches must ask again
 * each time ({@code max-age=0}) and get a {@code 304} while the {@code ETag} (the version and a hash of the bytes)
 * still matches.
 */
public final class ClientBundleServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(ClientBundleServlet.class);

    /** Where the build puts the package in the jar: {@code iobind:vendor}'s {@code <vendorDirectory>/<package>/}. */
    static final String RESOURCE_FOLDER = "/io/iobind/server/client/socket.io-client/";

    /** The files served, by their name under the Socket.IO path; each is {@code dist/<name>} in the package. */
    public static final List<String> FILE_NAMES = List.of("socket.io.js", "socket.io.js.map", "socket.io.min.js",
            "socket.io.min.js.map");

    static final String CACHE_CONTROL = "public, max-age=0";

    private final Bundle bundle;

    private ClientBundleServlet(Bundle bundle) {
        this.bundle = bundle;
    }

    /**
     * Maps the bundle's files at {@code socketIoPath} (e.g. {@code /socket.io/}) with exact-path mappings, which win
     * over the Socket.IO endpoint's prefix mapping under the servlet rules. When the files are not on the class path
     * (an iobind-server built without its {@code generate-resources} phase), logs why and answers those paths 404.
     */
    public static void register(ServletContextHandler context, String socketIoPath) {
        Bundle bundle = Bundle.get();
        if (bundle.version() == null) {
            LOG.warn("the socket.io-client bundle is not on the class path ({} is missing: iobind-server was built "
                    + "without its generate-resources phase); {}socket.io.js answers 404", RESOURCE_FOLDER, socketIoPath);
        }
        ServletHolder holder = new ServletHolder("socket.io-client", new ClientBundleServlet(bundle));
        for (String name : FILE_NAMES) {
            context.getServletHandler().addServletWithMapping(holder, socketIoPath + name);
        }
    }

    /** The socket.io-client version served, e.g. {@code 4.8.1}; null when the bundle is not on the class path. */
    public static String clientVersion() {
        return Bundle.get().version();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, true);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, false);
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, boolean withBody) throws IOException {
        String path = request.getServletPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        ServedFile file = bundle.files().get(name);
        if (file == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "the socket.io-client bundle is not in this iobind-server build");
            return;
        }
        file.send(request, response, contentTypeOf(name), CACHE_CONTROL, withBody);
    }

    private static String contentTypeOf(String name) {
        return name.endsWith(".map") ? "application/json; charset=utf-8" : "application/javascript; charset=utf-8";
    }

    /** The files read from the class path, once per JVM. */
    record Bundle(String version, Map<String, ServedFile> files) {

        private static volatile Bundle loaded;

        static Bundle get() {
            Bundle bundle = loaded;
            if (bundle == null) {
                synchronized (Bundle.class) {
                    bundle = loaded;
                    if (bundle == null) {
                        bundle = read();
                        loaded = bundle;
                    }
                }
            }
            return bundle;
        }

        private static Bundle read() {
            byte[] manifest = resource("package.json");
            if (manifest == null) {
                return new Bundle(null, Map.of());
            }
            String version;
            try {
                version = new ObjectMapper().readTree(manifest).path("version").asText();
            } catch (IOException unreadable) {
                throw new UncheckedIOException("unreadable " + RESOURCE_FOLDER + "package.json", unreadable);
            }
            Map<String, ServedFile> files = new LinkedHashMap<>();
            for (String name : FILE_NAMES) {
                byte[] bytes = resource("dist/" + name);
                if (bytes == null) {
                    throw new IllegalStateException("socket.io-client " + version + " on the class path has no dist/" + name);
                }
                files.put(name, new ServedFile(bytes, ETags.of(version, bytes)));
            }
            return new Bundle(version, Map.copyOf(files));
        }

        private static byte[] resource(String path) {
            try (InputStream in = ClientBundleServlet.class.getResourceAsStream(RESOURCE_FOLDER + path)) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException unreadable) {
                throw new UncheckedIOException("unreadable " + RESOURCE_FOLDER + path, unreadable);
            }
        }
    }
}
