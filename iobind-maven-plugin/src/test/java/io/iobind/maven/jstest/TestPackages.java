package io.iobind.maven.jstest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import io.iobind.maven.npm.NodeModules;
import io.iobind.maven.npm.PackageCache;
import io.iobind.maven.npm.PackageLock;
import io.iobind.maven.npm.RegistryLocator;

/**
 * The reactor's own pinned packages (js-src/package-lock.json), fetched once from the registry npm is configured
 * with into the shared cache, then reused offline.
 */
final class TestPackages {

    static final Path JS_SRC = Path.of("..", "js-src").toAbsolutePath().normalize();
    static final Path SPECS = Path.of("src", "test", "resources", "specs").toAbsolutePath();

    private static NodeModules nodeModules;

    private TestPackages() {
    }

    static synchronized NodeModules nodeModules() throws Exception {
        if (nodeModules == null) {
            Path cacheRoot = Path.of(System.getProperty("iobind.npm.cache",
                    Path.of(System.getProperty("user.home"), ".m2", "repository", ".cache", "iobind-npm").toString()));
            // Node lets only files under a lockfile's folder see its packages, so the test specs carry a copy.
            Path specsLock = SPECS.resolve("package-lock.json");
            if (Files.mismatch(specsLock, JS_SRC.resolve("package-lock.json")) != -1) {
                throw new IllegalStateException(specsLock + " must be a copy of js-src/package-lock.json: cp "
                        + JS_SRC.resolve("package-lock.json") + " " + specsLock);
            }
            PackageLock lock = PackageLock.read(specsLock);
            RegistryLocator registry = RegistryLocator.forProject(null, JS_SRC);
            NodeModules modules = new NodeModules(lock, new PackageCache(cacheRoot, registry::locate, false, (level, line) -> System.out.println(line)));
            modules.prefetch(lock.rootDependencies(), Set.of("mocha"));
            nodeModules = modules;
        }
        return nodeModules;
    }
}
