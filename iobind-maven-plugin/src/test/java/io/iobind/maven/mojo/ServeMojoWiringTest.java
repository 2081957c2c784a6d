package io.iobind.maven.mojo;

import java.io.File;
import java.util.List;
import java.util.Map;

import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * iobind:serve's parameters as Maven wires them from a POM, with maven-plugin-testing-harness: names, defaults,
 * user properties, and the build parameters it shares with the build goals.
 */
@MojoTest
class ServeMojoWiringTest {

    private static Object value(Object mojo, String field) throws Exception {
        return MojoExtension.getVariableValueFromObject(mojo, field);
    }

    private static File inBasedir(String path) {
        return new File(MojoExtension.getBasedir(), path).toPath().normalize().toFile();
    }


    @Test
    @Basedir("src/test/resources/unit/serve-defaults")
    @InjectMojo(goal = "serve", pom = "pom.xml")
    void defaults(ServeMojo mojo) throws Exception {
        assertThat(value(mojo, "port")).isEqualTo(1228);
        assertThat(value(mojo, "host")).isEqualTo("127.0.0.1");
        assertThat(value(mojo, "scan")).isEqualTo(1);
        assertThat(value(mojo, "liveReload")).isEqualTo(true);
        assertThat(value(mojo, "backend")).isNull();
        assertThat(value(mojo, "files")).isNull();
        assertThat(value(mojo, "systemProperties")).isNull();
        assertThat(value(mojo, "webRoot")).isEqualTo(inBasedir("src/main/webapp"));
        assertThat(value(mojo, "packageDirectory")).isEqualTo(MojoExtension.getBasedir() == null ? null : new File(MojoExtension.getBasedir()));
        // Shared with the build goals (AbstractBuildMojo): what /js/ serves and what is rebuilt.
        assertThat(value(mojo, "sourceDirectory")).isEqualTo(inBasedir("lib"));
        assertThat(value(mojo, "outputDirectory")).isEqualTo(inBasedir("dist"));
        assertThat(value(mojo, "compilationLevel")).isEqualTo("SIMPLE");
        // The harness's project has no build directory, so that part of the default stays an expression here.
        assertThat(((File) value(mojo, "portFile")).getPath()).endsWith("iobind-serve.port").contains("project.build.directory");
    }

    @Test
    @Basedir("src/test/resources/unit/serve-configured")
    @InjectMojo(goal = "serve", pom = "pom.xml")
    void configuration(ServeMojo mojo) throws Exception {
        assertThat(value(mojo, "port")).isEqualTo(0);
        assertThat(value(mojo, "host")).isEqualTo("0.0.0.0");
        assertThat(value(mojo, "scan")).isEqualTo(-1);
        assertThat(value(mojo, "liveReload")).isEqualTo(false);
        assertThat(value(mojo, "backend")).isEqualTo("com.example.TodoBackend");
        assertThat(value(mojo, "jvmArgs")).isEqualTo("-Xmx64m -XX:+UseSerialGC");
        assertThat(value(mojo, "systemProperties")).isEqualTo(Map.of("done.dataDirectory", "target/data"));
        assertThat(value(mojo, "files")).isEqualTo(List.of("backbone/backbone.js", "socket.io-client/dist/socket.io.min.js"));
        assertThat(value(mojo, "webRoot")).isEqualTo(inBasedir("web"));
        assertThat(value(mojo, "portFile")).isEqualTo(inBasedir("ports/serve.port"));
        assertThat(value(mojo, "sourceDirectory")).isEqualTo(inBasedir("../js-src/lib"));
        assertThat(value(mojo, "outputDirectory")).isEqualTo(inBasedir("../dist"));
    }

    /**
     * The user properties ({@code -Diobind.serve.port=0} and so on) reach the same parameters. The harness's
     * expression evaluator does not see system or user properties, so this reads the plugin descriptor Maven
     * itself evaluates them from (the serve IT passes {@code -Diobind.serve.port} and {@code -Diobind.serve.portFile}
     * through real Maven).
     */
    @Test
    void userPropertiesInThePluginDescriptor() throws Exception {
        org.w3c.dom.Document descriptor;
        try (var in = ServeMojo.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            descriptor = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        org.w3c.dom.Element serve = null;
        var mojos = descriptor.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            var mojo = (org.w3c.dom.Element) mojos.item(i);
            if (mojo.getElementsByTagName("goal").item(0).getTextContent().equals("serve")) {
                serve = mojo;
            }
        }
        assertThat(serve).as("the serve goal in plugin.xml").isNotNull();
        var configuration = (org.w3c.dom.Element) serve.getElementsByTagName("configuration").item(0);
        Map<String, String> expected = Map.of("port", "${iobind.serve.port}", "host", "${iobind.serve.host}",
                "portFile", "${iobind.serve.portFile}", "scan", "${iobind.serve.scan}", "webRoot", "${iobind.serve.webRoot}",
                "backend", "${iobind.serve.backend}", "liveReload", "${iobind.serve.liveReload}", "jvmArgs", "${iobind.serve.jvmArgs}",
                "sourceDirectory", "${iobind.build.sourceDirectory}", "outputDirectory", "${iobind.build.outputDirectory}");
        expected.forEach((parameter, property) -> assertThat(configuration.getElementsByTagName(parameter).item(0).getTextContent())
                .as(parameter).isEqualTo(property));
        var requires = serve.getElementsByTagName("requiresDependencyResolution").item(0).getTextContent();
        assertThat(requires).isEqualTo("runtime");
    }
}
