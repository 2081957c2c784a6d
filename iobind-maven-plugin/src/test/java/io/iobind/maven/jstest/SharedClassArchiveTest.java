package io.iobind.maven.jstest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which archive a spec JVM gets, and how the folder of archives stays small. */
class SharedClassArchiveTest {

    @TempDir
    Path folder;

    @Test
    void theArchiveChangesWithTheJdkTheOptionsAndAJarRebuiltInPlace() throws Exception {
        Path jar = Files.writeString(folder.resolve("plugin.jar"), "one");
        Path home = Path.of(System.getProperty("java.home"));
        String key = SharedClassArchive.key(home, List.of("-Xmx64m"), jar.toString());

        assertThat(SharedClassArchive.key(home, List.of("-Xmx64m"), jar.toString())).isEqualTo(key);
        assertThat(SharedClassArchive.key(home, List.of("-Xmx96m"), jar.toString())).isNotEqualTo(key);
        assertThat(SharedClassArchive.key(folder, List.of("-Xmx64m"), jar.toString())).isNotEqualTo(key);
        Files.writeString(jar, "two, a longer jar");
        assertThat(SharedClassArchive.key(home, List.of("-Xmx64m"), jar.toString())).isNotEqualTo(key);
    }

    @Test
    void aFirstRunWritesTheArchiveAndLaterOnesMapIt() throws Exception {
        SharedClassArchive shared = SharedClassArchive.in(folder, Path.of(System.getProperty("java.home")), List.of(), "a.jar");

        List<String> writing = shared.jvmArgs();
        assertThat(writing).contains("-Xlog:cds=off", "-Xlog:cds+dynamic=off")
                .anyMatch(arg -> arg.startsWith("-XX:ArchiveClassesAtExit=" + shared.archive() + "."));
        Files.writeString(Path.of(writing.get(writing.size() - 1).substring("-XX:ArchiveClassesAtExit=".length())), "archive");
        shared.afterRun(true);

        assertThat(shared.archive()).hasContent("archive");
        assertThat(shared.jvmArgs()).contains("-XX:SharedArchiveFile=" + shared.archive());
        try (var files = Files.list(folder)) {
            assertThat(files).containsExactly(shared.archive());
        }
    }

    @Test
    void anArchiveOfARunThatDidNotGoThroughIsDropped() throws Exception {
        SharedClassArchive shared = SharedClassArchive.in(folder, Path.of(System.getProperty("java.home")), List.of(), "a.jar");
        List<String> writing = shared.jvmArgs();
        Files.writeString(Path.of(writing.get(writing.size() - 1).substring("-XX:ArchiveClassesAtExit=".length())), "archive");

        shared.afterRun(false);

        try (var files = Files.list(folder)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theFolderKeepsTheMostRecentlyUsedArchives() throws Exception {
        for (int i = 0; i < 5; i++) {
            Path archive = Files.writeString(folder.resolve("spec-jvm-old" + i + ".jsa"), "x");
            Files.setLastModifiedTime(archive, FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        Path other = Files.writeString(folder.resolve("notes.txt"), "not an archive");
        SharedClassArchive shared = SharedClassArchive.in(folder, Path.of(System.getProperty("java.home")), List.of(), "a.jar");
        Files.writeString(shared.archive(), "used now");

        shared.afterRun(true);

        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    shared.archive().getFileName().toString(), "spec-jvm-old4.jsa", "spec-jvm-old3.jsa", "notes.txt");
        }
        assertThat(other).exists();
    }
}
