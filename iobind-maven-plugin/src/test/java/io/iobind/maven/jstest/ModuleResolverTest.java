package io.iobind.maven.jstest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.iobind.maven.npm.NodeModules;
import io.iobind.maven.npm.NpmException;
import io.iobind.maven.npm.PackageCache;
import io.iobind.maven.npm.PackageLock;
import io.iobind.maven.util.CoreLog;

class ModuleResolverTest {

    @TempDir
    Path temp;

    private Path project;
    private PackageLock lock;
    private PackageCache cache;
    private ModuleResolver resolver;

    @BeforeEach
    void project() throws Exception {
        project = temp.resolve("repo/js-src");
        Files.createDirectories(project.resolve("test"));
        Files.writeString(project.resolve("test/a.spec.js"), "");
        Files.writeString(project.resolve("package-lock.json"), """
                {"lockfileVersion": 3, "packages": {
                  "": {"devDependencies": {"cond": "1", "paths": "1", "@s/pkg": "1", "outer": "1"}},
                  "node_modules/cond": {"version": "1.0.0", "integrity": "sha512-AAAA"},
                  "node_modules/paths": {"version": "1.0.0", "integrity": "sha512-AAAB"},
                  "node_modules/@s/pkg": {"version": "1.0.0", "integrity": "sha512-AAAC"},
                  "node_modules/outer": {"version": "1.0.0", "integrity": "sha512-AAAD", "dependencies": {"inner": "2"}},
                  "node_modules/outer/node_modules/inner": {"version": "2.0.0", "integrity": "sha512-AAAE"},
                  "node_modules/inner": {"version": "1.0.0", "integrity": "sha512-AAAF"}
                }}""");
        lock = PackageLock.read(project.resolve("package-lock.json"));
        cache = new PackageCache(temp.resolve("cache"), () -> {
            throw new NpmException("no downloads in this test");
        }, true, CoreLog.silent());
        unpack("node_modules/cond", Map.of("package.json",
                "{\"exports\": {\".\": {\"import\": \"./esm.mjs\", \"require\": \"./cjs.js\"}}}", "cjs.js", "", "esm.mjs", ""));
        unpack("node_modules/paths", Map.of("package.json",
                "{\"exports\": {\".\": \"./main.js\", \"./feature\": \"./lib/feature.js\", \"./utils/*\": \"./lib/utils/*.js\"}}",
                "main.js", "", "lib/feature.js", "", "lib/utils/strings.js", "", "lib/hidden.js", ""));
        unpack("node_modules/@s/pkg", Map.of("package.json", "{\"main\": \"dist/index\"}", "dist/index.js", "", "sub/file.js", ""));
        unpack("node_modules/outer", Map.of("index.js", ""));
        unpack("node_modules/outer/node_modules/inner", Map.of("index.js", "// v2"));
        unpack("node_modules/inner", Map.of("index.js", "// v1"));
        resolver = new ModuleResolver(new NodeModules(lock, cache), temp.resolve("repo"));
    }

    private void unpack(String lockPath, Map<String, String> files) throws Exception {
        Path folder = cache.folderOf(lock.byPath(lockPath).orElseThrow());
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.createDirectories(folder.resolve(file.getKey()).getParent());
            Files.writeString(folder.resolve(file.getKey()), file.getValue());
        }
    }

    private String resolveFromSpec(String request) throws Exception {
        return resolver.displayName(resolver.resolve(request, project.resolve("test/a.spec.js")));
    }

    @Test
    void aFileOutsideThePackageDirectoryCannotSeeItsPackagesAsInNode() throws Exception {
        Path dist = temp.resolve("repo/dist/bundle.js");
        Files.createDirectories(dist.getParent());
        Files.writeString(dist, "");

        assertThatThrownBy(() -> resolver.resolve("cond", dist)).isInstanceOf(ModuleResolver.ResolveException.class)
                .hasMessageContaining("Cannot find module 'cond' required from dist/bundle.js")
                .hasMessageContaining("only visible to files under js-src/");
        assertThat(resolver.displayName(resolver.resolve("./bundle", dist))).isEqualTo("dist/bundle.js");
        assertThat(resolveFromSpec("cond")).isEqualTo("node_modules/cond/cjs.js");
    }

    @Test
    void exportsConditionsPickTheRequireEntry() throws Exception {
        assertThat(resolveFromSpec("cond")).isEqualTo("node_modules/cond/cjs.js");
    }

    @Test
    void exportsSubpathsAndPatternsAndNothingElse() throws Exception {
        assertThat(resolveFromSpec("paths")).isEqualTo("node_modules/paths/main.js");
        assertThat(resolveFromSpec("paths/feature")).isEqualTo("node_modules/paths/lib/feature.js");
        assertThat(resolveFromSpec("paths/utils/strings")).isEqualTo("node_modules/paths/lib/utils/strings.js");
        assertThatThrownBy(() -> resolveFromSpec("paths/lib/hidden.js")).hasMessageContaining("has no such entry");
    }

    @Test
    void scopedPackagesUseMainAndPlainSubpaths() throws Exception {
        assertThat(resolveFromSpec("@s/pkg")).isEqualTo("node_modules/@s/pkg/dist/index.js");
        assertThat(resolveFromSpec("@s/pkg/sub/file")).isEqualTo("node_modules/@s/pkg/sub/file.js");
    }

    @Test
    void aPackageSeesItsOwnNestedDependencyFirst() throws Exception {
        Path outer = resolver.resolve("outer", project.resolve("test/a.spec.js"));
        assertThat(resolver.displayName(resolver.resolve("inner", outer))).isEqualTo("node_modules/outer/node_modules/inner/index.js");
        assertThat(resolveFromSpec("inner")).isEqualTo("node_modules/inner/index.js");
    }

    @Test
    void projectFilesAreNamedFromTheDisplayRoot() throws Exception {
        assertThat(resolveFromSpec("./a.spec")).isEqualTo("js-src/test/a.spec.js");
    }

    @Test
    void missingModulesSayWhy() {
        assertThatThrownBy(() -> resolveFromSpec("http")).hasMessageContaining("Cannot find module 'http' required from js-src/test/a.spec.js")
                .hasMessageContaining("Node core module");
        assertThatThrownBy(() -> resolveFromSpec("left-pad")).hasMessageContaining("npm install --save-dev left-pad");
        assertThatThrownBy(() -> resolveFromSpec("./nope")).hasMessageContaining("no file");
    }
}
