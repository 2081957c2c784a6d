package io.iobind.maven.jstest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * A class data sharing archive (AppCDS) of the forked spec JVM, kept between runs: the JVM maps the classes of
 * GraalJS, Truffle and the plugin from it instead of loading, parsing and verifying them again, which takes about a
 * sixth off a run of the library's specs (bench/README.md, "JS specs"). The first run on a machine writes it when
 * its JVM exits (a few seconds more, once); the archive belongs to one JDK, class path and set of JVM options, so
 * any change there makes another. At most {@link #KEEP} archives stay in the folder. Nothing here can fail a run: a
 * missing, stale or unreadable archive leaves the JVM loading its classes as usual, and the JVM's own CDS messages
 * are turned off.
 */
final class SharedClassArchive {

    /** How many archives (about 45 MB each) the folder keeps, the most recently used first. */
    static final int KEEP = 3;

    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    private final Path archive;
    private final Path writing;

    private SharedClassArchive(Path archive, Path writing) {
        this.archive = archive;
        this.writing = writing;
    }

    /**
     * The archive for a JVM of {@code javaHome} started with {@code jvmArgs} and {@code classPath}, in
     * {@code directory}; null when the options already say something about class data sharing (the user's word
     * wins).
     */
    static SharedClassArchive in(Path directory, Path javaHome, List<String> jvmArgs, String classPath) {
        for (String arg : jvmArgs) {
            if (arg.startsWith("-Xshare") || arg.contains("SharedArchiveFile") || arg.contains("ArchiveClassesAtExit")) {
                return null;
            }
        }
        Path archive = directory.resolve("spec-jvm-" + key(javaHome, jvmArgs, classPath) + ".jsa");
        Path writing = directory.resolve(archive.getFileName() + "." + UUID.randomUUID() + ".tmp");
        return new SharedClassArchive(archive, writing);
    }

    /**
     * What the JVM is told: map the archive when there is one, else write one at exit (to a file of its own, moved
     * into place by {@link #afterRun}, so that builds running side by side never read a half-written archive).
     */
    List<String> jvmArgs() {
        List<String> args = new ArrayList<>(QUIET);
        if (Files.isRegularFile(archive)) {
            args.add("-XX:SharedArchiveFile=" + archive);
        } else {
            args.add("-XX:ArchiveClassesAtExit=" + writing);
        }
        return args;
    }

    /**
     * After the JVM exited: a new archive is put in place if the run went through ({@code ranThrough}), the archive
     * used is marked as used, and the folder is trimmed to the {@link #KEEP} most recently used.
     */
    void afterRun(boolean ranThrough) {
        try {
            if (Files.isRegularFile(writing)) {
                if (ranThrough && Files.size(writing) > 0) {
                    moveIntoPlace();
                }
                Files.deleteIfExists(writing);
            } else if (Files.isRegularFile(archive)) {
                Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis()));
            }
            trim(archive.getParent());
        } catch (IOException | UncheckedIOException | SecurityException e) {
            // an archive is only ever a saving: without it the next run loads its classes as this one did
        }
    }

    Path archive() {
        return archive;
    }

    private void moveIntoPlace() throws IOException {
        try {
            Files.move(writing, archive, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException another) {
            // a build beside this one wrote it first
        } catch (AtomicMoveNotSupportedException e) {
            if (!Files.exists(archive)) {
                Files.move(writing, archive);
            }
        }
    }

    private static void trim(Path directory) throws IOException {
        List<Path> archives = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "spec-jvm-*.jsa")) {
            files.forEach(archives::add);
        }
        if (archives.size() <= KEEP) {
            return;
        }
        archives.sort((a, b) -> modified(b).compareTo(modified(a)));
        for (Path old : archives.subList(KEEP, archives.size())) {
            Files.deleteIfExists(old);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException gone) {
            return FileTime.fromMillis(0);
        }
    }

    /**
     * What the archive depends on: the JDK (its folder and {@code release} file), the JVM options and the class path
     * with each entry's size and modification time (a rebuilt SNAPSHOT jar keeps its name).
     */
    static String key(Path javaHome, List<String> jvmArgs, String classPath) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            Path home = javaHome.toAbsolutePath().normalize();
            digest.update(home.toString().getBytes(StandardCharsets.UTF_8));
            Path release = home.resolve("release");
            if (Files.isRegularFile(release)) {
                digest.update(Files.readAllBytes(release));
            }
            digest.update(String.join(" ", jvmArgs).getBytes(StandardCharsets.UTF_8));
            for (String entry : classPath.split(java.io.File.pathSeparator)) {
                digest.update(entry.getBytes(StandardCharsets.UTF_8));
                Path file = Path.of(entry);
                if (Files.exists(file)) {
                    digest.update((Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis())
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
