package io.iobind.maven.npm;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * An npm registry base URL and where that setting came from (for messages).
 *
 * @param base   e.g. the value of npm's {@code registry} setting, always ending with a slash
 * @param origin e.g. "npm_config_registry environment variable" or "/home/me/.npmrc"
 */
public record Registry(URI base, String origin) {

    public Registry {
        String text = base.toString();
        if (!text.endsWith("/")) {
            base = URI.create(text + "/");
        }
    }

    public static Registry of(String url, String origin) throws NpmException {
        String trimmed = url.trim();
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new NpmException("The npm registry '" + trimmed + "' (from " + origin + ") is not a URL.");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new NpmException("The npm registry '" + trimmed + "' (from " + origin + ") is not an http(s) URL.");
        }
        return new Registry(uri, origin);
    }

    /**
     * The tarball URL npm uses when the lockfile has no {@code resolved} field:
     * {@code <registry>/<name>/-/<basename>-<version>.tgz}, scoped names keeping their scope in the folder only.
     */
    public URI tarballUri(String name, String version) {
        String basename = name.startsWith("@") ? name.substring(name.indexOf('/') + 1) : name;
        String path = encodeName(name) + "/-/" + encode(basename) + "-" + encode(version) + ".tgz";
        return base.resolve(path);
    }

    private static String encodeName(String name) {
        if (name.startsWith("@") && name.contains("/")) {
            int slash = name.indexOf('/');
            return "@" + encode(name.substring(1, slash)) + "/" + encode(name.substring(slash + 1));
        }
        return encode(name);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
