package io.iobind.maven.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of the server JVM: {@code java <jvm args> -D<properties> @<argument file> <launcher> <options>}.
 * The class path goes into a Java argument file, which keeps long class paths under the command-line limits of
 * every system.
 */
public final class LaunchCommand {

    /** The launcher in iobind-server, run by name since the plugin does not load the server's classes. */
    public static final String LAUNCHER = "io.iobind.server.dev.ServeLauncher";

    /** What the server JVM is asked to do. */
    public record Spec(Path java, List<String> jvmArgs, Map<String, String> systemProperties, List<Path> classpath,
                       String host, int port, Path portFile, Path webRoot, Path jsDirectory, Path vendorDirectory,
                       String backend, boolean liveReload, String jsWebjar) {
    }

    private LaunchCommand() {
    }

    /** The command, writing the class path to {@code argumentFile}. */
    public static List<String> build(Spec spec, Path argumentFile) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(spec.java().toString());
        command.addAll(spec.jvmArgs());
        spec.systemProperties().forEach((name, value) -> command.add("-D" + name + "=" + (value == null ? "" : value)));
        Files.createDirectories(argumentFile.toAbsolutePath().getParent());
        Files.writeString(argumentFile, "-cp\n" + quote(String.join(java.io.File.pathSeparator,
                spec.classpath().stream().map(Path::toString).toList())) + "\n", StandardCharsets.UTF_8);
        command.add("@" + argumentFile.toAbsolutePath());
        command.add(LAUNCHER);
        command.addAll(List.of("--host", spec.host(), "--port", String.valueOf(spec.port()), "--web-root", spec.webRoot().toString(),
                "--live-reload", String.valueOf(spec.liveReload())));
        if (spec.portFile() != null) {
            command.addAll(List.of("--port-file", spec.portFile().toString()));
        }
        if (spec.jsDirectory() != null) {
            command.addAll(List.of("--js", spec.jsDirectory().toString()));
        }
        if (spec.jsWebjar() != null) {
            command.addAll(List.of("--webjar", spec.jsWebjar()));
        }
        if (spec.vendorDirectory() != null) {
            command.addAll(List.of("--vendor", spec.vendorDirectory().toString()));
        }
        if (spec.backend() != null) {
            command.addAll(List.of("--backend", spec.backend()));
        }
        return command;
    }

    /** An argument file value in double quotes, with the backslashes and quotes inside escaped (the java launcher's rules). */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
