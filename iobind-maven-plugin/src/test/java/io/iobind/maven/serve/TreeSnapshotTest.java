package io.iobind.maven.serve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class TreeSnapshotTest {

    @TempDir
    Path root;

    @Test
    void seesAddedChangedAndRemovedFilesInSubfolders() throws Exception {
        Files.createDirectories(root.resolve("css"));
        Files.writeString(root.resolve("index.html"), "<p>a");
        Files.writeString(root.resolve("css/app.css"), "p {}");
        Files.writeString(root.resolve("gone.js"), "x");
        TreeSnapshot before = TreeSnapshot.take(root);
        assertThat(before.changesTo(TreeSnapshot.take(root))).isEmpty();

        Files.writeString(root.resolve("css/app.css"), "p { color: red }");
        Files.delete(root.resolve("gone.js"));
        Files.writeString(root.resolve("new.js"), "y");
        assertThat(before.changesTo(TreeSnapshot.take(root)))
                .containsExactly(Path.of("css/app.css"), Path.of("gone.js"), Path.of("new.js"));
    }

    @Test
    void aRewriteWithTheSameSizeIsSeenByItsTime() throws Exception {
        Path file = root.resolve("model.js");
        Files.writeString(file, "var a = 1;");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        TreeSnapshot before = TreeSnapshot.take(root);
        Files.writeString(file, "var a = 2;");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:01Z")));
        assertThat(before.changesTo(TreeSnapshot.take(root))).containsExactly(Path.of("model.js"));
    }

    @Test
    void aMissingFolderIsEmptyAndItsCreationIsAChange() throws Exception {
        Path later = root.resolve("later");
        TreeSnapshot before = TreeSnapshot.take(later);
        assertThat(before.changesTo(TreeSnapshot.take(later))).isEmpty();
        Files.createDirectories(later);
        Files.writeString(later.resolve("a.js"), "a");
        assertThat(before.changesTo(TreeSnapshot.take(later))).containsExactly(Path.of("a.js"));
    }
}
