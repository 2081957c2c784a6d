package io.iobind.server.dev;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ControlChannelTest {

    private final List<String> applied = new ArrayList<>();
    private final List<String> complaints = new ArrayList<>();

    private final ControlChannel.Target target = new ControlChannel.Target() {
        @Override
        public void reload() {
            applied.add("reload");
        }

        @Override
        public void error(JsonNode problems) {
            applied.add("error " + problems);
        }

        @Override
        public void clear() {
            applied.add("clear");
        }
    };

    @Test
    void appliesEachCommandInOrderAndReturnsAtTheEndOfInput() throws Exception {
        String input = "reload\n"
                + "error [{\"file\":\"lib/a.js\",\"line\":3,\"column\":7,\"reason\":\"Parse error. missing ; before statement\"}]\n"
                + "\n"
                + "  clear  \n"
                + "reload\n";
        ControlChannel.run(new BufferedReader(new StringReader(input)), target, complaints::add);
        assertThat(applied).containsExactly(
                "reload",
                "error [{\"file\":\"lib/a.js\",\"line\":3,\"column\":7,\"reason\":\"Parse error. missing ; before statement\"}]",
                "clear",
                "reload");
        assertThat(complaints).isEmpty();
    }

    @Test
    void aLineItCannotReadIsReportedAndSkipped() throws Exception {
        String input = "explode\nerror {\"not\":\"an array\"}\nerror [unclosed\nreload\n";
        ControlChannel.run(new BufferedReader(new StringReader(input)), target, complaints::add);
        assertThat(applied).containsExactly("reload");
        assertThat(complaints).hasSize(3);
        assertThat(complaints.get(0)).isEqualTo("Ignoring unknown control line 'explode' (known: reload, error <json>, clear).");
        assertThat(complaints.get(1)).isEqualTo("Ignoring control line 'error {\"not\":\"an array\"}': error expects a JSON array.");
        assertThat(complaints.get(2)).startsWith("Ignoring control line 'error [unclosed': ");
    }
}
