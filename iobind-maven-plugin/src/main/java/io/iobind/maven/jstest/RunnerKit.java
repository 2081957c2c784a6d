package io.iobind.maven.jstest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import io.iobind.maven.bundle.AtomicFiles;
import io.iobind.maven.npm.NodeModules;
import io.iobind.maven.npm.NpmException;
import io.iobind.maven.npm.PackageCache;
import io.iobind.maven.npm.PackageLock;
import io.iobind.maven.npm.RegistryLocator;

/**
 * The mocha and chai the plugin brings, as jasmine-maven-plugin brings jasmine, so a project whose specs use no other
 * package needs no {@code package-lock.json}. The plugin's build ({@link #main}) fetches the two packages at the
 * versions {@code src/main/runner/package-lock.json} pins, verifies them against its sha512 integrity and packs
 * mocha's browser bundle and chai's UMD bundle (with their {@code package.json} and licence) into the jar under
 * {@code io/iobind/maven/jstest/runner/}; at run time {@link #unpack} writes them to a folder the module resolver
 * can read. A project's own locked mocha or chai wins over these (see {@link SpecSuite}).
 */
public final class RunnerKit {

    /** A packed package: its name, version and the one file a spec run uses. */
    public record Piece(String name, String version, String entry) {
        @Override
        public String toString() {
            return name + " " + version;
        }
    }

    /** What the kit holds, read from {@code runner/kit.properties} in the jar. */
    static final String RESOURCES = "runner/";
    private static final String PROPERTIES = "kit.properties";
    /** The packages and the bundle of each that the kit packs (each also with package.json and LICENSE). */
    static final Map<String, String> ENTRIES = Map.of("mocha", "mocha.js", "chai", "chai.js");

    private final Piece mocha;
    private final Piece chai;

    private RunnerKit(Piece mocha, Piece chai) {
        this.mocha = mocha;
        this.chai = chai;
    }

    public Piece mocha() {
        return mocha;
    }

    public Piece chai() {
        return chai;
    }

    /** The kit packed into this plugin's jar, or empty when the jar lacks it (a build that skipped packing it). */
    public static Optional<RunnerKit> packed() {
        Properties properties = new Properties();
        try (InputStream in = RunnerKit.class.getResourceAsStream(RESOURCES + PROPERTIES)) {
            if (in == null) {
                return Optional.empty();
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the plugin's " + RESOURCES + PROPERTIES, e);
        }
        Piece mocha = piece(properties, "mocha");
        Piece chai = piece(properties, "chai");
        if (mocha == null || chai == null) {
            return Optional.empty();
        }
        for (Piece piece : List.of(mocha, chai)) {
            for (String file : filesOf(piece)) {
                if (RunnerKit.class.getResource(RESOURCES + file) == null) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new RunnerKit(mocha, chai));
    }

    private static Piece piece(Properties properties, String name) {
        String version = properties.getProperty(name + ".version");
        return version == null ? null : new Piece(name, version, ENTRIES.get(name));
    }

    private static List<String> filesOf(Piece piece) {
        return List.of(piece.name() + "/package.json", piece.name() + "/LICENSE", piece.name() + "/" + piece.entry());
    }

    /**
     * Writes the kit's files to {@code folder/<package>/...} (only files whose bytes differ).
     *
     * @return the package folders by name
     */
    public Map<String, Path> unpack(Path folder) throws IOException {
        Map<String, Path> folders = new LinkedHashMap<>();
        for (Piece piece : List.of(mocha, chai)) {
            for (String file : filesOf(piece)) {
                try (InputStream in = RunnerKit.class.getResourceAsStream(RESOURCES + file)) {
                    if (in == null) {
                        throw new IOException("the plugin's jar lacks " + RESOURCES + file);
                    }
                    AtomicFiles.writeIfChanged(folder.resolve(file), in.readAllBytes());
                }
            }
            folders.put(piece.name(), folder.resolve(piece.name()).toAbsolutePath().normalize());
        }
        return folders;
    }

    /** Deletes a folder {@link #unpack} wrote. */
    static void deleteQuietly(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // a temporary folder; the OS cleans what is left
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }

    /**
     * The plugin's build step (process-classes): fetches mocha and chai as {@code lockFile} pins them, checks their
     * integrity, and writes the kit into {@code outputDirectory/io/iobind/maven/jstest/runner/}.
     *
     * @param args {@code <package-lock.json> <classes folder> <npm cache folder> offline=<true|false>}
     */
    public static void main(String[] args) throws NpmException, IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: RunnerKit <package-lock.json> <classes folder> <npm cache folder> offline=<true|false>");
        }
        Path lockFile = Path.of(args[0]).toAbsolutePath().normalize();
        Path target = Path.of(args[1]).resolve(RunnerKit.class.getPackageName().replace('.', '/')).resolve(RESOURCES);
        PackageLock lock = PackageLock.read(lockFile);
        RegistryLocator registry = RegistryLocator.forProject(null, lockFile.getParent());
        NodeModules modules = new NodeModules(lock, new PackageCache(Path.of(args[2]), registry::locate,
                args[3].equals("offline=true"), (level, line) -> System.out.println("[" + level + "] " + line)));
        Map<String, NodeModules.InstalledPackage> fetched = modules.prefetch(ENTRIES.keySet(), ENTRIES.keySet());
        Properties properties = new Properties();
        for (String name : List.of("mocha", "chai")) {
            NodeModules.InstalledPackage pkg = fetched.get("node_modules/" + name);
            if (pkg == null) {
                throw new NpmException(lockFile + " locks no " + name);
            }
            for (String file : filesOf(new Piece(name, pkg.locked().version(), ENTRIES.get(name)))) {
                Path source = pkg.folder().resolve(file.substring(name.length() + 1));
                if (!Files.isRegularFile(source)) {
                    throw new NpmException(pkg.locked() + " has no " + source.getFileName());
                }
                AtomicFiles.writeIfChanged(target.resolve(file), Files.readAllBytes(source));
            }
            properties.setProperty(name + ".version", pkg.locked().version());
            properties.setProperty(name + ".integrity", pkg.locked().integrity());
        }
        StringBuilder text = new StringBuilder("# The mocha and chai packed into the plugin (RunnerKit), from src/main/runner/package-lock.json\n");
        for (String key : Set.copyOf(properties.stringPropertyNames()).stream().sorted().toList()) {
            text.append(key).append('=').append(properties.getProperty(key)).append('\n');
        }
        AtomicFiles.writeIfChanged(target.resolve(PROPERTIES), text.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        System.out.println("[INFO] Spec runner kit: mocha " + properties.getProperty("mocha.version") + ", chai "
                + properties.getProperty("chai.version") + " (sha512 verified) in " + target);
    }
}
