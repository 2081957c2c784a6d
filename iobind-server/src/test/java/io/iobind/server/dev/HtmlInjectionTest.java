package io.iobind.server.dev;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlInjectionTest {

    private static final String TAG = "<script src=\"/x.js\"></script>";

    @Test
    void goesBeforeTheLastClosingBodyWhateverItsCase() {
        String page = "<html><body><p>a</p><!-- </body> in a comment --><p>b</p></BODY>\n</html>";
        assertThat(HtmlInjection.inject(page, TAG))
                .isEqualTo("<html><body><p>a</p><!-- </body> in a comment --><p>b</p>" + TAG + "</BODY>\n</html>");
    }

    @Test
    void withoutBodyEndTagGoesBeforeTheHtmlEndTag() {
        assertThat(HtmlInjection.inject("<!doctype html><title>t</title><p>x</Html >", TAG))
                .isEqualTo("<!doctype html><title>t</title><p>x" + TAG + "</Html >");
    }

    @Test
    void aFragmentGetsItAtTheEnd() {
        assertThat(HtmlInjection.inject("<p>only a fragment", TAG)).isEqualTo("<p>only a fragment" + TAG);
        assertThat(HtmlInjection.inject("", TAG)).isEqualTo(TAG);
    }
}
