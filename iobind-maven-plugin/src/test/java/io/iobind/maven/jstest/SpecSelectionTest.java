package io.iobind.maven.jstest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecSelectionTest {

    @TempDir
    Path base;

    private static final List<String> DEFAULT = List.of("test/**/*.spec.js");

    @BeforeEach
    void files() throws Exception {
        for (String file : List.of("test/sync.spec.js", "test/deep/bind.spec.js", "test/support/helper.js",
                "lib/other.spec.js", "node_modules/x/test/y.spec.js")) {
            Files.createDirectories(base.resolve(file).getParent());
            Files.writeString(base.resolve(file), "");
        }
    }

    private List<String> names(SpecSelection selection) {
        return selection.files().stream().map(f -> SpecSelection.relative(base, f)).toList();
    }

    @Test
    void defaultIncludesFindSpecsAtAnyDepthUnderTest() throws Exception {
        SpecSelection selection = SpecSelection.select(base, DEFAULT, List.of(), null);

        assertThat(names(selection)).containsExactly("test/deep/bind.spec.js", "test/sync.spec.js");
        assertThat(selection.titleFilter()).isNull();
    }

    @Test
    void excludesWin() throws Exception {
        assertThat(names(SpecSelection.select(base, DEFAULT, List.of("**/deep/**"), null))).containsExactly("test/sync.spec.js");
    }

    @Test
    void patternPicksFilesByPathThenTitlesAfterTheHash() throws Exception {
        assertThat(names(SpecSelection.select(base, DEFAULT, List.of(), "sync"))).containsExactly("test/sync.spec.js");

        SpecSelection withTitle = SpecSelection.select(base, DEFAULT, List.of(), "bind#unbinds only its own");
        assertThat(names(withTitle)).containsExactly("test/deep/bind.spec.js");
        assertThat(withTitle.titleFilter()).isEqualTo("unbinds only its own");

        assertThat(names(SpecSelection.select(base, DEFAULT, List.of(), "deep/*.spec.js"))).containsExactly("test/deep/bind.spec.js");
    }

    @Test
    void patternMatchingNoFileIsATitleOverAllFiles() throws Exception {
        SpecSelection selection = SpecSelection.select(base, DEFAULT, List.of(), "emits create");

        assertThat(names(selection)).hasSize(2);
        assertThat(selection.titleFilter()).isEqualTo("emits create");
    }

    @Test
    void antPatterns() {
        assertThat(SpecSelection.antPattern("test/**/*.spec.js").matcher("test/a.spec.js").matches()).isTrue();
        assertThat(SpecSelection.antPattern("test/**/*.spec.js").matcher("test/a/b/c.spec.js").matches()).isTrue();
        assertThat(SpecSelection.antPattern("test/*.js").matcher("test/a/b.js").matches()).isFalse();
        assertThat(SpecSelection.antPattern("test/?.js").matcher("test/ab.js").matches()).isFalse();
    }
}
