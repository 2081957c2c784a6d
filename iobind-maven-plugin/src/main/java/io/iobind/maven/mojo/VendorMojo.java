package io.iobind.maven.mojo;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import javax.inject.Inject;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;


/**
 * Copies the third-party browser JavaScript a page loads out of the project's locked npm packages into the
 * build output, as {@code <vendorDirectory>/<package>/<path>}: fetched from the npm registry, verified against
 * {@code package-lock.json} and cached like {@code iobind:test}'s packages, so no third-party file is committed.
 * {@code iobind:serve} serves the same files at {@code /vendor/}.
 */
@Mojo(name = "vendor", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class VendorMojo extends AbstractIobindMojo {

    /**
     * The files to copy, each {@code <package>/<path in package>}, e.g. {@code backbone/backbone-min.js} or
     * {@code socket.io-client/dist/socket.io.min.js}.
     */
    @Parameter
    private List<String> files;

    /**
     * Where the files go; a page served from {@code webapp/} loads them as {@code vendor/<package>/<path>}. Not
     * named {@code outputDirectory}: a plugin-level {@code <outputDirectory>} is the build goals' {@code dist/}.
     */
    @Parameter(property = "iobind.vendor.directory", defaultValue = "${project.build.outputDirectory}/webapp/vendor")
    private File vendorDirectory;

    /** Skips this goal only. */
    @Parameter(property = "iobind.vendor.skip", defaultValue = "false")
    private boolean skipVendor;

    /** The folder holding {@code package.json} and {@code package-lock.json}. */
    @Parameter(property = "iobind.npm.packageDirectory", defaultValue = "${project.basedir}")
    private File packageDirectory;

    /**
     * The npm registry to fetch from. Default: npm's own configuration (npm_config_registry, .npmrc files,
     * {@code npm config get registry}).
     */
    @Parameter(property = "iobind.npm.registry")
    private String npmRegistry;

    /** Where verified, unpacked npm packages are kept. Default: {@code .cache/iobind-npm} in the local Maven repository. */
    @Parameter(property = "iobind.npm.cache")
    private File npmCache;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    /** Decrypts a proxy password of Maven's settings that {@code mvn --encrypt-password} encrypted. */
    @Inject
    private SettingsDecrypter settingsDecrypter;

    @Override
    protected String skipReason() {
        if (skipVendor) {
            return "iobind.vendor.skip is true.";
        }
        if (files == null || files.isEmpty()) {
            return "no <files> configured.";
        }
        return null;
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        List<Path> written = MavenNpm.copyVendorFiles(goal(), packageDirectory, files, vendorDirectory.toPath(),
                npmRegistry, npmCache, session, MavenNpm.proxy(session, settingsDecrypter), getLog());
        getLog().info(written.isEmpty() ? "Vendor files up to date in " + vendorDirectory + " (" + files.size() + " files)."
                : "Copied " + written.size() + " of " + files.size() + " vendor files to " + vendorDirectory + ".");
    }
}
