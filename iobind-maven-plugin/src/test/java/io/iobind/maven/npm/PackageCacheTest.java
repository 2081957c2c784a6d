package io.iobind.maven.npm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageCacheTest {

    @TempDir
    Path temp;

    private FakeRegistry registry;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        registry = new FakeRegistry();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private PackageCache cache(boolean offline) {
        return new PackageCache(temp.resolve("cache"), () -> Registry.of(registry.url(), "test"), offline, (level, line) -> log.add(line));
    }

    private static LockedPackage locked(String path, String name, String version, String integrity) {
        return new LockedPackage(path, name, version, integrity, Set.of());
    }

    @Test
    void fetchesVerifiesAndUnpacksWithoutThePackageFolder() throws Exception {
        byte[] tgz = FakeRegistry.tarball(Map.of("package.json", "{\"name\":\"lib\"}", "lib/index.js", "module.exports = 42;"));
        registry.serve("/lib/-/lib-1.2.3.tgz", tgz);

        Path folder = cache(false).ensure(locked("node_modules/lib", "lib", "1.2.3", FakeRegistry.sri("sha512", tgz)));

        assertThat(folder.resolve("lib/index.js")).hasContent("module.exports = 42;");
        assertThat(folder.resolve("package.json")).exists();
        assertThat(log).singleElement().asString().contains("lib@1.2.3", "sha512 verified");
    }

    @Test
    void acceptsSha1IntegrityOfOldLockfiles() throws Exception {
        byte[] tgz = FakeRegistry.tarball(Map.of("index.js", "1"));
        registry.serve("/old/-/old-0.1.0.tgz", tgz);

        Path folder = cache(false).ensure(locked("node_modules/old", "old", "0.1.0", FakeRegistry.sri("sha1", tgz)));

        assertThat(folder.resolve("index.js")).hasContent("1");
    }

    @Test
    void integrityMismatchDiscardsTheDownloadAndLeavesNothingInTheCache() throws Exception {
        byte[] tgz = FakeRegistry.tarball(Map.of("index.js", "tampered"));
        byte[] other = FakeRegistry.tarball(Map.of("index.js", "original"));
        registry.serve("/lib/-/lib-1.0.0.tgz", tgz);
        LockedPackage pkg = locked("node_modules/lib", "lib", "1.0.0", FakeRegistry.sri("sha512", other));
        PackageCache cache = cache(false);

        assertThatThrownBy(() -> cache.ensure(pkg)).isInstanceOf(NpmException.class)
                .hasMessageContaining("Integrity mismatch for lib@1.0.0")
                .hasMessageContaining(FakeRegistry.sri("sha512", tgz))
                .hasMessageContaining("packages[\"node_modules/lib\"]");
        assertThat(cache.folderOf(pkg)).doesNotExist();
        try (Stream<Path> leftovers = Files.list(temp.resolve("cache/.tmp"))) {
            assertThat(leftovers).isEmpty();
        }
    }

    @Test
    void reusesTheCacheOfflineWithoutAskingTheRegistry() throws Exception {
        byte[] tgz = FakeRegistry.tarball(Map.of("index.js", "cached"));
        registry.serve("/lib/-/lib-2.0.0.tgz", tgz);
        LockedPackage pkg = locked("node_modules/lib", "lib", "2.0.0", FakeRegistry.sri("sha512", tgz));
        Path online = cache(false).ensure(pkg);
        int requestsAfterFirstFetch = registry.requests.size();

        Path offline = new PackageCache(temp.resolve("cache"), () -> {
            throw new NpmException("no registry needed");
        }, true, (level, line) -> log.add(line)).ensure(pkg);

        assertThat(offline).isEqualTo(online);
        assertThat(offline.resolve("index.js")).hasContent("cached");
        assertThat(registry.requests).hasSize(requestsAfterFirstFetch);
    }

    @Test
    void offlineWithAnEmptyCacheSaysWhatIsMissing() throws Exception {
        LockedPackage pkg = locked("node_modules/lib", "lib", "2.0.0", FakeRegistry.sri("sha512", new byte[] {1}));

        assertThatThrownBy(() -> cache(true).ensure(pkg)).isInstanceOf(NpmException.class)
                .hasMessageContaining("lib@2.0.0").hasMessageContaining("not in the npm cache").hasMessageContaining("offline");
        assertThat(registry.requests).isEmpty();
    }

    @Test
    void aliasIsFetchedUnderItsRealName() throws Exception {
        byte[] tgz = FakeRegistry.tarball(Map.of("backbone.js", "old backbone"));
        registry.serve("/backbone/-/backbone-1.4.1.tgz", tgz);
        Path lockFile = temp.resolve("package-lock.json");
        Files.writeString(lockFile, """
                {"lockfileVersion": 3, "packages": {
                  "": {"devDependencies": {"backbone-1.4": "npm:backbone@1.4.1"}},
                  "node_modules/backbone-1.4": {"name": "backbone", "version": "1.4.1", "integrity": "%s"}
                }}""".formatted(FakeRegistry.sri("sha512", tgz)));
        NodeModules modules = new NodeModules(PackageLock.read(lockFile), cache(false));

        NodeModules.InstalledPackage found = modules.lookup("", "backbone-1.4").orElseThrow();

        assertThat(found.folder().resolve("backbone.js")).hasContent("old backbone");
        assertThat(registry.requests).containsExactly("/backbone/-/backbone-1.4.1.tgz");
    }

    @Test
    void scopedPackageUsesTheScopeInTheFolderOnly() throws Exception {
        byte[] tgz = FakeRegistry.tarball(Map.of("index.js", "scoped"));
        registry.serve("/@socket.io/component-emitter/-/component-emitter-3.1.2.tgz", tgz);

        Path folder = cache(false).ensure(locked("node_modules/@socket.io/component-emitter", "@socket.io/component-emitter",
                "3.1.2", FakeRegistry.sri("sha512", tgz)));

        assertThat(folder.resolve("index.js")).hasContent("scoped");
    }

    @Test
    void packageMissingFromTheRegistryIsA404NamingTheLockEntry() throws Exception {
        LockedPackage pkg = locked("node_modules/ghost", "ghost", "9.9.9", FakeRegistry.sri("sha512", new byte[] {1}));

        assertThatThrownBy(() -> cache(false).ensure(pkg)).isInstanceOf(NpmException.class)
                .hasMessageContaining("ghost@9.9.9").hasMessageContaining("404")
                .hasMessageContaining("/ghost/-/ghost-9.9.9.tgz").hasMessageContaining("packages[\"node_modules/ghost\"]");
    }

    @Test
    void corruptTarballIsRejectedAndNotCached() throws Exception {
        byte[] garbage = "not a tarball".getBytes();
        registry.serve("/bad/-/bad-1.0.0.tgz", garbage);
        LockedPackage pkg = locked("node_modules/bad", "bad", "1.0.0", FakeRegistry.sri("sha512", garbage));
        PackageCache cache = cache(false);

        assertThatThrownBy(() -> cache.ensure(pkg)).hasMessageContaining("not a readable .tgz");
        assertThat(cache.folderOf(pkg)).doesNotExist();
    }

    @Test
    void downloadsThroughTheConfiguredProxy() throws Exception {
        byte[] tgz = FakeRegistry.tarball(Map.of("index.js", "via proxy"));
        registry.serve("/lib/-/lib-3.0.0.tgz", tgz);
        int proxyPort = java.net.URI.create(registry.url()).getPort();
        // The registry host does not exist: only a request sent through the proxy (our fake) can succeed.
        PackageCache cache = new PackageCache(temp.resolve("cache"), () -> Registry.of("http://registry.invalid/", "test"),
                false, (level, line) -> log.add(line), new HttpProxy("127.0.0.1", proxyPort, null, null, "*.internal|localhost"));

        Path folder = cache.ensure(locked("node_modules/lib", "lib", "3.0.0", FakeRegistry.sri("sha512", tgz)));

        assertThat(folder.resolve("index.js")).hasContent("via proxy");
        assertThat(registry.requests).containsExactly("/lib/-/lib-3.0.0.tgz");
    }

    @Test
    void nonProxyHostsGoDirect() {
        java.net.ProxySelector selector = new HttpProxy("127.0.0.1", 3128, null, null, "*.internal|localhost").selector();

        assertThat(selector.select(java.net.URI.create("http://npm.internal/x"))).containsExactly(java.net.Proxy.NO_PROXY);
        assertThat(selector.select(java.net.URI.create("http://localhost/x"))).containsExactly(java.net.Proxy.NO_PROXY);
        assertThat(selector.select(java.net.URI.create("https://registry.example/x")).get(0).type()).isEqualTo(java.net.Proxy.Type.HTTP);
    }
}
