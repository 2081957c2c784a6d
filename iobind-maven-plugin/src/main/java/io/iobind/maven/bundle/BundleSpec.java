package io.iobind.maven.bundle;

import java.util.List;
import java.util.Objects;

/**
 * One bundle to build: its name (the output file stem, e.g. {@code backbone.iosync}), its source files, relative
 * to the source directory, in the order they are concatenated, and what its UMD wrapper names (see
 * {@link UmdWrapper}): the browser global it defines, what it exports, the modules it depends on. A bundle that
 * names none of these gets no wrapper: its sources as they are, like a plain script.
 *
 * @param global       the browser global the bundle sets to its exports, or null for none
 * @param exports      what the bundle gives AMD and CommonJS (a name its sources define, e.g. {@code MyWidgets});
 *                     null for the global's name, or for nothing when there is no global either
 * @param dependencies the modules the bundle uses, in the order its factory receives them
 */
public record BundleSpec(String name, List<String> files, String global, String exports, List<Dependency> dependencies) {

    /**
     * A module the bundle depends on: its id for AMD's {@code define} and CommonJS's {@code require}, and its
     * browser global, which is also the name the bundle's code uses for it.
     */
    public record Dependency(String module, String global) {
    }

    public BundleSpec {
        files = List.copyOf(files);
        dependencies = List.copyOf(dependencies);
    }

    /** A bundle without a wrapper. */
    public static BundleSpec of(String name, String... files) {
        return new BundleSpec(name, List.of(files), null, null, List.of());
    }

    /** What AMD and CommonJS receive: {@link #exports()}, else the global's name, else null. */
    public String exported() {
        return exports != null ? exports : global;
    }

    /** True when the bundle names a global, exports or dependencies, so it is wrapped. */
    public boolean wrapped() {
        return global != null || exports != null || !dependencies.isEmpty();
    }

    /** The same files and name with a wrapper naming these. */
    public BundleSpec withUmd(String global, String exports, List<Dependency> dependencies) {
        return new BundleSpec(name, files, global, exports, Objects.requireNonNull(dependencies, "dependencies"));
    }

    /**
     * The bundles of backbone.iobind itself, used when a project configures none. Both patch Backbone (they set
     * no global of their own) and give AMD and CommonJS the Backbone they patched.
     */
    public static List<BundleSpec> defaults() {
        List<Dependency> backbone = List.of(new Dependency("backbone", "Backbone"), new Dependency("underscore", "_"));
        return List.of(
                of("backbone.iosync", "socket.js", "sync.js").withUmd(null, "Backbone", backbone),
                of("backbone.iobind", "socket.js", "bind.js", "model.js", "collection.js").withUmd(null, "Backbone", backbone));
    }
}
