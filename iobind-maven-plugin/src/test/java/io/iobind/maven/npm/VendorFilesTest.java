package io.iobind.maven.npm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.iobind.maven.util.CoreLog;

class VendorFilesTest {

    @TempDir
    Path temp;

    private FakeRegistry registry;
    private NodeModules modules;

    @BeforeEach
    void start() throws Exception {
        registry = new FakeRegistry();
        byte[] lib = FakeRegistry.tarball(Map.of("package.json", "{}", "dist/lib.min.js", "var lib;", "lib.js", "var full;"));
        byte[] scoped = FakeRegistry.tarball(Map.of("package.json", "{}", "index.js", "var scoped;"));
        registry.serve("/lib/-/lib-1.0.0.tgz", lib);
        registry.serve("/@acme/ui/-/ui-2.0.0.tgz", scoped);
        Path lockFile = temp.resolve("package-lock.json");
        Files.writeString(lockFile, "{\"lockfileVersion\": 3, \"packages\": {"
                + "\"\": {\"dependencies\": {\"lib\": \"1\", \"@acme/ui\": \"2\"}},"
                + "\"node_modules/lib\": {\"version\": \"1.0.0\", \"integrity\": \"" + FakeRegistry.sri("sha512", lib) + "\"},"
                + "\"node_modules/@acme/ui\": {\"version\": \"2.0.0\", \"integrity\": \"" + FakeRegistry.sri("sha512", scoped) + "\"}}}");
        modules = new NodeModules(PackageLock.read(lockFile),
                new PackageCache(temp.resolve("cache"), () -> Registry.of(registry.url(), "test"), false, CoreLog.silent()));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void copiesTheChosenFilesUnderTheirPackageNamesAndOnlyWhatChanged() throws Exception {
        Path out = temp.resolve("webapp/vendor");
        List<Path> written = VendorFiles.copy(modules, List.of("lib/dist/lib.min.js", "@acme/ui/index.js"), out);

        assertThat(written).containsExactly(out.resolve("lib/dist/lib.min.js"), out.resolve("@acme/ui/index.js"));
        assertThat(out.resolve("lib/dist/lib.min.js")).hasContent("var lib;");
        assertThat(out.resolve("@acme/ui/index.js")).hasContent("var scoped;");
        assertThat(out.resolve("lib/lib.js")).doesNotExist();

        assertThat(VendorFiles.copy(modules, List.of("lib/dist/lib.min.js", "@acme/ui/index.js"), out)).isEmpty();
    }

    @Test
    void aPackageThatIsNotLockedOrAFileThatIsNotInItIsNamedInTheError() {
        Path out = temp.resolve("out");
        assertThatThrownBy(() -> VendorFiles.copy(modules, List.of("jquery/dist/jquery.js"), out))
                .isInstanceOf(NpmException.class)
                .hasMessageContaining("vendor file 'jquery/dist/jquery.js'")
                .hasMessageContaining("package 'jquery' is not in")
                .hasMessageContaining("package-lock.json");
        assertThatThrownBy(() -> VendorFiles.copy(modules, List.of("lib/dist/nope.js"), out))
                .isInstanceOf(NpmException.class)
                .hasMessageContaining("vendor file 'lib/dist/nope.js'")
                .hasMessageContaining("lib@1.0.0")
                .hasMessageContaining("has no file 'dist/nope.js'");
        assertThat(out).doesNotExist();
    }

    @Test
    void entriesMustNameAPackageAndAPathInsideIt() throws Exception {
        for (String bad : List.of("", "lib", "lib/", "/lib/x.js", "lib/../../etc/passwd", "lib/./x.js", "lib\\x.js", "@acme/ui", "@acme/ui/")) {
            assertThatThrownBy(() -> VendorFiles.Entry.parse(bad)).as(bad)
                    .isInstanceOf(NpmException.class).hasMessageContaining("vendor file '" + bad + "'");
        }
        assertThat(VendorFiles.Entry.parse(" @acme/ui/dist/a.js ")).isEqualTo(new VendorFiles.Entry("@acme/ui", "dist/a.js"));
    }
}
