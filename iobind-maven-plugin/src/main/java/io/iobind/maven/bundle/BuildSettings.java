package io.iobind.maven.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a build of bundles depends on. Immutable; make one with {@link #builder()}.
 * Paths are absolute and normalized by the builder so that relative paths in messages and maps are stable.
 */
public final class BuildSettings {

    /** The default banner: bundle name, version and license; lines naming an unknown license are dropped. */
    public static final String DEFAULT_BANNER = String.join("\n",
            "/*!",
            " * @BUNDLE @VERSION",
            " * Released under the @LICENSE license.",
            " */");

    /**
     * ECMAScript 5 output: the bundles promise to run in ES5-era browsers. Smaller than newer output levels
     * for these sources only because nothing needs transpiling; see bench/README.md for the measurement.
     */
    public static final String DEFAULT_LANGUAGE_OUT = "ECMASCRIPT5";
    /** Sources are read as ES5 too, because the unminified {@code .js} ships them as they are. */
    public static final String DEFAULT_LANGUAGE_IN = "ECMASCRIPT5";

    private final Path sourceDirectory;
    private final Path outputDirectory;
    private final Path reportBaseDirectory;
    private final Path stateDirectory;
    private final List<BundleSpec> bundles;
    private final String version;
    private final String license;
    private final String bannerTemplate;
    private final MinificationLevel level;
    private final String languageIn;
    private final String languageOut;
    private final boolean sourceMaps;
    private final Charset charset;
    private final WrapperPart prefix;
    private final WrapperPart suffix;
    private final String toolVersion;
    private final List<Path> externs;

    private BuildSettings(Builder builder) {
        this.sourceDirectory = absolute(builder.sourceDirectory, "sourceDirectory");
        this.outputDirectory = absolute(builder.outputDirectory, "outputDirectory");
        this.reportBaseDirectory = builder.reportBaseDirectory == null
                ? (sourceDirectory.getParent() == null ? sourceDirectory : sourceDirectory.getParent())
                : builder.reportBaseDirectory.toAbsolutePath().normalize();
        this.stateDirectory = builder.stateDirectory == null ? null : builder.stateDirectory.toAbsolutePath().normalize();
        this.bundles = List.copyOf(builder.bundles);
        this.version = Objects.requireNonNull(builder.version, "version");
        this.license = builder.license == null ? "" : builder.license.trim();
        this.bannerTemplate = builder.bannerTemplate == null ? DEFAULT_BANNER : builder.bannerTemplate;
        this.level = Objects.requireNonNull(builder.level, "level");
        this.languageIn = Objects.requireNonNull(builder.languageIn, "languageIn");
        this.languageOut = Objects.requireNonNull(builder.languageOut, "languageOut");
        this.sourceMaps = builder.sourceMaps;
        this.charset = Objects.requireNonNull(builder.charset, "charset");
        this.prefix = builder.prefix;
        this.suffix = builder.suffix;
        this.toolVersion = builder.toolVersion == null ? "" : builder.toolVersion;
        List<Path> externFiles = new ArrayList<>();
        builder.externs.forEach(path -> externFiles.add(path.toAbsolutePath().normalize()));
        this.externs = List.copyOf(externFiles);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks what can be checked without reading sources; the message names the offending setting.
     *
     * @throws BundleConfigurationException on an empty or duplicate bundle, a file outside the source
     *                                      directory, or an unknown language mode
     */
    void validate() throws BundleConfigurationException {
        if (bundles.isEmpty()) {
            throw new BundleConfigurationException("No bundles configured (parameter bundles).");
        }
        Set<String> names = new HashSet<>();
        for (BundleSpec bundle : bundles) {
            if (bundle.name() == null || bundle.name().isBlank() || !bundle.name().matches("[A-Za-z0-9._-]+")) {
                throw new BundleConfigurationException("Bundle name '" + bundle.name()
                        + "' must be a plain file name of letters, digits, '.', '_' or '-' (parameter bundles/bundle/name).");
            }
            if (!names.add(bundle.name())) {
                throw new BundleConfigurationException("Bundle '" + bundle.name() + "' is configured twice (parameter bundles).");
            }
            if (bundle.files().isEmpty()) {
                throw new BundleConfigurationException("Bundle '" + bundle.name() + "' has no files (parameter bundles/bundle/files).");
            }
            for (String file : bundle.files()) {
                Path resolved = sourceDirectory.resolve(file).normalize();
                if (!resolved.startsWith(sourceDirectory)) {
                    throw new BundleConfigurationException("File '" + file + "' of bundle '" + bundle.name()
                            + "' is outside the source directory " + sourceDirectory + ".");
                }
            }
            UmdWrapper.validate(bundle);
        }
        ClosureMinifier.languageMode(languageIn, "languageIn");
        ClosureMinifier.languageMode(languageOut, "languageOut");
    }

    /** The bundle with that name, or a configuration error listing the configured names. */
    public BundleSpec bundle(String name) throws BundleConfigurationException {
        for (BundleSpec bundle : bundles) {
            if (bundle.name().equals(name)) {
                return bundle;
            }
        }
        List<String> configured = new ArrayList<>();
        bundles.forEach(bundle -> configured.add(bundle.name()));
        throw new BundleConfigurationException("No bundle named '" + name + "' is configured; configured: " + configured + ".");
    }

    public Path sourceDirectory() {
        return sourceDirectory;
    }

    public Path outputDirectory() {
        return outputDirectory;
    }

    public Path reportBaseDirectory() {
        return reportBaseDirectory;
    }

    /** Where fingerprints of finished builds are kept (e.g. under target/), or null to always rebuild. */
    public Path stateDirectory() {
        return stateDirectory;
    }

    public List<BundleSpec> bundles() {
        return bundles;
    }

    public String version() {
        return version;
    }

    public String license() {
        return license;
    }

    public String bannerTemplate() {
        return bannerTemplate;
    }

    public MinificationLevel level() {
        return level;
    }

    public String languageIn() {
        return languageIn;
    }

    public String languageOut() {
        return languageOut;
    }

    public boolean sourceMaps() {
        return sourceMaps;
    }

    public Charset charset() {
        return charset;
    }

    /** The wrapper's start for every bundle, or null for each bundle's own UMD wrapper ({@link UmdWrapper}). */
    public WrapperPart prefix() {
        return prefix;
    }

    /** The wrapper's end for every bundle, or null for each bundle's own UMD wrapper. */
    public WrapperPart suffix() {
        return suffix;
    }

    /** The wrapper's start for this bundle: the configured one, else its UMD wrapper; null for none. */
    WrapperPart prefix(BundleSpec bundle) {
        return prefix != null ? prefix : UmdWrapper.prefix(bundle);
    }

    /** The wrapper's end for this bundle: the configured one, else its UMD wrapper; null for none. */
    WrapperPart suffix(BundleSpec bundle) {
        return suffix != null ? suffix : UmdWrapper.suffix(bundle);
    }

    public String toolVersion() {
        return toolVersion;
    }

    /** Files declaring names Closure must not rename or remove (needed with ADVANCED). */
    public List<Path> externs() {
        return externs;
    }

    private static Path absolute(Path path, String name) {
        return Objects.requireNonNull(path, name).toAbsolutePath().normalize();
    }

    /**
     * Text put before or after a bundle's sources, with the name used for it in messages and source maps.
     *
     * @param label a file path or a name such as {@code UMD wrapper of my.lib (built in)}
     */
    public record WrapperPart(String label, String text) {

        public WrapperPart {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * Collects settings; defaults: bundles of backbone.iobind, each bundle's own UMD wrapper, SIMPLE, ES5 in and out,
     * source maps on, UTF-8.
     */
    public static final class Builder {
        private Path sourceDirectory;
        private Path outputDirectory;
        private Path reportBaseDirectory;
        private Path stateDirectory;
        private List<BundleSpec> bundles = BundleSpec.defaults();
        private String version;
        private String license;
        private String bannerTemplate;
        private MinificationLevel level = MinificationLevel.SIMPLE;
        private String languageIn = DEFAULT_LANGUAGE_IN;
        private String languageOut = DEFAULT_LANGUAGE_OUT;
        private boolean sourceMaps = true;
        private Charset charset = StandardCharsets.UTF_8;
        private WrapperPart prefix;
        private WrapperPart suffix;
        private String toolVersion;
        private List<Path> externs = List.of();

        private Builder() {
        }

        public Builder sourceDirectory(Path value) {
            this.sourceDirectory = value;
            return this;
        }

        public Builder outputDirectory(Path value) {
            this.outputDirectory = value;
            return this;
        }

        /** Paths in error messages are relative to this folder (the project's); default: the source folder's parent. */
        public Builder reportBaseDirectory(Path value) {
            this.reportBaseDirectory = value;
            return this;
        }

        public Builder stateDirectory(Path value) {
            this.stateDirectory = value;
            return this;
        }

        public Builder bundles(List<BundleSpec> value) {
            this.bundles = value;
            return this;
        }

        public Builder version(String value) {
            this.version = value;
            return this;
        }

        public Builder license(String value) {
            this.license = value;
            return this;
        }

        public Builder bannerTemplate(String value) {
            this.bannerTemplate = value;
            return this;
        }

        public Builder level(MinificationLevel value) {
            this.level = value;
            return this;
        }

        public Builder languageIn(String value) {
            this.languageIn = value;
            return this;
        }

        public Builder languageOut(String value) {
            this.languageOut = value;
            return this;
        }

        public Builder sourceMaps(boolean value) {
            this.sourceMaps = value;
            return this;
        }

        public Builder charset(Charset value) {
            this.charset = value;
            return this;
        }

        public Builder prefix(WrapperPart value) {
            this.prefix = value;
            return this;
        }

        public Builder suffix(WrapperPart value) {
            this.suffix = value;
            return this;
        }

        /** The version of the tool doing the build; part of the fingerprint so an upgrade rebuilds. */
        public Builder toolVersion(String value) {
            this.toolVersion = value;
            return this;
        }

        public Builder externs(List<Path> value) {
            this.externs = value == null ? List.of() : value;
            return this;
        }

        public BuildSettings build() {
            return new BuildSettings(this);
        }
    }
}
