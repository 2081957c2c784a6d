package io.iobind.maven.mojo;

import java.util.List;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/** Builds the {@code backbone.iobind} bundle only: {@code backbone.iobind.js}, {@code .min.js} and {@code .min.js.map}. */
@Mojo(name = "build-iobind", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class BuildIobindMojo extends AbstractBuildMojo {

    @Override
    protected List<String> bundleNames() {
        return List.of("backbone.iobind");
    }
}
