package io.iobind.maven.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class SourceMapV3Test {

    @Test
    void encodesKnownVlqValues() {
        StringBuilder out = new StringBuilder();
        SourceMapV3.Vlq.encode(out, 0);
        out.append(' ');
        SourceMapV3.Vlq.encode(out, 1);
        out.append(' ');
        SourceMapV3.Vlq.encode(out, -1);
        out.append(' ');
        SourceMapV3.Vlq.encode(out, 16);
        out.append(' ');
        SourceMapV3.Vlq.encode(out, 123456);
        // Values from the format's definition: 1 -> C, -1 -> D, 16 -> gB.
        assertThat(out).hasToString("A C D gB gkxH");
        assertThat(SourceMapV3.Vlq.decode("gkxH", 0)).containsExactly(123456, 4);
    }

    @Test
    void roundTripsMappingsWithEmptyLinesNamesAndUnmappedSegments() {
        SourceMapV3.Segment unmapped = new SourceMapV3.Segment(3, SourceMapV3.NONE, SourceMapV3.NONE, SourceMapV3.NONE, SourceMapV3.NONE);
        SourceMapV3 map = new SourceMapV3("out.min.js", List.of("../lib/a.js", "b \"quoted\".js"), List.of("alpha"), List.of(
                List.of(),
                List.of(new SourceMapV3.Segment(0, 0, 4, 2, SourceMapV3.NONE), unmapped,
                        new SourceMapV3.Segment(10, 1, 0, 0, 0)),
                List.of(),
                List.of(new SourceMapV3.Segment(5, 0, 1, 7, 0))));

        SourceMapV3 parsed = SourceMapV3.parse(map.toJson());
        assertThat(parsed).isEqualTo(map);
        assertThat(map.toJson()).startsWith("{\"version\":3,\"file\":\"out.min.js\",\"sources\":[\"../lib/a.js\",\"b \\\"quoted\\\".js\"]");
        assertThat(parsed.segmentAt(1, 9).generatedColumn()).isEqualTo(3);
        assertThat(parsed.segmentAt(0, 0)).isNull();
    }

    @Test
    void rejectsWhatIsNotAVersion3Map() {
        assertThatThrownBy(() -> SourceMapV3.parse("{\"version\":2}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SourceMapV3.parse("{\"version\":3,\"mappings\":\"A!\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base64");
    }
}
