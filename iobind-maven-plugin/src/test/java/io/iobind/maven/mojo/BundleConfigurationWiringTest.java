package io.iobind.maven.mojo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.Test;

import io.iobind.maven.bundle.BundleSpec;

/** The {@code <bundles>} of a POM, as Maven fills them in, become the builder's bundle specs, UMD names included. */
@MojoTest
class BundleConfigurationWiringTest {

    @Test
    @Basedir("src/test/resources/unit/build-bundles")
    @InjectMojo(goal = "build-all", pom = "pom.xml")
    @SuppressWarnings("unchecked")
    void bundlesWithTheirGlobalAndDependencies(BuildAllMojo mojo) throws Exception {
        List<Bundle> bundles = (List<Bundle>) MojoExtension.getVariableValueFromObject(mojo, "bundles");

        assertThat(AbstractBuildMojo.bundleSpecs(bundles)).containsExactly(
                new BundleSpec("my.widgets", List.of("core.js", "widgets.js"), "MyWidgets", null, List.of(
                        new BundleSpec.Dependency("backbone", "Backbone"), new BundleSpec.Dependency("underscore", "_"))),
                BundleSpec.of("my.plain", "plain.js"));
        assertThat(AbstractBuildMojo.bundleSpecs(bundles).get(1).wrapped()).isFalse();
    }
}
