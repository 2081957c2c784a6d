package io.iobind.server.dev;

import java.util.Locale;

/** Puts a tag into an HTML page where a browser runs it after the page's own content: before the last {@code </body>}. */
public final class HtmlInjection {

    private HtmlInjection() {
    }

    /**
     * The page with {@code tag} inserted before its last {@code </body>}; without one, before its last
     * {@code </html>}; without either (a fragment, or a page relying on optional end tags), at the end, where the
     * parser still puts it in the body.
     */
    public static String inject(String html, String tag) {
        String lower = html.toLowerCase(Locale.ROOT);
        int at = lower.lastIndexOf("</body");
        if (at < 0) {
            at = lower.lastIndexOf("</html");
        }
        if (at < 0) {
            return html + tag;
        }
        return html.substring(0, at) + tag + html.substring(at);
    }
}
