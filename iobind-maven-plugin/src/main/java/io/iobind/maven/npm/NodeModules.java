package io.iobind.maven.npm;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The project's locked packages as a virtual {@code node_modules} tree: Node's lookup over the lockfile, with each
 * package's files in the {@link PackageCache}. Packages are fetched on first use; {@link #prefetch} fetches a
 * known set up front so downloads do not happen in the middle of a test.
 */
public final class NodeModules {

    /** A package as {@code require()} sees it: its lockfile path (its place in node_modules) and its files. */
    public record InstalledPackage(LockedPackage locked, Path folder) {
        public String path() {
            return locked.path();
        }
    }

    private final PackageLock lock;
    private final PackageCache cache;
    private final Map<String, InstalledPackage> installed = new HashMap<>();

    public NodeModules(PackageLock lock, PackageCache cache) {
        this.lock = lock;
        this.cache = cache;
    }

    public PackageLock lock() {
        return lock;
    }

    /**
     * Fetches the closure of {@code rootNames}; the packages in {@code bundleOnly} are fetched without their
     * dependencies. Returns the fetched packages by lockfile path.
     */
    public Map<String, InstalledPackage> prefetch(Set<String> rootNames, Set<String> bundleOnly) throws NpmException {
        Set<String> bundlePaths = new java.util.HashSet<>();
        for (String name : bundleOnly) {
            lock.lookup("", name).ifPresent(p -> bundlePaths.add(p.path()));
        }
        Map<String, InstalledPackage> result = new LinkedHashMap<>();
        for (LockedPackage pkg : lock.closure(rootNames, bundlePaths)) {
            result.put(pkg.path(), install(pkg));
        }
        return result;
    }

    /** What {@code require(name)} from the package at {@code fromPath} ("" for the project's files) reaches. */
    public Optional<InstalledPackage> lookup(String fromPath, String name) throws NpmException {
        Optional<LockedPackage> found = lock.lookup(fromPath, name);
        return found.isPresent() ? Optional.of(install(found.get())) : Optional.empty();
    }

    private synchronized InstalledPackage install(LockedPackage pkg) throws NpmException {
        InstalledPackage known = installed.get(pkg.path());
        if (known == null) {
            known = new InstalledPackage(pkg, cache.ensure(pkg));
            installed.put(pkg.path(), known);
        }
        return known;
    }
}
