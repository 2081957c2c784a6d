package io.iobind.maven.mojo;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * iobind:vendor as Maven wires it: defaults, POM names, user properties, its skip switches, failure mapping, and
 * downloads through Maven's proxy settings with a password Maven encrypted.
 */
class VendorMojoTest extends MojoHarness {

    private static final String GOAL = "vendor";

    @Test
    @Basedir("src/test/resources/unit/vendor-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    void defaults(VendorMojo mojo) throws Exception {
        assertThat(value(mojo, "files")).isNull();
        assertThat(value(mojo, "vendorDirectory")).isEqualTo(inBasedir("target/classes/webapp/vendor"));
        assertThat(value(mojo, "skipVendor")).isEqualTo(false);
        assertThat(value(mojo, "skip")).isEqualTo(false);
        assertThat(value(mojo, "packageDirectory")).isEqualTo(basedir());
        assertThat(value(mojo, "npmRegistry")).isNull();
        assertThat(value(mojo, "npmCache")).isNull();
        assertThat(value(mojo, "session")).isSameAs(session);
        assertThat(value(mojo, "settingsDecrypter")).as("Maven's settings decrypter, injected").isNotNull();
    }

    @Test
    @Basedir("src/test/resources/unit/vendor-configured")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    void pomConfiguration(VendorMojo mojo) throws Exception {
        assertThat(value(mojo, "files")).isEqualTo(List.of("backbone/backbone-min.js", "socket.io-client/dist/socket.io.min.js"));
        assertThat(value(mojo, "vendorDirectory")).isEqualTo(inBasedir("web/lib"));
        assertThat(value(mojo, "packageDirectory")).isEqualTo(inBasedir("../js-src"));
        assertThat(value(mojo, "npmRegistry")).isEqualTo("https://npm.example.test/");
        assertThat(value(mojo, "npmCache")).isEqualTo(inBasedir("cache/npm"));
    }

    @Test
    @Basedir("src/test/resources/unit/vendor-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @UserProperties({"iobind.vendor.directory=public/vendor", "iobind.vendor.skip=true", "iobind.npm.packageDirectory=web",
            "iobind.npm.registry=http://registry.example.test/", "iobind.npm.cache=npm-cache", "iobind.skip=true"})
    void userProperties(VendorMojo mojo) throws Exception {
        assertThat(value(mojo, "vendorDirectory")).isEqualTo(inBasedir("public/vendor"));
        assertThat(value(mojo, "skipVendor")).isEqualTo(true);
        assertThat(value(mojo, "packageDirectory")).isEqualTo(inBasedir("web"));
        assertThat(value(mojo, "npmRegistry")).isEqualTo("http://registry.example.test/");
        assertThat(value(mojo, "npmCache")).isEqualTo(inBasedir("npm-cache"));
        assertThat(value(mojo, "skip")).isEqualTo(true);
    }

    @Test
    @Basedir("src/test/resources/unit/vendor-configured")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @UserProperties("iobind.skip=true")
    void iobindSkipSkipsWithOneLine(VendorMojo mojo) throws Exception {
        RecordingLog log = recordLog(mojo);
        mojo.execute();
        assertThat(log.lines).containsExactly("[INFO] Skipping iobind:vendor: iobind.skip is true.");
    }

    @Test
    @Basedir("src/test/resources/unit/vendor-configured")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @UserProperties("iobind.vendor.skip=true")
    void vendorSkipSkipsWithOneLine(VendorMojo mojo) throws Exception {
        RecordingLog log = recordLog(mojo);
        mojo.execute();
        assertThat(log.lines).containsExactly("[INFO] Skipping iobind:vendor: iobind.vendor.skip is true.");
    }

    @Test
    @Basedir("src/test/resources/unit/vendor-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    void noFilesSkipsWithOneLine(VendorMojo mojo) throws Exception {
        RecordingLog log = recordLog(mojo);
        mojo.execute();
        assertThat(log.lines).containsExactly("[INFO] Skipping iobind:vendor: no <files> configured.");
    }

    @Test
    @Basedir("src/test/resources/unit/vendor-configured")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    void noLockfileIsTheUsersMistake(VendorMojo mojo) throws Exception {
        set(mojo, "packageDirectory", temp.toFile());
        set(mojo, "vendorDirectory", temp.resolve("out").toFile());
        recordLog(mojo);
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining(temp.resolve("package-lock.json").toString())
                .hasMessageContaining("iobind.npm.packageDirectory");
        assertThat(temp.resolve("out")).doesNotExist();
    }

    @Test
    @Basedir("src/test/resources/unit/vendor-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    void aFileOfNoLockedPackageIsTheUsersMistake(VendorMojo mojo) throws Exception {
        Files.writeString(temp.resolve("package-lock.json"), "{\"lockfileVersion\": 3, \"packages\": {\"\": {}}}");
        set(mojo, "files", List.of("jquery/dist/jquery.js"));
        set(mojo, "packageDirectory", temp.toFile());
        set(mojo, "vendorDirectory", temp.resolve("out").toFile());
        recordLog(mojo);
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("vendor file 'jquery/dist/jquery.js'").hasMessageContaining("package 'jquery' is not in");
        assertThat(temp.resolve("m2/.cache/iobind-npm")).as("nothing fetched into the default cache").doesNotExist();
    }

    /**
     * settings.xml's proxy with a password from {@code mvn --encrypt-password}: the registry host does not exist, so
     * the file arrives only through the proxy, which accepts only the decrypted password.
     */
    @Test
    @Basedir("src/test/resources/unit/vendor-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @ResourceLock(Resources.SYSTEM_PROPERTIES)
    void downloadsThroughTheProxyWithTheDecryptedPassword(VendorMojo mojo) throws Exception {
        byte[] tarball = ProxySettings.tarball(Map.of("package.json", "{}", "dist/widget.min.js", "var widget;"));
        Files.writeString(temp.resolve("package-lock.json"), "{\"lockfileVersion\": 3, \"packages\": {\"\": {},"
                + "\"node_modules/widget\": {\"version\": \"1.2.3\", \"integrity\": \"" + ProxySettings.sha512(tarball) + "\"}}}");
        String previous = System.setProperty("settings.security", new File(ProxySettings.SECURITY_FILE).getAbsolutePath());
        try (ProxySettings.AuthenticatingProxy proxy = new ProxySettings.AuthenticatingProxy()) {
            proxy.serve("http://registry.invalid/widget/-/widget-1.2.3.tgz", tarball);
            settings.addProxy(ProxySettings.encryptedProxy(proxy.port()));
            set(mojo, "files", List.of("widget/dist/widget.min.js"));
            set(mojo, "packageDirectory", temp.toFile());
            set(mojo, "vendorDirectory", temp.resolve("out").toFile());
            set(mojo, "npmRegistry", "http://registry.invalid/");
            set(mojo, "npmCache", temp.resolve("cache").toFile());
            RecordingLog log = recordLog(mojo);

            mojo.execute();

            assertThat(temp.resolve("out/widget/dist/widget.min.js")).hasContent("var widget;");
            assertThat(log.text()).contains("Copied 1 of 1 vendor files to ");
            assertThat(proxy.requests).last().asString().startsWith("http://registry.invalid/widget/-/widget-1.2.3.tgz Basic ");
        } finally {
            restore("settings.security", previous);
        }
    }

    @Test
    @Basedir("src/test/resources/unit/vendor-defaults")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @ResourceLock(Resources.SYSTEM_PROPERTIES)
    void anUndecryptablePasswordIsAConfigurationFault(VendorMojo mojo) throws Exception {
        Files.writeString(temp.resolve("package-lock.json"), "{\"lockfileVersion\": 3, \"packages\": {\"\": {}}}");
        // No master password where -Dsettings.security points: Maven cannot decrypt the proxy's password.
        String previous = System.setProperty("settings.security", temp.resolve("no-settings-security.xml").toString());
        try {
            settings.addProxy(ProxySettings.encryptedProxy(3128));
            set(mojo, "files", List.of("widget/dist/widget.min.js"));
            set(mojo, "packageDirectory", temp.toFile());
            recordLog(mojo);
            assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                    .hasMessageStartingWith("Cannot use the password of proxy 'corporate' from Maven's settings: ");
        } finally {
            restore("settings.security", previous);
        }
    }

    static void restore(String property, String previous) {
        if (previous == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, previous);
        }
    }
}
