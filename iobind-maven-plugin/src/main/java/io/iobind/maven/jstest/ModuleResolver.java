package io.iobind.maven.jstest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.iobind.maven.npm.NodeModules;
import io.iobind.maven.npm.NpmException;
import io.iobind.maven.util.PathNames;

/**
 * Node's {@code require()} resolution: relative and absolute paths (file, {@code .js}, {@code .json}, folder with
 * {@code package.json} main or {@code index.js}) and bare package names looked up like node_modules over the
 * locked packages (their {@code exports} with the {@code require}/{@code node}/{@code default} conditions, else
 * {@code main}). Also gives each file the short name used in stack traces.
 */
final class ModuleResolver {

    private static final List<String> CONDITIONS = List.of("require", "node", "default");

    private final NodeModules nodeModules;
    private final Path displayRoot;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Path, NodeModules.InstalledPackage> packagesByFolder = new ConcurrentHashMap<>();
    private final Map<String, Path> ownPackages;

    /**
     * @param nodeModules the locked packages, or null when the project locks none
     * @param displayRoot the folder project files are named relative to in reports (e.g. the repository root)
     */
    ModuleResolver(NodeModules nodeModules, Path displayRoot) {
        this(nodeModules, displayRoot, Map.of());
    }

    /**
     * @param ownPackages the plugin's own packages ({@link RunnerKit}) by name, unpacked, for the names the lockfile
     *                    does not lock: a bare {@code require} of one of them loads its bundle
     */
    ModuleResolver(NodeModules nodeModules, Path displayRoot, Map<String, Path> ownPackages) {
        this.nodeModules = nodeModules;
        this.displayRoot = displayRoot.toAbsolutePath().normalize();
        this.ownPackages = Map.copyOf(ownPackages);
    }

    /** The file {@code require(request)} from {@code fromFile} loads; a {@link ResolveException} says why none. */
    Path resolve(String request, Path fromFile) throws ResolveException {
        Path fromDir = fromFile.getParent();
        if (request.startsWith("./") || request.startsWith("../") || request.equals(".") || request.equals("..")
                || request.startsWith("/")) {
            Path base = fromDir.resolve(request).normalize();
            return resolveFileOrFolder(base).orElseThrow(() -> notFound(request, fromFile, "no file " + base));
        }
        int nameEnd = request.startsWith("@") ? request.indexOf('/', request.indexOf('/') + 1) : request.indexOf('/');
        String name = nameEnd < 0 ? request : request.substring(0, nameEnd);
        String subpath = nameEnd < 0 ? "" : request.substring(nameEnd + 1);
        Path own = ownPackages.get(name);
        if (own != null) {
            Path entry = own.resolve(RunnerKit.ENTRIES.get(name));
            if (!subpath.isEmpty() || !Files.isRegularFile(entry)) {
                throw notFound(request, fromFile, "the plugin's own " + name + " offers only require('" + name
                        + "'); lock " + name + " in package-lock.json for more");
            }
            return entry;
        }
        if (nodeModules == null) {
            throw notFound(request, fromFile, "the project has no package-lock.json to take packages from");
        }
        String owner = owningPackagePath(fromFile);
        Path packageDirectory = nodeModules.lock().file().toAbsolutePath().normalize().getParent();
        if (owner.isEmpty() && !fromFile.toAbsolutePath().normalize().startsWith(packageDirectory)) {
            // Node looks for node_modules from the requiring file's folder upward; the locked packages live in
            // <packageDirectory>/node_modules, which a file outside that folder never reaches.
            throw notFound(request, fromFile, "packages are only visible to files under " + displayName(packageDirectory)
                    + "/ (Node looks in node_modules folders from the requiring file's folder upward)");
        }
        NodeModules.InstalledPackage pkg;
        try {
            pkg = nodeModules.lookup(owner, name).orElse(null);
        } catch (NpmException e) {
            throw new ResolveException("Cannot load '" + request + "' required from " + displayName(fromFile) + ": " + e.getMessage());
        }
        if (pkg == null) {
            String hint = NODE_CORE.contains(name) ? " ('" + name + "' is a Node core module; iobind:test provides only fs and path)"
                    : " (it is not in " + nodeModules.lock().file().getFileName() + "; add it with npm install --save-dev " + name + ")";
            throw notFound(request, fromFile, "no package '" + name + "'" + hint);
        }
        packagesByFolder.put(pkg.folder(), pkg);
        Optional<Path> target;
        JsonNode manifest = readManifest(pkg.folder());
        JsonNode exports = manifest == null ? null : manifest.get("exports");
        if (exports != null && !exports.isNull()) {
            target = resolveExports(pkg.folder(), exports, subpath.isEmpty() ? "." : "./" + subpath);
        } else if (subpath.isEmpty()) {
            target = resolveFolder(pkg.folder());
        } else {
            target = resolveFileOrFolder(pkg.folder().resolve(subpath).normalize());
        }
        return target.orElseThrow(() -> notFound(request, fromFile, "package " + pkg.locked() + " has no such entry"));
    }

    private static final java.util.Set<String> NODE_CORE = java.util.Set.of("assert", "buffer", "child_process", "crypto",
            "events", "http", "https", "net", "os", "stream", "string_decoder", "tls", "tty", "url", "util", "vm", "zlib");

    private ResolveException notFound(String request, Path fromFile, String why) {
        return new ResolveException("Cannot find module '" + request + "' required from " + displayName(fromFile) + ": " + why);
    }

    /** The lockfile path of the package a file belongs to, or "" for the project's own files. */
    private String owningPackagePath(Path file) {
        for (Path dir = file.getParent(); dir != null; dir = dir.getParent()) {
            NodeModules.InstalledPackage pkg = packagesByFolder.get(dir);
            if (pkg != null) {
                return pkg.path();
            }
        }
        return "";
    }

    /** How reports name a file: {@code node_modules/<pkg>/...} for packages, else relative to the display root. */
    String displayName(Path file) {
        Path normalized = file.toAbsolutePath().normalize();
        for (Path dir = normalized.getParent(); dir != null; dir = dir.getParent()) {
            NodeModules.InstalledPackage pkg = packagesByFolder.get(dir);
            if (pkg != null) {
                return pkg.path() + "/" + PathNames.relative(dir, normalized);
            }
        }
        for (Map.Entry<String, Path> own : ownPackages.entrySet()) {
            if (normalized.startsWith(own.getValue())) {
                return "node_modules/" + own.getKey() + "/" + PathNames.relative(own.getValue(), normalized);
            }
        }
        return PathNames.relativeOrAbsolute(displayRoot, normalized);
    }

    private Optional<Path> resolveFileOrFolder(Path base) {
        for (String suffix : new String[] {"", ".js", ".json", ".cjs"}) {
            Path candidate = base.resolveSibling(base.getFileName() + suffix);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Files.isDirectory(base) ? resolveFolder(base) : Optional.empty();
    }

    private Optional<Path> resolveFolder(Path folder) {
        JsonNode manifest = readManifest(folder);
        if (manifest != null && manifest.hasNonNull("main")) {
            Path main = folder.resolve(manifest.get("main").asText()).normalize();
            Optional<Path> found = resolveFileOrFolderWithoutMain(main);
            if (found.isPresent()) {
                return found;
            }
        }
        for (String index : new String[] {"index.js", "index.json", "index.cjs"}) {
            if (Files.isRegularFile(folder.resolve(index))) {
                return Optional.of(folder.resolve(index));
            }
        }
        return Optional.empty();
    }

    private Optional<Path> resolveFileOrFolderWithoutMain(Path base) {
        for (String suffix : new String[] {"", ".js", ".json", ".cjs", "/index.js", "/index.json"}) {
            Path candidate = Path.of(base + suffix);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private Optional<Path> resolveExports(Path folder, JsonNode exports, String subpath) {
        JsonNode map = exports;
        boolean subpathKeys = exports.isObject() && exports.fieldNames().hasNext() && exports.fieldNames().next().startsWith(".");
        if (!subpathKeys) {
            if (!subpath.equals(".")) {
                return Optional.empty();
            }
            return target(folder, exports, null);
        }
        JsonNode exact = map.get(subpath);
        if (exact != null) {
            return target(folder, exact, null);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            int star = key.indexOf('*');
            if (star >= 0 && subpath.startsWith(key.substring(0, star)) && subpath.endsWith(key.substring(star + 1))
                    && subpath.length() >= key.length() - 1) {
                String match = subpath.substring(star, subpath.length() - (key.length() - star - 1));
                return target(folder, entry.getValue(), match);
            }
        }
        return Optional.empty();
    }

    private Optional<Path> target(Path folder, JsonNode target, String starMatch) {
        if (target == null || target.isNull()) {
            return Optional.empty();
        }
        if (target.isTextual()) {
            String relative = starMatch == null ? target.asText() : target.asText().replace("*", starMatch);
            Path file = folder.resolve(relative).normalize();
            return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
        }
        if (target.isArray()) {
            for (JsonNode alternative : target) {
                Optional<Path> found = target(folder, alternative, starMatch);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        if (target.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = target.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (CONDITIONS.contains(entry.getKey())) {
                    return target(folder, entry.getValue(), starMatch);
                }
            }
        }
        return Optional.empty();
    }

    private JsonNode readManifest(Path folder) {
        Path manifest = folder.resolve("package.json");
        if (!Files.isRegularFile(manifest)) {
            return null;
        }
        try {
            return json.readTree(manifest.toFile());
        } catch (IOException e) {
            return null; // a broken package.json behaves as if absent, as for Node's main lookup
        }
    }

    /** Why a module cannot be loaded; the message names the request and the requiring file. */
    static final class ResolveException extends Exception {
        ResolveException(String message) {
            super(message);
        }
    }
}
