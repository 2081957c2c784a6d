package io.iobind.maven.mojo;

import java.util.List;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Builds every configured bundle (by default {@code backbone.iosync} and {@code backbone.iobind}): concatenates
 * each bundle's sources inside its UMD wrapper (none for a bundle that names no global, exports or dependencies),
 * replaces {@code @VERSION}, and writes {@code <bundle>.js},
 * {@code <bundle>.min.js} (Closure Compiler) and {@code <bundle>.min.js.map} to the output directory. Does nothing
 * when no input changed since the last build.
 */
@Mojo(name = "build-all", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class BuildAllMojo extends AbstractBuildMojo {

    @Override
    protected List<String> bundleNames() {
        return null;
    }
}
