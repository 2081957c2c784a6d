package io.iobind.maven.npm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryLocatorTest {

    @TempDir
    Path project;

    @TempDir
    Path home;

    private static final RegistryLocator.NpmCommand NO_NPM = dir -> Optional.empty();

    private Registry locate(String explicit, Map<String, String> env, RegistryLocator.NpmCommand npm) throws NpmException {
        return new RegistryLocator(explicit, env, project, home, npm).locate();
    }

    @Test
    void explicitParameterWinsOverEverything() throws Exception {
        Files.writeString(project.resolve(".npmrc"), "registry=http://127.0.0.1:1/project\n");

        Registry registry = locate("http://127.0.0.1:9/param", Map.of("npm_config_registry", "http://127.0.0.1:2/env"), NO_NPM);

        assertThat(registry.base()).hasToString("http://127.0.0.1:9/param/");
        assertThat(registry.origin()).contains("iobind.npm.registry");
    }

    @Test
    void environmentVariableBeatsNpmrcFiles() throws Exception {
        Files.writeString(project.resolve(".npmrc"), "registry=http://127.0.0.1:1/project\n");

        Registry registry = locate(null, Map.of("NPM_CONFIG_REGISTRY", "http://127.0.0.1:2/env"), NO_NPM);

        assertThat(registry.base()).hasToString("http://127.0.0.1:2/env/");
    }

    @Test
    void projectNpmrcBeatsUserNpmrcWhichBeatsTheNpmCommand() throws Exception {
        Files.writeString(home.resolve(".npmrc"), "; comment\nregistry = \"http://127.0.0.1:3/user\"\n");
        RegistryLocator.NpmCommand npm = dir -> Optional.of("http://127.0.0.1:4/npm/");

        assertThat(locate(null, Map.of(), npm).base()).hasToString("http://127.0.0.1:3/user/");

        Files.writeString(project.resolve(".npmrc"), "fund=false\nregistry=http://127.0.0.1:1/${SUFFIX}\n");
        Registry fromProject = locate(null, Map.of("SUFFIX", "project"), npm);
        assertThat(fromProject.base()).hasToString("http://127.0.0.1:1/project/");
        assertThat(fromProject.origin()).isEqualTo(project.resolve(".npmrc").toString());
    }

    @Test
    void aRepeatedRegistryLineInOneNpmrcLetsTheLastOneWinAsNpmDoes() throws Exception {
        Files.writeString(project.resolve(".npmrc"), "registry=http://127.0.0.1:1/first\nregistry=http://127.0.0.1:1/last\n");

        assertThat(locate(null, Map.of(), NO_NPM).base()).hasToString("http://127.0.0.1:1/last/");
    }

    @Test
    void npmCommandIsTheLastResort() throws Exception {
        Registry registry = locate(null, Map.of(), dir -> Optional.of("http://127.0.0.1:4/npm/"));

        assertThat(registry.base()).hasToString("http://127.0.0.1:4/npm/");
        assertThat(registry.origin()).contains("npm config get registry");
    }

    @Test
    void noRegistryAnywhereIsAClearError() {
        assertThatThrownBy(() -> locate(null, Map.of(), NO_NPM)).isInstanceOf(NpmException.class)
                .hasMessageContaining("No npm registry is configured")
                .hasMessageContaining("npm_config_registry").hasMessageContaining("-Diobind.npm.registry");
    }

    @Test
    void tarballUrlsFollowNpmsLayout() throws Exception {
        Registry registry = Registry.of("http://127.0.0.1:5/npm", "test");

        assertThat(registry.tarballUri("backbone", "1.4.1")).hasToString("http://127.0.0.1:5/npm/backbone/-/backbone-1.4.1.tgz");
        assertThat(registry.tarballUri("@socket.io/component-emitter", "3.1.2"))
                .hasToString("http://127.0.0.1:5/npm/@socket.io/component-emitter/-/component-emitter-3.1.2.tgz");
    }

    @Test
    void aRegistryThatIsNoUrlIsRefused() {
        assertThatThrownBy(() -> Registry.of("registry.example", "x")).hasMessageContaining("not an http(s) URL");
    }
}
