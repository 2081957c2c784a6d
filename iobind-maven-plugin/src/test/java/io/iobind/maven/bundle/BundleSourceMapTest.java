package io.iobind.maven.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.debugging.sourcemap.FilePosition;
import com.google.debugging.sourcemap.SourceMapConsumerV3;
import com.google.debugging.sourcemap.SourceMapGeneratorV3;
import com.google.debugging.sourcemap.proto.Mapping.OriginalMapping;

/** The shipped map, read back with Closure's consumer: every kind of mapping lands where the user's code is. */
class BundleSourceMapTest {

    /** Bundle lines: 0 wrapper, 1-2 lib/a.js, 3 lib/b.js (with @VERSION), 4 wrapper. */
    private static final AssembledBundle BUNDLE = new AssembledBundle.Assembler("10.20.30")
            .append(new AssembledBundle.Origin("wrap (built in)", false), "(function () {\n")
            .append(new AssembledBundle.Origin("lib/a.js", true), "var alpha = 1;\nvar beta = alpha;\n")
            .append(new AssembledBundle.Origin("lib/b.js", true), "var v = '@VERSION', gamma = beta;\n")
            .append(new AssembledBundle.Origin("wrap (built in)", false), "}());\n")
            .build();

    private static final Map<String, String> SOURCE_NAMES = Map.of("lib/a.js", "../lib/a.js", "lib/b.js", "../lib/b.js");

    /** What Closure would write for a one-line minified bundle: positions in the concatenated bundle. */
    private static String closureMap() throws Exception {
        SourceMapGeneratorV3 closure = new SourceMapGeneratorV3();
        closure.addMapping("bundle.js", null, new FilePosition(0, 1), new FilePosition(0, 0), new FilePosition(0, 12));
        closure.addMapping("bundle.js", "alpha", new FilePosition(1, 4), new FilePosition(0, 16), new FilePosition(0, 17));
        closure.addMapping("bundle.js", "beta", new FilePosition(2, 4), new FilePosition(0, 20), new FilePosition(0, 21));
        // gap 21..25: unmapped
        closure.addMapping("bundle.js", "gamma", new FilePosition(3, 20), new FilePosition(0, 25), new FilePosition(0, 26));
        closure.addMapping("bundle.js", null, new FilePosition(4, 0), new FilePosition(0, 30), new FilePosition(0, 34));
        StringBuilder json = new StringBuilder();
        closure.appendTo(json, "bundle.min.js");
        return json.toString();
    }

    @Test
    void mapsToTheSourceFilesTheWrapperToTheUnminifiedBundleAndShiftsByTheBanner() throws Exception {
        String json = BundleSourceMap.compose(closureMap(), BUNDLE, SOURCE_NAMES, "out.js", 3, "out.min.js");

        SourceMapConsumerV3 map = new SourceMapConsumerV3();
        map.parse(json);
        assertThat(map.getOriginalSources()).containsExactlyInAnyOrder("out.js", "../lib/a.js", "../lib/b.js");
        assertThat(map.getOriginalNames()).containsExactly("alpha", "beta", "gamma");

        // Generated line 1 is below a three-line banner: line 4 of the .min.js. Consumer positions are 1-based.
        assertThat(map.getMappingForLine(1, 1)).as("banner line").isNull();
        assertMapping(map.getMappingForLine(4, 1), "out.js", 4, 2, "");
        assertMapping(map.getMappingForLine(4, 17), "../lib/a.js", 1, 5, "alpha");
        assertMapping(map.getMappingForLine(4, 21), "../lib/a.js", 2, 5, "beta");
        // After the replaced @VERSION: the column in lib/b.js as written, not as in the bundle.
        assertMapping(map.getMappingForLine(4, 26), "../lib/b.js", 1, "var v = '@VERSION', ".length() + 1, "gamma");
        // The wrapper's closing line: in the unminified bundle, below its banner too.
        assertMapping(map.getMappingForLine(4, 31), "out.js", 5 + 3, 1, "");
    }

    @Test
    void aGapBetweenMappingsStaysUnmapped() throws Exception {
        SourceMapConsumerV3 map = new SourceMapConsumerV3();
        map.parse(BundleSourceMap.compose(closureMap(), BUNDLE, SOURCE_NAMES, "out.js", 0, "out.min.js"));
        assertMapping(map.getMappingForLine(1, 21), "../lib/a.js", 2, 5, "beta");
        assertThat(map.getMappingForLine(1, 23)).as("between beta's end and gamma").isNull();
    }

    @Test
    void sameInputGivesTheSameBytesInAFixedLayout() throws Exception {
        String first = BundleSourceMap.compose(closureMap(), BUNDLE, SOURCE_NAMES, "out.js", 3, "out.min.js");
        String second = BundleSourceMap.compose(closureMap(), BUNDLE, SOURCE_NAMES, "out.js", 3, "out.min.js");
        assertThat(second).isEqualTo(first);
        assertThat(first).startsWith("{\n\"version\":3,\n\"file\":\"out.min.js\",\n\"lineCount\":4,\n\"mappings\":\"")
                .contains("\n\"sources\":[\"out.js\",\"../lib/a.js\",\"../lib/b.js\"],\n\"names\":[\"alpha\",\"beta\",\"gamma\"]\n}\n")
                .doesNotContain("bundle.js");
    }

    @Test
    void anUnreadableClosureMapIsAnInternalError() {
        assertThatThrownBy(() -> BundleSourceMap.compose("{\"version\":2}", BUNDLE, SOURCE_NAMES, "out.js", 0, "out.min.js"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Closure Compiler wrote a source map that cannot be read");
    }

    private static void assertMapping(OriginalMapping mapping, String file, int line, int column, String name) {
        assertThat(mapping).as("a mapping to " + file + ":" + line).isNotNull();
        assertThat(mapping.getOriginalFile()).isEqualTo(file);
        assertThat(mapping.getLineNumber()).as("line").isEqualTo(line);
        assertThat(mapping.getColumnPosition()).as("column").isEqualTo(column);
        assertThat(mapping.getIdentifier()).as("name").isEqualTo(name);
    }
}
