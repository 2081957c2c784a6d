package io.iobind.maven.serve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LaunchCommandTest {

    @TempDir
    Path dir;

    @Test
    void jvmOptionsPropertiesArgumentFileLauncherAndItsOptionsInThatOrder() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("done.data", "/tmp/my data");
        properties.put("empty", null);
        Path argumentFile = dir.resolve("serve/java.args");
        List<String> command = LaunchCommand.build(new LaunchCommand.Spec(Path.of("/jdk/bin/java"), List.of("-Xmx128m"), properties,
                List.of(Path.of("/p/classes"), Path.of("/r/a b.jar")), "127.0.0.1", 0, Path.of("/p/target/serve.port"),
                Path.of("/p/web"), Path.of("/p/dist"), Path.of("/p/target/vendor"), "com.example.Backend", true, "backbone.iobind/1.0.0"), argumentFile);
        assertThat(command).containsExactly("/jdk/bin/java", "-Xmx128m", "-Ddone.data=/tmp/my data", "-Dempty=",
                "@" + argumentFile.toAbsolutePath(), "io.iobind.server.dev.ServeLauncher",
                "--host", "127.0.0.1", "--port", "0", "--web-root", "/p/web", "--live-reload", "true",
                "--port-file", "/p/target/serve.port", "--js", "/p/dist", "--webjar", "backbone.iobind/1.0.0",
                "--vendor", "/p/target/vendor",
                "--backend", "com.example.Backend");
        assertThat(Files.readString(argumentFile)).isEqualTo("-cp\n\"/p/classes" + java.io.File.pathSeparator + "/r/a b.jar\"\n");
    }

    @Test
    void optionalPartsAreLeftOut() throws Exception {
        List<String> command = LaunchCommand.build(new LaunchCommand.Spec(Path.of("java"), List.of(), Map.of(), List.of(),
                "0.0.0.0", 1228, null, Path.of("web"), null, null, null, false, null), dir.resolve("java.args"));
        assertThat(command.subList(2, command.size())).containsExactly("io.iobind.server.dev.ServeLauncher",
                "--host", "0.0.0.0", "--port", "1228", "--web-root", "web", "--live-reload", "false");
    }

    @Test
    void argumentFileQuotingFollowsTheJavaLauncher() {
        assertThat(LaunchCommand.quote("C:\\app\\x \"y\".jar")).isEqualTo("\"C:\\\\app\\\\x \\\"y\\\".jar\"");
    }
}
