package io.iobind.maven.mojo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

import io.iobind.maven.npm.HttpProxy;
import io.iobind.maven.npm.NodeModules;
import io.iobind.maven.npm.NpmException;
import io.iobind.maven.npm.PackageCache;
import io.iobind.maven.npm.PackageLock;
import io.iobind.maven.npm.RegistryLocator;
import io.iobind.maven.npm.VendorFiles;

/**
 * The npm resolver as the goals use it from Maven: the registry from the {@code iobind.npm.registry} parameter or
 * npm's own configuration, the cache in the local Maven repository, Maven's offline switch and proxy settings
 * (a password encrypted with {@code mvn --encrypt-password} is decrypted as Maven's own plugins do).
 */
final class MavenNpm {

    private MavenNpm() {
    }

    /**
     * The locked packages of the project whose {@code package-lock.json} is in {@code packageDirectory}.
     *
     * @param registry an explicit registry URL, or null for npm's configuration
     * @param cache    the cache folder, or null for {@code .cache/iobind-npm} in the local repository
     * @param proxy    the proxy from {@link #proxy}, or null for none
     */
    static NodeModules nodeModules(Path packageDirectory, String registry, File cache, MavenSession session, HttpProxy proxy,
                                   Log log) throws NpmException {
        PackageLock lock = PackageLock.read(packageDirectory.resolve("package-lock.json"));
        RegistryLocator locator = RegistryLocator.forProject(registry, packageDirectory);
        return new NodeModules(lock, new PackageCache(cacheDirectory(cache, session), locator::locate, session.isOffline(),
                MavenLogs.core(log), proxy));
    }

    /** The cache folder: {@code cache}, or {@code .cache/iobind-npm} in the local repository when it is null. */
    static Path cacheDirectory(File cache, MavenSession session) {
        return cache != null ? cache.toPath() : session.getRepositorySession().getLocalRepository()
                .getBasedir().toPath().resolve(".cache").resolve("iobind-npm");
    }

    /**
     * Copies the vendor {@code files} of the project whose {@code package-lock.json} is in {@code packageDirectory}
     * into {@code target} (see {@link VendorFiles}); {@code goal} names the goal in errors.
     *
     * @return the files written (not those already up to date)
     */
    static List<Path> copyVendorFiles(String goal, File packageDirectory, List<String> files, Path target, String registry,
                                      File cache, MavenSession session, HttpProxy proxy, Log log)
            throws MojoExecutionException, MojoFailureException {
        Path packages = packageDirectory.toPath().toAbsolutePath().normalize();
        if (!Files.isRegularFile(packages.resolve("package-lock.json"))) {
            throw new MojoFailureException("iobind:" + goal + " needs " + packages.resolve("package-lock.json")
                    + " to pin the " + files.size() + " vendor files (parameter packageDirectory / iobind.npm.packageDirectory).");
        }
        try {
            return VendorFiles.copy(nodeModules(packages, registry, cache, session, proxy, log), files, target);
        } catch (NpmException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("iobind:" + goal + " could not write to " + target + ": " + e, e);
        }
    }

    /**
     * The active {@code <proxy>} of Maven's settings for http(s), if any, with its password decrypted by Maven's
     * {@link SettingsDecrypter} (a {@code {...}} password needs the master password of {@code settings-security.xml}).
     *
     * @throws MojoExecutionException when the password cannot be decrypted (a configuration mistake in the settings)
     */
    static HttpProxy proxy(MavenSession session, SettingsDecrypter decrypter) throws MojoExecutionException {
        for (Proxy proxy : session.getSettings().getProxies()) {
            String protocol = proxy.getProtocol() == null ? "http" : proxy.getProtocol().toLowerCase(Locale.ROOT);
            if (proxy.isActive() && (protocol.equals("http") || protocol.equals("https"))) {
                SettingsDecryptionResult decrypted = decrypter.decrypt(new DefaultSettingsDecryptionRequest(proxy));
                for (SettingsProblem problem : decrypted.getProblems()) {
                    if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                        throw new MojoExecutionException("Cannot use the password of proxy '" + proxy.getId()
                                + "' from Maven's settings: " + problem.getMessage(), problem.getException());
                    }
                }
                Proxy plain = decrypted.getProxy();
                return new HttpProxy(plain.getHost(), plain.getPort(), plain.getUsername(), plain.getPassword(), plain.getNonProxyHosts());
            }
        }
        return null;
    }
}
