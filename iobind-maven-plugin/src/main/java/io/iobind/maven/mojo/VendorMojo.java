package io.iobind.maven.mojo;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Copies the third-party browser JavaScript a page loads out of the project's locked npm packages into the
 * build output, as {@code <vendorDirectory>/<package>/<path>}: fetched from the npm registry, verified against
 * {@code package-lock.json} and cached like {@code iobind:test}'s packages, so no third-party file is committed.
 * {@code iobind:serve} serves the same files at {@code /vendor/}.
 */
@Mojo(name = "vendor", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class VendorMojo extends AbstractNpmMojo {

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
        List<Path> written = copyVendorFiles(files, vendorDirectory.toPath());
        getLog().info(written.isEmpty() ? "Vendor files up to date in " + vendorDirectory + " (" + files.size() + " files)."
                : "Copied " + written.size() + " of " + files.size() + " vendor files to " + vendorDirectory + ".");
    }
}
