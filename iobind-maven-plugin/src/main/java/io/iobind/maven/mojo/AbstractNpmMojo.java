package io.iobind.maven.mojo;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import javax.inject.Inject;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import io.iobind.maven.npm.NodeModules;
import io.iobind.maven.npm.NpmException;

/**
 * What the goals that take third-party JavaScript from the project's locked npm packages share: where
 * {@code package-lock.json} is, the registry and the cache, and Maven's session and proxy settings, turned into the
 * npm resolver by {@link MavenNpm}.
 */
public abstract class AbstractNpmMojo extends AbstractIobindMojo {

    /** The folder holding {@code package.json} and {@code package-lock.json} (both optional for {@code iobind:test}). */
    @Parameter(property = "iobind.npm.packageDirectory", defaultValue = "${project.basedir}")
    protected File packageDirectory;

    /**
     * The npm registry to fetch from. Default: npm's own configuration (npm_config_registry, .npmrc files,
     * {@code npm config get registry}).
     */
    @Parameter(property = "iobind.npm.registry")
    protected String npmRegistry;

    /** Where verified, unpacked npm packages are kept. Default: {@code .cache/iobind-npm} in the local Maven repository. */
    @Parameter(property = "iobind.npm.cache")
    protected File npmCache;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    /** Decrypts a proxy password of Maven's settings that {@code mvn --encrypt-password} encrypted. */
    @Inject
    private SettingsDecrypter settingsDecrypter;

    /** The locked packages of the {@code package-lock.json} in {@code packages}, fetched and cached as configured. */
    protected final NodeModules nodeModules(Path packages) throws MojoExecutionException, NpmException {
        return MavenNpm.nodeModules(packages, npmRegistry, npmCache, session, MavenNpm.proxy(session, settingsDecrypter), getLog());
    }

    /** The folder the npm packages are cached in: {@link #npmCache}, else {@code .cache/iobind-npm} in the local repository. */
    protected final Path npmCacheDirectory() {
        return MavenNpm.cacheDirectory(npmCache, session);
    }

    /**
     * Copies the vendor {@code files} of the locked packages in {@link #packageDirectory} into {@code target}.
     *
     * @return the files written (not those already up to date)
     */
    protected final List<Path> copyVendorFiles(List<String> files, Path target) throws MojoExecutionException, MojoFailureException {
        return MavenNpm.copyVendorFiles(goal(), packageDirectory, files, target, npmRegistry, npmCache, session,
                MavenNpm.proxy(session, settingsDecrypter), getLog());
    }
}
