package io.iobind.maven.mojo;

import java.util.List;

import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * iobind:build-iosync as Maven wires it: only the backbone.iosync bundle, with the build parameters, user properties
 * and skip switches it shares with build-all (checked in full in {@link BuildAllMojoTest}).
 */
class BuildIosyncMojoTest extends MojoHarness {

    @Test
    @Basedir("src/test/resources/unit/build-defaults")
    @InjectMojo(goal = "build-iosync", pom = "pom.xml")
    void buildsOnlyItsBundleWithTheSharedDefaults(BuildIosyncMojo mojo) throws Exception {
        assertThat(mojo.bundleNames()).containsExactly("backbone.iosync");
        assertThat(value(mojo, "sourceDirectory")).isEqualTo(inBasedir("lib"));
        assertThat(value(mojo, "outputDirectory")).isEqualTo(inBasedir("dist"));
        assertThat(value(mojo, "version")).isEqualTo(PROJECT_VERSION);
        assertThat(value(mojo, "compilationLevel")).isEqualTo("SIMPLE");
        assertThat(value(mojo, "sourceMaps")).isEqualTo(true);
        assertThat(value(mojo, "stateDirectory")).isEqualTo(inBasedir("target/iobind-build"));
    }

    @Test
    @Basedir("src/test/resources/unit/build-configured")
    @InjectMojo(goal = "build-iosync", pom = "pom.xml")
    void sharesThePluginConfiguration(BuildIosyncMojo mojo) throws Exception {
        assertThat(value(mojo, "sourceDirectory")).isEqualTo(inBasedir("src/js"));
        assertThat(value(mojo, "outputDirectory")).isEqualTo(inBasedir("target/js-out"));
        assertThat((List<?>) value(mojo, "bundles")).hasSize(2);
        assertThat(value(mojo, "banner")).isEqualTo("/*! @BUNDLE @VERSION */");
    }

    @Test
    @Basedir("src/test/resources/unit/build-defaults")
    @InjectMojo(goal = "build-iosync", pom = "pom.xml")
    @UserProperties({"iobind.build.outputDirectory=dist-iosync", "iobind.build.version=7.0.0", "iobind.build.force=true"})
    void userProperties(BuildIosyncMojo mojo) throws Exception {
        assertThat(value(mojo, "outputDirectory")).isEqualTo(inBasedir("dist-iosync"));
        assertThat(value(mojo, "version")).isEqualTo("7.0.0");
        assertThat(value(mojo, "force")).isEqualTo(true);
    }

    @Test
    @Basedir("src/test/resources/unit/build-defaults")
    @InjectMojo(goal = "build-iosync", pom = "pom.xml")
    @UserProperties("iobind.build.skip=true")
    void buildSkipSkipsWithOneLine(BuildIosyncMojo mojo) throws Exception {
        RecordingLog log = recordLog(mojo);
        mojo.execute();
        assertThat(log.lines).containsExactly("[INFO] Skipping iobind:build-iosync: iobind.build.skip is true.");
    }

    @Test
    @Basedir("src/test/resources/unit/build-defaults")
    @InjectMojo(goal = "build-iosync", pom = "pom.xml")
    @UserProperties("iobind.skip=true")
    void iobindSkipSkipsWithOneLine(BuildIosyncMojo mojo) throws Exception {
        RecordingLog log = recordLog(mojo);
        mojo.execute();
        assertThat(log.lines).containsExactly("[INFO] Skipping iobind:build-iosync: iobind.skip is true.");
    }
}
