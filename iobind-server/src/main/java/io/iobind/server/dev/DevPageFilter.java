package io.iobind.server.dev;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code iobind:serve} changes in the responses of its static roots: every file is sent with
 * {@code Cache-Control: no-cache}, so a reloaded page revalidates its scripts instead of running a cached old
 * bundle; and with live reload on, HTML pages of the web root (requests the servlet at {@code /} answers) get the
 * live-reload script tag before {@code </body>}. Pages are read as UTF-8. Other requests (Socket.IO, the
 * live-reload channel) pass untouched.
 */
public final class DevPageFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final Path webRoot;
    private final LiveReload liveReload;

    /** @param liveReload null when live reload is off: then pages are served as they are */
    public DevPageFilter(Path webRoot, LiveReload liveReload) {
        this.webRoot = webRoot.toAbsolutePath().normalize();
        this.liveReload = liveReload;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String pattern = request.getHttpServletMapping() == null ? "" : request.getHttpServletMapping().getPattern();
        boolean staticFile = pattern.equals("/") || (pattern.endsWith("/*") && isStaticMount(request));
        if (!staticFile) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Cache-Control", "no-cache");
        if (liveReload != null && pattern.equals("/") && isRead(request)) {
            Path page = page(request);
            if (page != null) {
                String html = Files.readString(page, StandardCharsets.UTF_8);
                String tag = "<script src=\"" + LiveReload.SCRIPT_PATH + "\" data-iobind-state=\""
                        + liveReload.pageState() + "\"></script>\n";
                byte[] body = HtmlInjection.inject(html, tag).getBytes(StandardCharsets.UTF_8);
                response.setContentType("text/html;charset=UTF-8");
                response.setContentLength(body.length);
                if (!"HEAD".equals(request.getMethod())) {
                    response.getOutputStream().write(body);
                }
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean isRead(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    }

    /**
     * The static mounts ({@code /js/*}, {@code /vendor/*}, the bundles at {@code /webjars/<name>/<version>/*}); not
     * Socket.IO nor live reload's own paths.
     */
    private static boolean isStaticMount(HttpServletRequest request) {
        String path = request.getServletPath();
        return path.equals(ServeLauncher.JS_MOUNT) || path.equals(ServeLauncher.VENDOR_MOUNT)
                || path.startsWith(ServeLauncher.WEBJARS_MOUNT + "/");
    }

    /** The web root's HTML file this request names ({@code index.html} for a folder), or null. */
    private Path page(HttpServletRequest request) {
        String path = request.getPathInfo() == null ? request.getServletPath() : request.getServletPath() + request.getPathInfo();
        if (path.isEmpty() || path.endsWith("/")) {
            path = path + "index.html";
        }
        Path file = webRoot.resolve(path.substring(1)).normalize();
        if (!file.startsWith(webRoot) || !Files.isRegularFile(file)) {
            return null;
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".html") || name.endsWith(".htm") ? file : null;
    }
}
