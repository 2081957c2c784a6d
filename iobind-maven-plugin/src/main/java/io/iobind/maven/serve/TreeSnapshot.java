package io.iobind.maven.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The files under a folder with their size and modification time, as the watcher polls them (the way
 * jetty:run's scanner does: no native file events, so it behaves the same on every system and in containers).
 */
public final class TreeSnapshot {

    private record Stamp(long size, long modifiedNanos) {
    }

    private final Path root;
    private final Map<Path, Stamp> files;

    private TreeSnapshot(Path root, Map<Path, Stamp> files) {
        this.root = root;
        this.files = files;
    }

    /** The files under {@code root} now; empty when the folder does not exist (yet). */
    public static TreeSnapshot take(Path root) {
        Map<Path, Stamp> files = new HashMap<>();
        if (Files.isDirectory(root)) {
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        if (attributes.isRegularFile()) {
                            files.put(root.relativize(file), new Stamp(attributes.size(),
                                    attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        // Deleted between listing and reading (an editor's swap file): not there.
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (NoSuchFileException gone) {
                files.clear();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + root + ": " + e.getMessage(), e);
            }
        }
        return new TreeSnapshot(root, files);
    }

    /** Files (relative to the root, sorted) added, removed or changed from this snapshot to {@code newer}. */
    public Set<Path> changesTo(TreeSnapshot newer) {
        if (!root.equals(newer.root)) {
            throw new IllegalArgumentException("snapshots of different folders: " + root + ", " + newer.root);
        }
        Set<Path> changed = new TreeSet<>();
        for (Map.Entry<Path, Stamp> file : files.entrySet()) {
            if (!Objects.equals(file.getValue(), newer.files.get(file.getKey()))) {
                changed.add(file.getKey());
            }
        }
        for (Path file : newer.files.keySet()) {
            if (!files.containsKey(file)) {
                changed.add(file);
            }
        }
        return changed;
    }

    public Path root() {
        return root;
    }
}
