package io.iobind.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.settings.Proxy;

import io.iobind.maven.npm.HttpProxy;
import io.iobind.maven.npm.NodeModules;
import io.iobind.maven.npm.NpmException;
import io.iobind.maven.npm.PackageCache;
import io.iobind.maven.npm.PackageLock;
import io.iobind.maven.npm.RegistryLocator;

/**
 * The npm resolver as the goals use it from Maven: the registry from the {@code iobind.npm.registry} parameter or
 * npm's own configuration, the cache in the local Maven repository, Maven's offline switch and proxy settings.
 */
final class MavenNpm {

    private MavenNpm() {
    }

    /**
     * The locked packages of the project whose {@code package-lock.json} is in {@code packageDirectory}.
     *
     * @param registry an explicit registry URL, or null for npm's configuration
     * @param cache    the cache folder, or null for {@code .cache/iobind-npm} in the local repository
     */
    static NodeModules nodeModules(Path packageDirectory, String registry, File cache, MavenSession session, Log log)
            throws NpmException {
        PackageLock lock = PackageLock.read(packageDirectory.resolve("package-lock.json"));
        RegistryLocator locator = RegistryLocator.forProject(registry, packageDirectory);
        Path cacheDirectory = cache != null ? cache.toPath() : session.getRepositorySession().getLocalRepository()
                .getBasedir().toPath().resolve(".cache").resolve("iobind-npm");
        return new NodeModules(lock, new PackageCache(cacheDirectory, locator::locate, session.isOffline(), log::info, proxy(session)));
    }

    /** The active {@code <proxy>} of Maven's settings for http(s), if any. */
    private static HttpProxy proxy(MavenSession session) {
        for (Proxy proxy : session.getSettings().getProxies()) {
            String protocol = proxy.getProtocol() == null ? "http" : proxy.getProtocol().toLowerCase(Locale.ROOT);
            if (proxy.isActive() && (protocol.equals("http") || protocol.equals("https"))) {
                return new HttpProxy(proxy.getHost(), proxy.getPort(), proxy.getUsername(), proxy.getPassword(), proxy.getNonProxyHosts());
            }
        }
        return null;
    }
}
