package io.iobind.maven.npm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An npm lockfile (v2 or v3: the {@code packages} map) and Node's lookup rules over it, so we can tell which
 * locked entry a {@code require()} from a given package reaches without installing anything.
 */
public final class PackageLock {

    private static final String NODE_MODULES = "node_modules/";

    private final Path file;
    private final Map<String, LockedPackage> packagesByPath;
    private final Set<String> rootDependencies;

    private PackageLock(Path file, Map<String, LockedPackage> packagesByPath, Set<String> rootDependencies) {
        this.file = file;
        this.packagesByPath = packagesByPath;
        this.rootDependencies = rootDependencies;
    }

    /** Reads {@code package-lock.json}; errors name the file and the entry at fault. */
    public static PackageLock read(Path lockFile) throws NpmException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(lockFile));
        } catch (NoSuchFileException e) {
            throw new NpmException("No npm lockfile at " + lockFile + ": run 'npm install --package-lock-only' to pin the packages.");
        } catch (JsonProcessingException e) {
            throw new NpmException(lockFile + ":" + e.getLocation().getLineNr() + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new NpmException("Cannot read " + lockFile + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new NpmException(lockFile + ": not an npm lockfile (expected a JSON object).");
        }
        int version = root.path("lockfileVersion").asInt(0);
        JsonNode packages = root.get("packages");
        if (version < 2 || packages == null || !packages.isObject()) {
            throw new NpmException(lockFile + ": lockfileVersion " + version + " has no 'packages' map; "
                    + "lockfile v2 or v3 is needed (npm 7 or later writes it).");
        }
        Map<String, LockedPackage> byPath = new LinkedHashMap<>();
        Set<String> rootDependencies = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = packages.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String path = field.getKey();
            JsonNode entry = field.getValue();
            if (path.isEmpty()) {
                addNames(rootDependencies, entry, "dependencies", "devDependencies", "optionalDependencies");
                continue;
            }
            if (!path.startsWith(NODE_MODULES) && !path.contains("/" + NODE_MODULES)) {
                continue; // a workspace folder of the project itself, not a fetched package
            }
            if (entry.path("link").asBoolean(false)) {
                continue; // a symlink to a workspace folder: nothing to fetch
            }
            String where = lockFile + ": packages[\"" + path + "\"]";
            String version1 = text(entry, "version");
            String integrity = text(entry, "integrity");
            if (version1 == null) {
                throw new NpmException(where + " has no 'version'.");
            }
            if (integrity == null) {
                throw new NpmException(where + " has no 'integrity' hash; re-create the lockfile with npm 7 or later.");
            }
            String name = Optional.ofNullable(text(entry, "name")).orElse(installNameOf(path));
            Set<String> dependencies = new LinkedHashSet<>();
            addNames(dependencies, entry, "dependencies", "optionalDependencies", "peerDependencies");
            byPath.put(path, new LockedPackage(path, name, version1, integrity, Collections.unmodifiableSet(dependencies)));
        }
        return new PackageLock(lockFile, Collections.unmodifiableMap(byPath), Collections.unmodifiableSet(rootDependencies));
    }

    private static void addNames(Set<String> into, JsonNode entry, String... fields) {
        for (String field : fields) {
            entry.path(field).fieldNames().forEachRemaining(into::add);
        }
    }

    private static String text(JsonNode entry, String field) {
        JsonNode node = entry.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    /** The name a package is installed under, from its lockfile path: {@code node_modules/a/node_modules/@s/b} gives {@code @s/b}. */
    static String installNameOf(String path) {
        int at = path.lastIndexOf(NODE_MODULES);
        return at < 0 ? path : path.substring(at + NODE_MODULES.length());
    }

    public Path file() {
        return file;
    }

    /** The project's own (dev, optional and regular) dependency names, as written in package.json. */
    public Set<String> rootDependencies() {
        return rootDependencies;
    }

    public Collection<LockedPackage> packages() {
        return packagesByPath.values();
    }

    public Optional<LockedPackage> byPath(String path) {
        return Optional.ofNullable(packagesByPath.get(path));
    }

    /**
     * Node's lookup: the entry {@code require(name)} reaches from the package at {@code fromPath} ("" for the
     * project itself) — its own nested node_modules first, then each enclosing node_modules up to the top.
     */
    public Optional<LockedPackage> lookup(String fromPath, String name) {
        String base = fromPath;
        while (true) {
            String candidate = (base.isEmpty() ? "" : base + "/") + NODE_MODULES + name;
            LockedPackage found = packagesByPath.get(candidate);
            if (found != null) {
                return Optional.of(found);
            }
            if (base.isEmpty()) {
                return Optional.empty();
            }
            int cut = base.lastIndexOf("/" + NODE_MODULES);
            base = cut < 0 ? "" : base.substring(0, cut);
        }
    }

    /**
     * The packages reached from the project's dependencies {@code rootNames}, following each one's own
     * dependencies except for the packages in {@code withoutDependencies} (taken alone, e.g. mocha, of which
     * only the self-contained browser bundle is used). Missing optional/peer entries are skipped, as npm does.
     */
    public Set<LockedPackage> closure(Collection<String> rootNames, Set<String> withoutDependencies) throws NpmException {
        Set<LockedPackage> reached = new LinkedHashSet<>();
        Deque<LockedPackage> todo = new ArrayDeque<>();
        for (String name : rootNames) {
            LockedPackage found = lookup("", name).orElseThrow(() -> new NpmException(
                    file + ": '" + name + "' is not locked (no packages[\"node_modules/" + name + "\"]); run 'npm install'."));
            todo.add(found);
        }
        while (!todo.isEmpty()) {
            LockedPackage next = todo.poll();
            if (!reached.add(next) || withoutDependencies.contains(next.path())) {
                continue;
            }
            for (String dependency : next.dependencies()) {
                lookup(next.path(), dependency).ifPresent(todo::add);
            }
        }
        return reached;
    }
}
