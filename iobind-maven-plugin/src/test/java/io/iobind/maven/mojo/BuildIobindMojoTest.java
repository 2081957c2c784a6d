package io.iobind.maven.mojo;

import java.util.List;

import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * iobind:build-iobind as Maven wires it: only the backbone.iobind bundle, with the build parameters, user properties
 * and skip switches it shares with build-all (checked in full in {@link BuildAllMojoTest}).
 */
class BuildIobindMojoTest extends MojoHarness {

    @Test
    @Basedir("src/test/resources/unit/build-defaults")
    @InjectMojo(goal = "build-iobind", pom = "pom.xml")
    void buildsOnlyItsBundleWithTheSharedDefaults(BuildIobindMojo mojo) throws Exception {
        assertThat(mojo.bundleNames()).containsExactly("backbone.iobind");
        assertThat(value(mojo, "sourceDirectory")).isEqualTo(inBasedir("lib"));
        assertThat(value(mojo, "outputDirectory")).isEqualTo(inBasedir("dist"));
        assertThat(value(mojo, "version")).isEqualTo(PROJECT_VERSION);
        assertThat(value(mojo, "compilationLevel")).isEqualTo("SIMPLE");
        assertThat(value(mojo, "sourceMaps")).isEqualTo(true);
        assertThat(value(mojo, "stateDirectory")).isEqualTo(inBasedir("target/iobind-build"));
    }

    @Test
    @Basedir("src/test/resources/unit/build-configured")
    @InjectMojo(goal = "build-iobind", pom = "pom.xml")
    void sharesThePluginConfiguration(BuildIobindMojo mojo) throws Exception {
        assertThat(value(mojo, "sourceDirectory")).isEqualTo(inBasedir("src/js"));
        assertThat(value(mojo, "outputDirectory")).isEqualTo(inBasedir("target/js-out"));
        assertThat((List<?>) value(mojo, "bundles")).hasSize(2);
        assertThat(value(mojo, "banner")).isEqualTo("/*! @BUNDLE @VERSION */");
    }

    @Test
    @Basedir("src/test/resources/unit/build-defaults")
    @InjectMojo(goal = "build-iobind", pom = "pom.xml")
    @UserProperties({"iobind.build.outputDirectory=dist-iobind", "iobind.build.version=7.0.0", "iobind.build.force=true"})
    void userProperties(BuildIobindMojo mojo) throws Exception {
        assertThat(value(mojo, "outputDirectory")).isEqualTo(inBasedir("dist-iobind"));
        assertThat(value(mojo, "version")).isEqualTo("7.0.0");
        assertThat(value(mojo, "force")).isEqualTo(true);
    }

    @Test
    @Basedir("src/test/resources/unit/build-defaults")
    @InjectMojo(goal = "build-iobind", pom = "pom.xml")
    @UserProperties("iobind.build.skip=true")
    void buildSkipSkipsWithOneLine(BuildIobindMojo mojo) throws Exception {
        RecordingLog log = recordLog(mojo);
        mojo.execute();
        assertThat(log.lines).containsExactly("[INFO] Skipping iobind:build-iobind: iobind.build.skip is true.");
    }

    @Test
    @Basedir("src/test/resources/unit/build-defaults")
    @InjectMojo(goal = "build-iobind", pom = "pom.xml")
    @UserProperties("iobind.skip=true")
    void iobindSkipSkipsWithOneLine(BuildIobindMojo mojo) throws Exception {
        RecordingLog log = recordLog(mojo);
        mojo.execute();
        assertThat(log.lines).containsExactly("[INFO] Skipping iobind:build-iobind: iobind.skip is true.");
    }
}
