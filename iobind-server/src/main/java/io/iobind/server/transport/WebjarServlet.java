package io.iobind.server.transport;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the webjars on the class path at {@code /webjars/<name>/<version>/<path>}: the files under
 * {@code META-INF/resources/webjars/} of the jars (and folders) of the class path, the layout webjars.org uses and
 * Spring Boot and servlet containers serve. Nothing else of the class path can be reached.
 *
 * <p>Only regular files are answered: a folder (with or without its trailing slash), a path with fewer than three
 * segments, an empty, {@code .} or {@code ..} segment, a hidden segment ({@code .name}) or a backslash is a 404, as
 * is a file that is not in a jar or a {@code file:} folder. Answers carry a {@code Content-Type} by the file's
 * extension (text types in UTF-8), an {@code ETag} from the file's bytes (so {@code If-None-Match} gets a
 * {@code 304}) and a {@code Cache-Control}: the URL names the version, so the files of a release are cached for a
 * year ({@code immutable}); those of a {@code -SNAPSHOT} version, whose bytes change under the same URL, are
 * revalidated on every use ({@code no-cache}).
 *
 * <p>Files read from a jar are kept in memory once read (a jar on the class path does not change under a running
 * JVM); files in a folder (a build's {@code target/classes}) are read on every request, so a rebuild shows.
 */
public final class WebjarServlet extends HttpServlet {

    /** Where webjars are served. */
    public static final String MOUNT = "/webjars";

    /** Where webjars keep their files on the class path. */
    public static final String CLASS_PATH_FOLDER = "META-INF/resources/webjars/";

    static final String RELEASE_CACHE_CONTROL = "public, max-age=31536000, immutable";
    static final String SNAPSHOT_CACHE_CONTROL = "no-cache";

    private static final String OCTET_STREAM = "application/octet-stream";

    /** Content types by extension for the files webjars are made of; anything else asks the servlet context. */
    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("js", "application/javascript; charset=utf-8"),
            Map.entry("mjs", "application/javascript; charset=utf-8"),
            Map.entry("cjs", "application/javascript; charset=utf-8"),
            Map.entry("map", "application/json; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("ts", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("gif", "image/gif"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"),
            Map.entry("eot", "application/vnd.ms-fontobject"),
            Map.entry("wasm", "application/wasm"));

    private final ClassLoader classLoader;
    private final Map<String, ServedFile> filesFromJars = new ConcurrentHashMap<>();

    private WebjarServlet(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** Maps the webjars of {@code classLoader}'s class path at {@value #MOUNT}{@code /*}. */
    public static void register(ServletContextHandler context, ClassLoader classLoader) {
        ServletHolder holder = new ServletHolder("webjars", new WebjarServlet(Objects.requireNonNull(classLoader, "classLoader")));
        context.addServlet(holder, MOUNT + "/*");
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
        String resource = resourceName(request.getPathInfo());
        ServedFile file = resource == null ? null : find(resource);
        if (file == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        file.send(request, response, contentType(resource), cacheControl(resource), withBody);
    }

    /**
     * The path below {@value #CLASS_PATH_FOLDER} that {@code pathInfo} (the decoded path after {@value #MOUNT}) names,
     * or null when it cannot name a file of a webjar: fewer than the three segments {@code <name>/<version>/<file>},
     * a folder (trailing slash), or a segment that is empty, {@code .}, {@code ..}, hidden or holds a backslash or a
     * control character.
     */
    static String resourceName(String pathInfo) {
        if (pathInfo == null || !pathInfo.startsWith("/")) {
            return null;
        }
        String path = pathInfo.substring(1);
        String[] segments = path.split("/", -1);
        if (segments.length < 3) {
            return null;
        }
        for (String segment : segments) {
            if (segment.isEmpty() || segment.startsWith(".") || segment.indexOf('\\') >= 0 || segment.indexOf(':') >= 0
                    || segment.chars().anyMatch(Character::isISOControl)) {
                return null;
            }
        }
        return path;
    }

    private ServedFile find(String resource) throws IOException {
        ServedFile cached = filesFromJars.get(resource);
        if (cached != null) {
            return cached;
        }
        URL url = classLoader.getResource(CLASS_PATH_FOLDER + resource);
        if (url == null) {
            return null;
        }
        if ("file".equalsIgnoreCase(url.getProtocol())) {
            Path file;
            try {
                file = Path.of(url.toURI());
            } catch (URISyntaxException | IllegalArgumentException unusable) {
                return null;
            }
            return Files.isRegularFile(file) ? ServedFile.of(Files.readAllBytes(file)) : null;
        }
        URLConnection connection = url.openConnection();
        if (!(connection instanceof JarURLConnection jar)) {
            // Neither a folder nor a jar of the class path: nothing this servlet can tell a file from a folder in.
            return null;
        }
        if (jar.getJarEntry() == null || jar.getJarEntry().isDirectory()) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = jar.getInputStream()) {
            bytes = in.readAllBytes();
        }
        ServedFile file = ServedFile.of(bytes);
        filesFromJars.put(resource, file);
        return file;
    }

    /** {@code no-cache} for a {@code -SNAPSHOT} version (its bytes change under one URL), a year for a release. */
    static String cacheControl(String resource) {
        String version = resource.split("/", 3)[1];
        return version.toUpperCase(Locale.ROOT).endsWith("-SNAPSHOT") ? SNAPSHOT_CACHE_CONTROL : RELEASE_CACHE_CONTROL;
    }

    private String contentType(String resource) {
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : CONTENT_TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (type == null) {
            type = getServletContext().getMimeType(name);
        }
        return type == null ? OCTET_STREAM : type;
    }
}
