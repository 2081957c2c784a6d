package io.iobind.maven.mojo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * iobind:build-all as Maven wires it: every build parameter's default, POM name and user property; the skip switches
 * and the skip line; which mistakes fail the build ({@link MojoFailureException}) and which are configuration
 * faults ({@link MojoExecutionException}).
 */
class BuildAllMojoTest extends MojoHarness {

    private static final String GOAL = "build-all";

    @Test
    @Basedir("src/test/resources/unit/build-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    void defaults(BuildAllMojo mojo) throws Exception {
        assertThat(value(mojo, "sourceDirectory")).isEqualTo(inBasedir("lib"));
        assertThat(value(mojo, "outputDirectory")).isEqualTo(inBasedir("dist"));
        assertThat(value(mojo, "bundles")).isNull();
        assertThat(mojo.bundleNames()).as("all configured bundles").isNull();
        assertThat(value(mojo, "version")).isEqualTo(PROJECT_VERSION);
        assertThat(value(mojo, "license")).isNull();
        assertThat(value(mojo, "banner")).isNull();
        assertThat(value(mojo, "compilationLevel")).isEqualTo("SIMPLE");
        assertThat(value(mojo, "languageIn")).isEqualTo("ECMASCRIPT5");
        assertThat(value(mojo, "languageOut")).isEqualTo("ECMASCRIPT5");
        assertThat(value(mojo, "sourceMaps")).isEqualTo(true);
        assertThat(value(mojo, "prefixFile")).isNull();
        assertThat(value(mojo, "suffixFile")).isNull();
        assertThat(value(mojo, "externs")).isNull();
        assertThat(value(mojo, "force")).isEqualTo(false);
        assertThat(value(mojo, "skipBuild")).isEqualTo(false);
        assertThat(value(mojo, "skip")).isEqualTo(false);
        assertThat(value(mojo, "encoding")).as("${project.build.sourceEncoding}").isEqualTo("UTF-8");
        assertThat(value(mojo, "stateDirectory")).isEqualTo(inBasedir("target/iobind-build"));
        assertThat(value(mojo, "project")).isSameAs(project);
        assertThat(value(mojo, "mojoExecution")).isSameAs(execution);
        assertThat(((PluginDescriptor) value(mojo, "plugin")).getArtifactId()).isEqualTo("iobind-maven-plugin");
    }

    @Test
    @Basedir("src/test/resources/unit/build-configured")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    void pomConfiguration(BuildAllMojo mojo) throws Exception {
        assertThat(value(mojo, "sourceDirectory")).isEqualTo(inBasedir("src/js"));
        assertThat(value(mojo, "outputDirectory")).isEqualTo(inBasedir("target/js-out"));
        @SuppressWarnings("unchecked")
        List<Bundle> bundles = (List<Bundle>) value(mojo, "bundles");
        assertThat(bundles).extracting(Bundle::getName).containsExactly("greeting", "farewell");
        assertThat(bundles).extracting(Bundle::getFiles).containsExactly(List.of("first.js", "second.js"), List.of("third.js"));
        assertThat(value(mojo, "version")).isEqualTo("9.9.9-custom");
        assertThat(value(mojo, "license")).isEqualTo("Apache-2.0");
        assertThat(value(mojo, "banner")).isEqualTo("/*! @BUNDLE @VERSION */");
        assertThat(value(mojo, "compilationLevel")).isEqualTo("ADVANCED");
        assertThat(value(mojo, "languageIn")).isEqualTo("ECMASCRIPT_2015");
        assertThat(value(mojo, "languageOut")).isEqualTo("ECMASCRIPT5");
        assertThat(value(mojo, "sourceMaps")).isEqualTo(false);
        assertThat(value(mojo, "prefixFile")).isEqualTo(inBasedir("wrap/start.js"));
        assertThat(value(mojo, "suffixFile")).isEqualTo(inBasedir("wrap/end.js"));
        assertThat(value(mojo, "externs")).isEqualTo(List.of(inBasedir("externs/backbone.js")));
        assertThat(value(mojo, "force")).isEqualTo(true);
        assertThat(value(mojo, "encoding")).isEqualTo("ISO-8859-1");
    }

    @Test
    @Basedir("src/test/resources/unit/build-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @UserProperties({"iobind.build.sourceDirectory=js", "iobind.build.outputDirectory=out", "iobind.build.version=3.0.0-user",
            "iobind.build.license=ISC", "iobind.build.banner=/*! user */", "iobind.build.compilationLevel=WHITESPACE_ONLY",
            "iobind.build.languageIn=ECMASCRIPT_2017", "iobind.build.languageOut=ECMASCRIPT_2015", "iobind.build.sourceMaps=false",
            "iobind.build.prefixFile=pre.js", "iobind.build.suffixFile=post.js", "iobind.build.force=true",
            "iobind.build.skip=true", "iobind.skip=true", "iobind.encoding=UTF-16"})
    void userProperties(BuildAllMojo mojo) throws Exception {
        assertThat(value(mojo, "sourceDirectory")).isEqualTo(inBasedir("js"));
        assertThat(value(mojo, "outputDirectory")).isEqualTo(inBasedir("out"));
        assertThat(value(mojo, "version")).isEqualTo("3.0.0-user");
        assertThat(value(mojo, "license")).isEqualTo("ISC");
        assertThat(value(mojo, "banner")).isEqualTo("/*! user */");
        assertThat(value(mojo, "compilationLevel")).isEqualTo("WHITESPACE_ONLY");
        assertThat(value(mojo, "languageIn")).isEqualTo("ECMASCRIPT_2017");
        assertThat(value(mojo, "languageOut")).isEqualTo("ECMASCRIPT_2015");
        assertThat(value(mojo, "sourceMaps")).isEqualTo(false);
        assertThat(value(mojo, "prefixFile")).isEqualTo(inBasedir("pre.js"));
        assertThat(value(mojo, "suffixFile")).isEqualTo(inBasedir("post.js"));
        assertThat(value(mojo, "force")).isEqualTo(true);
        assertThat(value(mojo, "skipBuild")).isEqualTo(true);
        assertThat(value(mojo, "skip")).isEqualTo(true);
        assertThat(value(mojo, "encoding")).isEqualTo("UTF-16");
    }

    @Test
    @Basedir("src/test/resources/unit/build-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @UserProperties("iobind.skip=true")
    void iobindSkipSkipsWithOneLine(BuildAllMojo mojo) throws Exception {
        Files.writeString(temp.resolve("socket.js"), "var broken = ;\n");
        set(mojo, "sourceDirectory", temp.toFile());
        RecordingLog log = recordLog(mojo);
        mojo.execute();
        assertThat(log.lines).containsExactly("[INFO] Skipping iobind:build-all: iobind.skip is true.");
    }

    @Test
    @Basedir("src/test/resources/unit/build-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @UserProperties("iobind.build.skip=true")
    void buildSkipSkipsWithOneLine(BuildAllMojo mojo) throws Exception {
        Files.writeString(temp.resolve("socket.js"), "var broken = ;\n");
        set(mojo, "sourceDirectory", temp.toFile());
        RecordingLog log = recordLog(mojo);
        mojo.execute();
        assertThat(log.lines).containsExactly("[INFO] Skipping iobind:build-all: iobind.build.skip is true.");
    }

    /** A project without lib/, such as an aggregator running the goal from the command line. */
    @Test
    @Basedir("src/test/resources/unit/build-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    void noSourceDirectorySkipsWithOneLine(BuildAllMojo mojo) throws Exception {
        RecordingLog log = recordLog(mojo);
        mojo.execute();
        assertThat(log.lines).containsExactly("[INFO] Skipping iobind:build-all: no source directory " + inBasedir("lib")
                + " (parameter sourceDirectory, property iobind.build.sourceDirectory).");
        assertThat(inBasedir("dist")).doesNotExist();
    }

    @Test
    @Basedir("src/test/resources/unit/build-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    void syntaxErrorIsTheUsersMistake(BuildAllMojo mojo) throws Exception {
        Path lib = Files.createDirectories(temp.resolve("lib"));
        Files.writeString(lib.resolve("first.js"), "var ok = 1;\n");
        Files.writeString(lib.resolve("second.js"), "var fine = 2;\nvar broken = ;\n");
        configureBundle(mojo, temp, "first.js", "second.js");
        RecordingLog log = recordLog(mojo);
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class).hasMessageContaining(":2:");
        assertThat(log.text()).contains("[ERROR] ").contains("second.js:2:");
        assertThat(temp.resolve("dist")).doesNotExist();
    }

    @Test
    @Basedir("src/test/resources/unit/build-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    void missingSourceFileIsAConfigurationFault(BuildAllMojo mojo) throws Exception {
        Files.writeString(Files.createDirectories(temp.resolve("lib")).resolve("first.js"), "var ok = 1;\n");
        configureBundle(mojo, temp, "first.js", "missing.js");
        recordLog(mojo);
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("missing.js").hasMessageContaining("partial");
        assertThat(temp.resolve("dist")).doesNotExist();
    }

    @Test
    @Basedir("src/test/resources/unit/build-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @UserProperties("iobind.build.compilationLevel=FASTEST")
    void unknownCompilationLevelIsAConfigurationFault(BuildAllMojo mojo) throws Exception {
        Files.writeString(Files.createDirectories(temp.resolve("lib")).resolve("first.js"), "var ok = 1;\n");
        configureBundle(mojo, temp, "first.js");
        recordLog(mojo);
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("FASTEST").hasMessageContaining("iobind.build.compilationLevel");
    }

    @Test
    @Basedir("src/test/resources/unit/build-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @UserProperties("iobind.encoding=NO-SUCH-CHARSET")
    void unknownEncodingIsAConfigurationFault(BuildAllMojo mojo) throws Exception {
        Files.writeString(Files.createDirectories(temp.resolve("lib")).resolve("first.js"), "var ok = 1;\n");
        configureBundle(mojo, temp, "first.js");
        recordLog(mojo);
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessage("Unknown encoding 'NO-SUCH-CHARSET' (parameter encoding / iobind.encoding).");
    }

    @Test
    @Basedir("src/test/resources/unit/build-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @UserProperties("iobind.build.prefixFile=wrap/start.js")
    void halfAWrapperIsAConfigurationFault(BuildAllMojo mojo) throws Exception {
        Files.writeString(Files.createDirectories(temp.resolve("lib")).resolve("first.js"), "var ok = 1;\n");
        configureBundle(mojo, temp, "first.js");
        recordLog(mojo);
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("prefixFile and suffixFile");
    }

    /** One bundle "partial" of the given files in {@code folder/lib}, written to {@code folder/dist}. */
    private static void configureBundle(AbstractBuildMojo mojo, Path folder, String... files) throws Exception {
        Bundle bundle = new Bundle();
        bundle.setName("partial");
        bundle.setFiles(List.of(files));
        set(mojo, "bundles", List.of(bundle));
        set(mojo, "sourceDirectory", folder.resolve("lib").toFile());
        set(mojo, "outputDirectory", folder.resolve("dist").toFile());
        set(mojo, "stateDirectory", folder.resolve("target/iobind-build").toFile());
    }

}
