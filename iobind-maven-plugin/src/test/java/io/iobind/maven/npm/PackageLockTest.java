package io.iobind.maven.npm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageLockTest {

    @TempDir
    Path temp;

    private PackageLock lock(String packages) throws Exception {
        Path file = temp.resolve("package-lock.json");
        Files.writeString(file, "{\"lockfileVersion\": 3, \"packages\": {" + packages + "}}");
        return PackageLock.read(file);
    }

    private static String entry(String path, String extra) {
        return "\"" + path + "\": {\"version\": \"1.0.0\", \"integrity\": \"sha512-AAAA\"" + extra + "}";
    }

    @Test
    void closureFollowsNestedNodeModulesAndStopsAtBundleOnlyPackages() throws Exception {
        PackageLock lock = lock(String.join(",",
                "\"\": {\"devDependencies\": {\"app\": \"1\", \"runner\": \"1\"}}",
                entry("node_modules/app", ", \"dependencies\": {\"util\": \"2\", \"shared\": \"1\"}"),
                entry("node_modules/app/node_modules/util", ""),
                entry("node_modules/util", ""),
                entry("node_modules/shared", ""),
                entry("node_modules/runner", ", \"dependencies\": {\"heavy\": \"1\"}"),
                entry("node_modules/heavy", "")));

        Set<LockedPackage> closure = lock.closure(List.of("app", "runner"), Set.of("node_modules/runner"));

        assertThat(closure).extracting(LockedPackage::path).containsExactlyInAnyOrder(
                "node_modules/app", "node_modules/app/node_modules/util", "node_modules/shared", "node_modules/runner");
        assertThat(lock.rootDependencies()).containsExactly("app", "runner");
    }

    @Test
    void lookupWalksUpLikeNode() throws Exception {
        PackageLock lock = lock(String.join(",",
                entry("node_modules/a", ""), entry("node_modules/a/node_modules/b", ""), entry("node_modules/c", "")));

        assertThat(lock.lookup("node_modules/a/node_modules/b", "c")).get().extracting(LockedPackage::path).isEqualTo("node_modules/c");
        assertThat(lock.lookup("node_modules/a", "b")).get().extracting(LockedPackage::path).isEqualTo("node_modules/a/node_modules/b");
        assertThat(lock.lookup("", "b")).isEmpty();
    }

    @Test
    void scopedAndAliasedNames() throws Exception {
        PackageLock lock = lock(String.join(",",
                entry("node_modules/@s/pkg", ""), entry("node_modules/old", ", \"name\": \"new\"")));

        assertThat(lock.lookup("", "@s/pkg").orElseThrow().name()).isEqualTo("@s/pkg");
        assertThat(lock.lookup("", "old").orElseThrow().name()).isEqualTo("new");
        assertThat(lock.lookup("", "old").orElseThrow().installName()).isEqualTo("old");
    }

    @Test
    void missingIntegrityNamesTheEntry() {
        assertThatThrownBy(() -> lock("\"node_modules/x\": {\"version\": \"1.0.0\"}"))
                .isInstanceOf(NpmException.class).hasMessageContaining("packages[\"node_modules/x\"] has no 'integrity'");
    }

    @Test
    void oldLockfileFormatIsRefusedWithAReason() throws Exception {
        Path file = temp.resolve("package-lock.json");
        Files.writeString(file, "{\"lockfileVersion\": 1, \"dependencies\": {}}");

        assertThatThrownBy(() -> PackageLock.read(file)).hasMessageContaining("lockfileVersion 1");
    }

    @Test
    void invalidJsonNamesFileAndLine() throws Exception {
        Path file = temp.resolve("package-lock.json");
        Files.writeString(file, "{\n\"lockfileVersion\": 3,\n oops }");

        assertThatThrownBy(() -> PackageLock.read(file)).hasMessageContaining("package-lock.json:3");
    }
}
