package io.iobind.maven.bundle;

import java.util.List;

/**
 * One bundle to build: its name (the output file stem, e.g. {@code backbone.iosync}) and its source files,
 * relative to the source directory, in the order they are concatenated.
 */
public record BundleSpec(String name, List<String> files) {

    public BundleSpec {
        files = List.copyOf(files);
    }

    public static BundleSpec of(String name, String... files) {
        return new BundleSpec(name, List.of(files));
    }

    /** The bundles of backbone.iobind itself, used when a project configures none. */
    public static List<BundleSpec> defaults() {
        return List.of(
                of("backbone.iosync", "socket.js", "sync.js"),
                of("backbone.iobind", "socket.js", "bind.js", "model.js", "collection.js"));
    }
}
