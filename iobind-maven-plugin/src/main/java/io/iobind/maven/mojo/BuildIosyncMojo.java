package io.iobind.maven.mojo;

import java.util.List;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/** Builds the {@code backbone.iosync} bundle only: {@code backbone.iosync.js}, {@code .min.js} and {@code .min.js.map}. */
@Mojo(name = "build-iosync", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class BuildIosyncMojo extends AbstractBuildMojo {

    @Override
    protected List<String> bundleNames() {
        return List.of("backbone.iosync");
    }
}
