package io.iobind.maven.mojo;

import java.io.File;
import java.util.List;

import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

import io.iobind.maven.npm.HttpProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * iobind:test as Maven wires it: defaults, POM names, user properties (its own and Maven's {@code skipTests},
 * {@code maven.test.skip}, {@code maven.test.failure.ignore}), the skip switches and their lines, a selection matching
 * nothing as the user's mistake, and the proxy it downloads through, with its password decrypted.
 */
class TestMojoTest extends MojoHarness {

    private static final String GOAL = "test";

    @Test
    @Basedir("src/test/resources/unit/test-project")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    void defaults(TestMojo mojo) throws Exception {
        assertThat(value(mojo, "baseDirectory")).isEqualTo(basedir());
        assertThat(value(mojo, "includes")).isNull();
        assertThat(value(mojo, "excludes")).isNull();
        assertThat(value(mojo, "test")).isNull();
        assertThat(value(mojo, "skipTests")).isEqualTo(false);
        assertThat(value(mojo, "mavenTestSkip")).isEqualTo(false);
        assertThat(value(mojo, "skipSpecs")).isEqualTo(false);
        assertThat(value(mojo, "skip")).isEqualTo(false);
        assertThat(value(mojo, "testFailureIgnore")).isEqualTo(false);
        assertThat(value(mojo, "timeout")).isEqualTo(2000L);
        assertThat(value(mojo, "watchdogTimeout")).isEqualTo(30000L);
        assertThat(value(mojo, "fileTimeout")).isEqualTo(300000L);
        assertThat(value(mojo, "showOutput")).isEqualTo(true);
        assertThat(value(mojo, "reportsDirectory")).isEqualTo(inBasedir("target/surefire-reports"));
        assertThat(value(mojo, "packageDirectory")).isEqualTo(basedir());
        assertThat(value(mojo, "npmRegistry")).isNull();
        assertThat(value(mojo, "npmCache")).isNull();
        assertThat(value(mojo, "encoding")).isEqualTo("UTF-8");
        assertThat(value(mojo, "session")).isSameAs(session);
        assertThat(value(mojo, "settingsDecrypter")).as("Maven's settings decrypter, injected").isNotNull();
        assertThat(value(mojo, "fork")).isEqualTo(true);
        assertThat(value(mojo, "threads")).isEqualTo(0);
        assertThat(value(mojo, "argLine")).isEqualTo("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        assertThat(value(mojo, "ownRunner")).isEqualTo(true);
        assertThat(value(mojo, "classDataSharing")).isEqualTo(true);
    }

    @Test
    @Basedir("src/test/resources/unit/test-configured")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    void pomConfiguration(TestMojo mojo) throws Exception {
        assertThat(value(mojo, "baseDirectory")).isEqualTo(inBasedir("js"));
        assertThat(value(mojo, "includes")).isEqualTo(List.of("spec/**/*.test.js"));
        assertThat(value(mojo, "excludes")).isEqualTo(List.of("spec/slow/**"));
        assertThat(value(mojo, "test")).isEqualTo("model#saves");
        assertThat(value(mojo, "timeout")).isEqualTo(5000L);
        assertThat(value(mojo, "watchdogTimeout")).isEqualTo(10000L);
        assertThat(value(mojo, "fileTimeout")).isEqualTo(60000L);
        assertThat(value(mojo, "showOutput")).isEqualTo(false);
        assertThat(value(mojo, "reportsDirectory")).isEqualTo(inBasedir("target/js-reports"));
        assertThat(value(mojo, "packageDirectory")).isEqualTo(inBasedir("js"));
        assertThat(value(mojo, "npmRegistry")).isEqualTo("https://npm.example.test/");
        assertThat(value(mojo, "npmCache")).isEqualTo(inBasedir("cache/npm"));
        assertThat(value(mojo, "testFailureIgnore")).isEqualTo(true);
    }

    @Test
    @Basedir("src/test/resources/unit/test-project")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @UserProperties({"iobind.test.baseDirectory=js", "iobind.test=red#passes", "skipTests=true", "maven.test.skip=true",
            "iobind.test.skip=true", "maven.test.failure.ignore=true", "iobind.test.timeout=100", "iobind.test.watchdog=3000",
            "iobind.test.fileTimeout=9000", "iobind.test.showOutput=false", "iobind.test.reportsDirectory=reports",
            "iobind.npm.packageDirectory=web", "iobind.npm.registry=http://registry.example.test/", "iobind.npm.cache=npm-cache",
            "iobind.skip=true", "iobind.encoding=ISO-8859-1", "iobind.test.fork=false", "iobind.test.threads=3",
            "iobind.test.argLine=-Xmx96m", "iobind.test.ownRunner=false", "iobind.test.classDataSharing=false"})
    void userProperties(TestMojo mojo) throws Exception {
        assertThat(value(mojo, "baseDirectory")).isEqualTo(inBasedir("js"));
        assertThat(value(mojo, "test")).isEqualTo("red#passes");
        assertThat(value(mojo, "skipTests")).isEqualTo(true);
        assertThat(value(mojo, "mavenTestSkip")).isEqualTo(true);
        assertThat(value(mojo, "skipSpecs")).isEqualTo(true);
        assertThat(value(mojo, "testFailureIgnore")).isEqualTo(true);
        assertThat(value(mojo, "timeout")).isEqualTo(100L);
        assertThat(value(mojo, "watchdogTimeout")).isEqualTo(3000L);
        assertThat(value(mojo, "fileTimeout")).isEqualTo(9000L);
        assertThat(value(mojo, "showOutput")).isEqualTo(false);
        assertThat(value(mojo, "reportsDirectory")).isEqualTo(inBasedir("reports"));
        assertThat(value(mojo, "packageDirectory")).isEqualTo(inBasedir("web"));
        assertThat(value(mojo, "npmRegistry")).isEqualTo("http://registry.example.test/");
        assertThat(value(mojo, "npmCache")).isEqualTo(inBasedir("npm-cache"));
        assertThat(value(mojo, "skip")).isEqualTo(true);
        assertThat(value(mojo, "encoding")).isEqualTo("ISO-8859-1");
        assertThat(value(mojo, "fork")).isEqualTo(false);
        assertThat(value(mojo, "threads")).isEqualTo(3);
        assertThat(value(mojo, "argLine")).isEqualTo("-Xmx96m");
        assertThat(value(mojo, "ownRunner")).isEqualTo(false);
        assertThat(value(mojo, "classDataSharing")).isEqualTo(false);
    }

    @Test
    @Basedir("src/test/resources/unit/test-project")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @UserProperties("iobind.skip=true")
    void iobindSkipSkipsWithOneLine(TestMojo mojo) throws Exception {
        assertSkipsWith(mojo, "iobind.skip is true.");
    }

    @Test
    @Basedir("src/test/resources/unit/test-project")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @UserProperties("skipTests=true")
    void skipTestsSkipsWithOneLine(TestMojo mojo) throws Exception {
        assertSkipsWith(mojo, "skipTests is true.");
    }

    @Test
    @Basedir("src/test/resources/unit/test-project")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @UserProperties("maven.test.skip=true")
    void mavenTestSkipSkipsWithOneLine(TestMojo mojo) throws Exception {
        assertSkipsWith(mojo, "maven.test.skip is true.");
    }

    @Test
    @Basedir("src/test/resources/unit/test-project")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @UserProperties("iobind.test.skip=true")
    void testSkipSkipsWithOneLine(TestMojo mojo) throws Exception {
        assertSkipsWith(mojo, "iobind.test.skip is true.");
    }

    private static void assertSkipsWith(TestMojo mojo, String reason) throws Exception {
        RecordingLog log = recordLog(mojo);
        mojo.execute();
        assertThat(log.lines).containsExactly("[INFO] Skipping iobind:test: " + reason);
        assertThat(inBasedir("target")).as("no reports").doesNotExist();
    }

    @Test
    @Basedir("src/test/resources/unit/test-project")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @UserProperties("iobind.test=nothing.spec.js#saves")
    void aSelectionMatchingNoSpecFileIsTheUsersMistake(TestMojo mojo) throws Exception {
        recordLog(mojo);
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessage("No spec file matches iobind.test=nothing.spec.js#saves among [test/**/*.spec.js] in "
                        + basedir().toPath().normalize() + ".");
    }

    @Test
    @Basedir("src/test/resources/unit/test-project")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    @ResourceLock(Resources.SYSTEM_PROPERTIES)
    void downloadsThroughTheProxyWithTheDecryptedPassword(TestMojo mojo) throws Exception {
        settings.addProxy(ProxySettings.encryptedProxy(3128));
        String previous = System.setProperty("settings.security", new File(ProxySettings.SECURITY_FILE).getAbsolutePath());
        try {
            HttpProxy proxy = MavenNpm.proxy(session, (SettingsDecrypter) value(mojo, "settingsDecrypter"));
            assertThat(proxy).isEqualTo(new HttpProxy("127.0.0.1", 3128, ProxySettings.USERNAME, ProxySettings.PASSWORD, "*.internal"));
        } finally {
            VendorMojoTest.restore("settings.security", previous);
        }
    }

    @Test
    @Basedir("src/test/resources/unit/test-project")
    @InjectMojo(goal = GOAL, pom = "pom.xml")
    void aPlainProxyPasswordIsUsedAsWritten(TestMojo mojo) throws Exception {
        var plain = ProxySettings.encryptedProxy(8080);
        plain.setPassword("plain{not encrypted");
        var inactive = ProxySettings.encryptedProxy(9999);
        inactive.setActive(false);
        settings.addProxy(inactive);
        settings.addProxy(plain);
        HttpProxy proxy = MavenNpm.proxy(session, (SettingsDecrypter) value(mojo, "settingsDecrypter"));
        assertThat(proxy).isEqualTo(new HttpProxy("127.0.0.1", 8080, ProxySettings.USERNAME, "plain{not encrypted", "*.internal"));
    }
}
