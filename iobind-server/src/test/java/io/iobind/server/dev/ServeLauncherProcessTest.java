package io.iobind.server.dev;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.iobind.server.JavaClient.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/** The launcher as iobind:serve runs it: a JVM of its own, controlled through its standard input. */
class ServeLauncherProcessTest {

    @TempDir
    Path dir;

    /** A launcher JVM with its output lines collected. */
    private static final class Child {
        final Process process;
        final BlockingQueue<String> out = new LinkedBlockingQueue<>();
        final List<String> err = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<Thread> pumps = new ArrayList<>();

        Child(Path dir, String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ServeLauncher.class.getName()));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).directory(dir.toFile()).start();
            pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), out::add);
            pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), err::add);
        }

        private void pump(BufferedReader reader, java.util.function.Consumer<String> sink) {
            Thread thread = new Thread(() -> {
                try {
                    reader.lines().forEach(sink);
                } catch (java.io.UncheckedIOException closedByDestroy) {
                    // Process.destroy() closes the pipes; the lines read so far are kept
                }
            }, "test-child-output");
            thread.setDaemon(true);
            thread.start();
            pumps.add(thread);
        }

        String nextLine() throws InterruptedException {
            String line = out.poll(TIMEOUT_SECONDS * 2, TimeUnit.SECONDS);
            assertThat(line).as("a line from the launcher (stderr so far: %s)", err).isNotNull();
            return line;
        }

        int exit() throws InterruptedException {
            assertThat(process.waitFor(TIMEOUT_SECONDS * 2, TimeUnit.SECONDS)).as("launcher exited").isTrue();
            for (Thread pump : pumps) {
                pump.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            }
            return process.exitValue();
        }
    }

    @Test
    void printsTheUrlAnswersAndStopsGracefullyAtTheEndOfItsInput() throws Exception {
        Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("web/index.html"), "<body>hi</body>");
        Path portFile = dir.resolve("serve.port");
        Child child = new Child(dir, "--port", "0", "--port-file", portFile.toString(), "--web-root", "web",
                "--backend", RecordingBackend.class.getName());
        try {
            String listening = child.nextLine();
            assertThat(listening).matches("Listening on http://localhost:\\d+/");
            int port = Integer.parseInt(Files.readString(portFile).trim());
            assertThat(listening).isEqualTo("Listening on http://localhost:" + port + "/");
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).startsWith("<body>hi<script src=\"/__iobind/livereload.js\"");

            try (OutputStream control = child.process.getOutputStream()) {
                control.write("reload\nclear\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(child.nextLine()).isEqualTo("Stopped.");
            assertThat(child.exit()).isZero();
            assertThat(portFile).doesNotExist();
            assertThat(child.err).noneMatch(line -> line.contains("Exception") || line.contains("Ignoring"));
        } finally {
            child.process.destroyForcibly();
        }
    }

    @Test
    void aSignalStopsItGracefullyToo() throws Exception {
        Files.createDirectories(dir.resolve("web"));
        Path portFile = dir.resolve("serve.port");
        Child child = new Child(dir, "--port", "0", "--port-file", portFile.toString(), "--web-root", "web");
        try {
            assertThat(child.nextLine()).startsWith(ServeLauncher.LISTENING);
            assertThat(portFile).exists();
            child.process.destroy(); // SIGTERM; Ctrl-C's SIGINT runs the same shutdown hook
            child.exit();
            assertThat(portFile).as("removed by the graceful stop").doesNotExist();
        } finally {
            child.process.destroyForcibly();
        }
    }

    @Test
    void aBusyPortExitsWithItsCodeAndOneLine() throws Exception {
        Files.createDirectories(dir.resolve("web"));
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Child child = new Child(dir, "--port", String.valueOf(taken.getLocalPort()), "--web-root", "web");
            assertThat(child.exit()).isEqualTo(ServeLauncher.EXIT_PORT_IN_USE);
            assertThat(child.out).isEmpty();
            assertThat(child.err).contains("Port " + taken.getLocalPort() + " on 127.0.0.1 is already in use:"
                    + " set iobind.serve.port to another port (0 picks a free one).");
        }
    }
}
