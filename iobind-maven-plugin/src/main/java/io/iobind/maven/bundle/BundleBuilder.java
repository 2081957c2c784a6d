package io.iobind.maven.bundle;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.javascript.jscomp.Compiler;
import com.google.javascript.jscomp.SourceFile;

import io.iobind.maven.util.CoreLog;
import io.iobind.maven.util.PathNames;

/**
 * Builds bundles: for each one, {@code <name>.js} (banner + wrapper + sources, {@code @VERSION} replaced),
 * {@code <name>.min.js} (banner + Closure's output + {@code sourceMappingURL}) and {@code <name>.min.js.map}
 * (pointing at the source files). All bundles are compiled in memory before anything is written, so a
 * failed build leaves every existing output as it was; then each output is written atomically and only when
 * its bytes change. A bundle whose inputs, settings and outputs match the fingerprint of its last build is
 * not rebuilt at all.
 */
public final class BundleBuilder {

    /** What happened to one bundle. */
    public enum Status {
        /** Inputs, settings and outputs were as the last build left them: nothing was done. */
        UP_TO_DATE,
        /** Compiled; {@link BundleResult#written()} lists the outputs whose bytes changed (maybe none). */
        BUILT
    }

    public record BundleResult(String bundle, Status status, List<Path> written) {
        public BundleResult {
            written = List.copyOf(written);
        }
    }

    private final BuildSettings settings;
    private final CoreLog log;

    public BundleBuilder(BuildSettings settings, CoreLog log) {
        this.settings = settings;
        this.log = log;
    }

    /** Builds every configured bundle. */
    public List<BundleResult> buildAll() throws BundleConfigurationException, BundleCompilationException {
        List<String> names = new ArrayList<>();
        settings.bundles().forEach(bundle -> names.add(bundle.name()));
        return build(names);
    }

    /** Builds the named bundles, in the order given. */
    public List<BundleResult> build(List<String> bundleNames) throws BundleConfigurationException, BundleCompilationException {
        settings.validate();
        Map<Path, byte[]> externFiles = readExterns();
        String settingsFingerprint = settingsFingerprint(externFiles);
        List<SourceFile> externs = externSources(externFiles);
        List<BundleResult> results = new ArrayList<>();
        List<PendingBundle> pending = new ArrayList<>();
        List<String> upToDate = new ArrayList<>();
        for (String name : bundleNames) {
            BundleSpec spec = settings.bundle(name);
            Map<Path, byte[]> sources = readSources(spec);
            String inputs = inputsFingerprint(spec, sources, settingsFingerprint);
            if (isUpToDate(spec, inputs)) {
                results.add(new BundleResult(spec.name(), Status.UP_TO_DATE, List.of()));
                upToDate.add(spec.name());
                continue;
            }
            pending.add(new PendingBundle(spec, inputs, render(spec, sources, externs)));
        }
        // One line for the bundles left alone; each built bundle gets its own line from write().
        if (pending.isEmpty()) {
            log.info("Nothing to build: " + String.join(", ", upToDate) + " up to date.");
        } else if (!upToDate.isEmpty()) {
            log.info(String.join(", ", upToDate) + " up to date, not rebuilt.");
        }
        for (PendingBundle bundle : pending) {
            results.add(write(bundle));
        }
        return List.copyOf(reorder(results, bundleNames));
    }

    private record PendingBundle(BundleSpec spec, String inputsFingerprint, Map<Path, byte[]> outputs) {
    }

    private Map<Path, byte[]> readSources(BundleSpec spec) throws BundleConfigurationException {
        Map<Path, byte[]> sources = new LinkedHashMap<>();
        for (String file : spec.files()) {
            Path path = settings.sourceDirectory().resolve(file).normalize();
            try {
                sources.putIfAbsent(path, Files.readAllBytes(path));
            } catch (NoSuchFileException e) {
                throw new BundleConfigurationException("Source file " + reportPath(path) + " of bundle " + spec.name()
                        + " does not exist (source directory " + settings.sourceDirectory() + ").");
            } catch (IOException e) {
                throw new BundleConfigurationException("Cannot read " + reportPath(path) + " of bundle " + spec.name() + ": " + e, e);
            }
        }
        return sources;
    }

    /** Compiles one bundle in memory; throws, writing nothing, when Closure reports errors. */
    private Map<Path, byte[]> render(BundleSpec spec, Map<Path, byte[]> sources, List<SourceFile> externs)
            throws BundleCompilationException {
        AssembledBundle.Assembler assembler = new AssembledBundle.Assembler(settings.version());
        BuildSettings.WrapperPart prefix = settings.prefix(spec);
        BuildSettings.WrapperPart suffix = settings.suffix(spec);
        if (prefix != null) {
            assembler.append(new AssembledBundle.Origin(prefix.label(), false), prefix.text());
        }
        List<Path> files = new ArrayList<>();
        for (String file : spec.files()) {
            Path path = settings.sourceDirectory().resolve(file).normalize();
            files.add(path);
            assembler.append(new AssembledBundle.Origin(reportPath(path), true),
                    new String(sources.get(path), settings.charset()));
        }
        if (suffix != null) {
            assembler.append(new AssembledBundle.Origin(suffix.label(), false), suffix.text());
        }
        AssembledBundle bundle = assembler.build();

        ClosureMinifier.Minified minified = ClosureMinifier.minify(spec.name(), bundle, settings, externs);
        for (SourceProblem warning : minified.warnings()) {
            log.warn(warning.toString());
        }
        if (!minified.errors().isEmpty()) {
            throw new BundleCompilationException(spec.name(), minified.errors());
        }

        String banner = renderBanner(spec);
        int bannerLines = banner.isEmpty() ? 0 : (int) banner.chars().filter(c -> c == '\n').count() + 1;
        String bannerBlock = banner.isEmpty() ? "" : banner + "\n";
        String minifiedName = spec.name() + ".min.js";
        String mapName = minifiedName + ".map";

        StringBuilder minifiedText = new StringBuilder(bannerBlock).append(stripTrailingNewlines(minified.code())).append('\n');
        if (settings.sourceMaps()) {
            minifiedText.append("//# sourceMappingURL=").append(mapName).append('\n');
        }

        Map<Path, byte[]> outputs = new LinkedHashMap<>();
        Path out = settings.outputDirectory();
        outputs.put(out.resolve(spec.name() + ".js"), (bannerBlock + bundle.text()).getBytes(settings.charset()));
        outputs.put(out.resolve(minifiedName), minifiedText.toString().getBytes(settings.charset()));
        if (settings.sourceMaps()) {
            // The map names each source file relative to the map itself, so a debugger finds it next to dist/.
            Map<String, String> sourceNames = new LinkedHashMap<>();
            for (Path file : files) {
                sourceNames.putIfAbsent(reportPath(file), PathNames.relative(settings.outputDirectory(), file));
            }
            String map = BundleSourceMap.compose(minified.sourceMapJson(), bundle, sourceNames, spec.name() + ".js",
                    bannerLines, minifiedName);
            outputs.put(out.resolve(mapName), map.getBytes(StandardCharsets.UTF_8));
        }
        return outputs;
    }

    /**
     * The banner with its placeholders filled in. Without a license, a line naming it is left out; on a line that
     * opens or closes the comment (which must stay), only {@code @LICENSE} goes, with the separator before it or
     * the brackets around it: {@code /*! @BUNDLE @VERSION | @LICENSE *}{@code /} becomes {@code /*! my.lib 1.0 *}{@code /}.
     */
    String renderBanner(BundleSpec spec) {
        String template = AssembledBundle.normalizeLineEnds(settings.bannerTemplate());
        boolean noLicense = settings.license().isEmpty();
        List<String> kept = new ArrayList<>();
        for (String line : template.split("\n", -1)) {
            if (noLicense && line.contains("@LICENSE")) {
                if (!line.contains("/*") && !line.contains("*/")) {
                    continue;
                }
                line = UNKNOWN_LICENSE_PART.matcher(line).replaceAll("");
            }
            kept.add(line.replace("@BUNDLE", spec.name())
                    .replace("@VERSION", settings.version())
                    .replace("@LICENSE", settings.license()));
        }
        return stripTrailingNewlines(String.join("\n", kept));
    }

    /** {@code @LICENSE} with the separator before it ({@code |}, {@code -}, {@code ,}, ...) or the brackets around it. */
    private static final Pattern UNKNOWN_LICENSE_PART =
            Pattern.compile("\\s*(?:[|,;:\\-\u2013\u2014]\\s*)?(?:\\(@LICENSE\\)|\\[@LICENSE]|@LICENSE\\b)");

    private BundleResult write(PendingBundle bundle) throws BundleConfigurationException {
        List<Path> written = new ArrayList<>();
        try {
            for (Map.Entry<Path, byte[]> output : bundle.outputs().entrySet()) {
                if (AtomicFiles.writeIfChanged(output.getKey(), output.getValue())) {
                    written.add(output.getKey());
                }
            }
            if (settings.stateDirectory() != null) {
                AtomicFiles.writeIfChanged(stateFile(bundle.spec()),
                        (fingerprint(bundle.spec(), bundle.inputsFingerprint()) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new BundleConfigurationException("Cannot write the outputs of " + bundle.spec().name() + " to "
                    + settings.outputDirectory() + ": " + e, e);
        }
        if (written.isEmpty()) {
            log.info(bundle.spec().name() + ": built; every output already held these bytes, nothing written.");
        } else {
            List<String> names = new ArrayList<>();
            written.forEach(path -> names.add(path.getFileName().toString()));
            log.info(bundle.spec().name() + ": wrote " + String.join(", ", names) + " to " + settings.outputDirectory());
        }
        return new BundleResult(bundle.spec().name(), Status.BUILT, written);
    }

    private boolean isUpToDate(BundleSpec spec, String inputsFingerprint) throws BundleConfigurationException {
        if (settings.stateDirectory() == null) {
            return false;
        }
        try {
            byte[] recorded = AtomicFiles.readOrNull(stateFile(spec));
            return recorded != null
                    && new String(recorded, StandardCharsets.UTF_8).trim().equals(fingerprint(spec, inputsFingerprint));
        } catch (IOException e) {
            throw new BundleConfigurationException("Cannot read the build state of " + spec.name() + ": " + e, e);
        }
    }

    /** Inputs plus the current bytes of every output: a hand-edited or deleted output makes the bundle stale. */
    private String fingerprint(BundleSpec spec, String inputsFingerprint) throws IOException {
        Fingerprint fingerprint = new Fingerprint().add("inputs", inputsFingerprint);
        for (Path output : outputFiles(spec)) {
            fingerprint.add(output.toString(), AtomicFiles.readOrNull(output));
        }
        return fingerprint.hex();
    }

    private List<Path> outputFiles(BundleSpec spec) {
        Path out = settings.outputDirectory();
        List<Path> files = new ArrayList<>(List.of(out.resolve(spec.name() + ".js"), out.resolve(spec.name() + ".min.js")));
        if (settings.sourceMaps()) {
            files.add(out.resolve(spec.name() + ".min.js.map"));
        }
        return files;
    }

    private String inputsFingerprint(BundleSpec spec, Map<Path, byte[]> sources, String settingsFingerprint) {
        Fingerprint fingerprint = new Fingerprint().add("settings", settingsFingerprint).add("bundle", spec.name())
                .add("prefix", wrapperText(settings.prefix(spec)))
                .add("suffix", wrapperText(settings.suffix(spec)));
        for (String file : spec.files()) {
            Path path = settings.sourceDirectory().resolve(file).normalize();
            fingerprint.add(path.toString(), sources.get(path));
        }
        return fingerprint.hex();
    }

    private Map<Path, byte[]> readExterns() throws BundleConfigurationException {
        Map<Path, byte[]> externs = new LinkedHashMap<>();
        for (Path file : settings.externs()) {
            try {
                externs.put(file, Files.readAllBytes(file));
            } catch (IOException e) {
                throw new BundleConfigurationException("Cannot read externs file " + file + " (parameter externs): " + e, e);
            }
        }
        return externs;
    }

    private List<SourceFile> externSources(Map<Path, byte[]> externs) {
        List<SourceFile> files = new ArrayList<>();
        externs.forEach((path, bytes) -> files.add(SourceFile.fromCode(reportPath(path), new String(bytes, settings.charset()))));
        return files;
    }

    private String settingsFingerprint(Map<Path, byte[]> externFiles) {
        Fingerprint fingerprint = new Fingerprint();
        externFiles.forEach((path, bytes) -> fingerprint.add("externs " + path, bytes));
        return fingerprint
                .add("tool", settings.toolVersion())
                .add("closure", closureJarName())
                .add("builder", BUILDER_CODE)
                .add("sourceDirectory", settings.sourceDirectory().toString())
                .add("outputDirectory", settings.outputDirectory().toString())
                .add("version", settings.version())
                .add("license", settings.license())
                .add("banner", settings.bannerTemplate())
                .add("level", settings.level().name())
                .add("languageIn", settings.languageIn())
                .add("languageOut", settings.languageOut())
                .add("sourceMaps", Boolean.toString(settings.sourceMaps()))
                .add("charset", settings.charset().name())
                .hex();
    }

    private static String wrapperText(BuildSettings.WrapperPart part) {
        return part == null ? "(none)" : part.label() + "\n" + part.text();
    }

    /**
     * A hash of this package's own code, so that a changed builder rebuilds even under an unchanged
     * -SNAPSHOT version (where the version alone would say "up to date" with outputs of the old code).
     */
    private static final String BUILDER_CODE = builderCodeFingerprint();

    private static String builderCodeFingerprint() {
        Fingerprint fingerprint = new Fingerprint();
        try {
            Path location = Path.of(BundleBuilder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location)) {
                fingerprint.add(location.getFileName().toString(), Files.readAllBytes(location));
            } else {
                Path classes = location.resolve(BundleBuilder.class.getPackageName().replace('.', File.separatorChar));
                try (var files = Files.walk(classes)) {
                    for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                        fingerprint.add(PathNames.relative(classes, file), Files.readAllBytes(file));
                    }
                }
            }
        } catch (Exception e) {
            fingerprint.add("unknown", e.toString());
        }
        return fingerprint.hex();
    }

    /** Identifies the Closure release in use (e.g. {@code closure-compiler-v20240317.jar}); a swap rebuilds. */
    private static String closureJarName() {
        try {
            return Path.of(Compiler.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private Path stateFile(BundleSpec spec) {
        return settings.stateDirectory().resolve(spec.name() + ".fingerprint");
    }

    private String reportPath(Path file) {
        return PathNames.relative(settings.reportBaseDirectory(), file);
    }

    private static String stripTrailingNewlines(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }

    private static List<BundleResult> reorder(List<BundleResult> results, List<String> order) {
        List<BundleResult> ordered = new ArrayList<>();
        for (String name : order) {
            for (BundleResult result : results) {
                if (result.bundle().equals(name)) {
                    ordered.add(result);
                }
            }
        }
        return ordered;
    }
}
