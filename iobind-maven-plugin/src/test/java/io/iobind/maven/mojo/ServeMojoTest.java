package io.iobind.maven.mojo;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

import io.iobind.maven.npm.HttpProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * iobind:serve as Maven wires it: names, defaults, user properties, the build parameters it shares with the build
 * goals, its skip lines, a bad scan value as a configuration fault, and the proxy of its vendor files.
 */
class ServeMojoTest extends MojoHarness {

    private static final String GOAL = "serve";

    @Test
    @Basedir("src/test/resources/unit/serve-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    void defaults(ServeMojo mojo) throws Exception {
        assertThat(value(mojo, "port")).isEqualTo(1228);
        assertThat(value(mojo, "host")).isEqualTo("127.0.0.1");
        assertThat(value(mojo, "scan")).isEqualTo(1);
        assertThat(value(mojo, "liveReload")).isEqualTo(true);
        assertThat(value(mojo, "backend")).isNull();
        assertThat(value(mojo, "webjar")).isNull();
        assertThat(value(mojo, "jvmArgs")).isNull();
        assertThat(value(mojo, "files")).isNull();
        assertThat(value(mojo, "systemProperties")).isNull();
        assertThat(value(mojo, "webRoot")).isEqualTo(inBasedir("src/main/webapp"));
        assertThat(value(mojo, "portFile")).isEqualTo(inBasedir("target/iobind-serve.port"));
        assertThat(value(mojo, "workDirectory")).isEqualTo(inBasedir("target/iobind-serve"));
        assertThat(value(mojo, "packageDirectory")).isEqualTo(basedir());
        assertThat(value(mojo, "npmRegistry")).isNull();
        assertThat(value(mojo, "npmCache")).isNull();
        assertThat(value(mojo, "settingsDecrypter")).as("Maven's settings decrypter, injected").isNotNull();
        assertThat(value(mojo, "repositorySystem")).as("Maven's repository system, injected").isNotNull();
        // Shared with the build goals (AbstractBuildMojo): what /js/ serves and what is rebuilt.
        assertThat(mojo.bundleNames()).isNull();
        assertThat(value(mojo, "sourceDirectory")).isEqualTo(inBasedir("lib"));
        assertThat(value(mojo, "outputDirectory")).isEqualTo(inBasedir("dist"));
        assertThat(value(mojo, "compilationLevel")).isEqualTo("SIMPLE");
        assertThat(value(mojo, "version")).isEqualTo(PROJECT_VERSION);
        // The server JVM gets the project's runtime class path.
        assertThat(execution.getMojoDescriptor().getDependencyResolutionRequired()).isEqualTo("runtime");
        assertThat(execution.getMojoDescriptor().getExecutePhase()).isEqualTo("process-classes");
    }

    @Test
    @Basedir("src/test/resources/unit/serve-configured")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    void pomConfiguration(ServeMojo mojo) throws Exception {
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

    @Test
    @Basedir("src/test/resources/unit/serve-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @UserProperties({"iobind.serve.port=0", "iobind.serve.host=0.0.0.0", "iobind.serve.portFile=ports/p", "iobind.serve.scan=0",
            "iobind.serve.webRoot=web", "iobind.serve.backend=com.example.Backend", "iobind.serve.webjar=backbone.iobind",
            "iobind.serve.liveReload=false", "iobind.serve.jvmArgs=-Xmx32m", "iobind.npm.packageDirectory=js",
            "iobind.npm.registry=http://registry.example.test/", "iobind.npm.cache=npm-cache",
            "iobind.build.sourceDirectory=js/lib", "iobind.build.outputDirectory=js/dist", "iobind.build.skip=true"})
    void userProperties(ServeMojo mojo) throws Exception {
        assertThat(value(mojo, "port")).isEqualTo(0);
        assertThat(value(mojo, "host")).isEqualTo("0.0.0.0");
        assertThat(value(mojo, "portFile")).isEqualTo(inBasedir("ports/p"));
        assertThat(value(mojo, "scan")).isEqualTo(0);
        assertThat(value(mojo, "webRoot")).isEqualTo(inBasedir("web"));
        assertThat(value(mojo, "backend")).isEqualTo("com.example.Backend");
        assertThat(value(mojo, "webjar")).isEqualTo("backbone.iobind");
        assertThat(value(mojo, "liveReload")).isEqualTo(false);
        assertThat(value(mojo, "jvmArgs")).isEqualTo("-Xmx32m");
        assertThat(value(mojo, "packageDirectory")).isEqualTo(inBasedir("js"));
        assertThat(value(mojo, "npmRegistry")).isEqualTo("http://registry.example.test/");
        assertThat(value(mojo, "npmCache")).isEqualTo(inBasedir("npm-cache"));
        assertThat(value(mojo, "sourceDirectory")).isEqualTo(inBasedir("js/lib"));
        assertThat(value(mojo, "outputDirectory")).isEqualTo(inBasedir("js/dist"));
        assertThat(value(mojo, "skipBuild")).isEqualTo(true);
    }

    @Test
    @Basedir("src/test/resources/unit/serve-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    void noWebRootSkipsWithOneLine(ServeMojo mojo) throws Exception {
        RecordingLog log = recordLog(mojo);
        mojo.execute();
        assertThat(log.lines).containsExactly("[INFO] Skipping iobind:serve: no web root " + inBasedir("src/main/webapp")
                + " (parameter webRoot, property iobind.serve.webRoot).");
    }

    @Test
    @Basedir("src/test/resources/unit/serve-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @UserProperties("iobind.skip=true")
    void iobindSkipSkipsWithOneLine(ServeMojo mojo) throws Exception {
        set(mojo, "webRoot", temp.toFile());
        RecordingLog log = recordLog(mojo);
        mojo.execute();
        assertThat(log.lines).containsExactly("[INFO] Skipping iobind:serve: iobind.skip is true.");
    }

    @Test
    @Basedir("src/test/resources/unit/serve-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @UserProperties("iobind.serve.scan=-2")
    void aScanBelowMinusOneIsAConfigurationFault(ServeMojo mojo) throws Exception {
        set(mojo, "webRoot", temp.toFile());
        recordLog(mojo);
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessage("scan must be -1 (off), 0 (on Enter) or a number of seconds, got -2 (parameter scan / iobind.serve.scan).");
    }

    @Test
    @Basedir("src/test/resources/unit/serve-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @ResourceLock(Resources.SYSTEM_PROPERTIES)
    void downloadsThroughTheProxyWithTheDecryptedPassword(ServeMojo mojo) throws Exception {
        settings.addProxy(ProxySettings.encryptedProxy(3128));
        String previous = System.setProperty("settings.security", new File(ProxySettings.SECURITY_FILE).getAbsolutePath());
        try {
            HttpProxy proxy = MavenNpm.proxy(session, (SettingsDecrypter) value(mojo, "settingsDecrypter"));
            assertThat(proxy.password()).isEqualTo(ProxySettings.PASSWORD);
        } finally {
            VendorMojoTest.restore("settings.security", previous);
        }
    }
}
