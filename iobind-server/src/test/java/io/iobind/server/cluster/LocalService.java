package io.iobind.server.cluster;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the tests' throwaway services (redis-server, nginx) share: finding the binary, free ports, cleaning up. */
final class LocalService {

    private LocalService() {
    }

    /**
     * The binary {@code name} on PATH or in {@code usualPlaces}; when there is none, skips the calling test with one
     * line naming Debian's {@code debianPackage}, or fails it under {@code CI=true} (CI installs the package).
     */
    static Path binaryOrSkip(String testName, String name, String debianPackage, Path... usualPlaces) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (Path candidate : usualPlaces) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = testName + ": " + name + " not found, so these tests did not run (install Debian's "
                + debianPackage + " package)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + "; under CI=true they are required");
        }
        System.out.println("[" + testName + "] SKIPPED: " + message);
        assumeTrue(false, message);
        return null;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String readOrSay(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException unreadable) {
            return "(cannot read " + file + ": " + unreadable + ")";
        }
    }

    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            List<Path> deepestFirst = files.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                Files.deleteIfExists(path);
            }
        }
    }
}
