package io.iobind.maven.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathNamesTest {

    @TempDir
    Path temp;

    @Test
    void relativeWithForwardSlashesInsideAndOutsideTheBase() {
        Path project = temp.resolve("project");
        assertThat(PathNames.relative(project, project.resolve("lib").resolve("model.js"))).isEqualTo("lib/model.js");
        assertThat(PathNames.relative(project.resolve("dist"), project.resolve("js-src/lib/sync.js"))).isEqualTo("../js-src/lib/sync.js");
        // Unnormalized and relative inputs name the same file.
        assertThat(PathNames.relative(project.resolve("a/.."), project.resolve("lib/./x.js"))).isEqualTo("lib/x.js");
        assertThat(PathNames.relative(Path.of(""), Path.of("src", "main", "js"))).isEqualTo("src/main/js");
    }

    @Test
    void relativeOrAbsoluteKeepsTheFullPathOfAFileOutsideTheBase() {
        Path project = temp.resolve("project");
        assertThat(PathNames.relativeOrAbsolute(project, project.resolve("test/sync.spec.js"))).isEqualTo("test/sync.spec.js");
        Path outside = temp.resolve("elsewhere/x.spec.js");
        assertThat(PathNames.relativeOrAbsolute(project, outside))
                .isEqualTo(PathNames.slashes(outside.toAbsolutePath().normalize()))
                .doesNotContain("..");
    }
}
