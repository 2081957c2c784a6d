package io.iobind.maven.util;

import java.io.File;
import java.nio.file.Path;

/** How the plugin names a file to people and in its outputs: relative to a base, with forward slashes on every OS. */
public final class PathNames {

    private PathNames() {
    }

    /** {@code file} relative to {@code base} ({@code ../} where it lies outside), with forward slashes. */
    public static String relative(Path base, Path file) {
        return slashes(absolute(base).relativize(absolute(file)));
    }

    /** {@code file} relative to {@code base} when it lies inside, else its absolute path; with forward slashes. */
    public static String relativeOrAbsolute(Path base, Path file) {
        Path absoluteBase = absolute(base);
        Path absoluteFile = absolute(file);
        return slashes(absoluteFile.startsWith(absoluteBase) ? absoluteBase.relativize(absoluteFile) : absoluteFile);
    }

    /** The path's text with forward slashes. */
    public static String slashes(Path path) {
        return path.toString().replace(File.separatorChar, '/');
    }

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
