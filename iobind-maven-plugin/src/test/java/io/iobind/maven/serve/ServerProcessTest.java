package io.iobind.maven.serve;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The forked server as ServerProcess sees it, played by a small Java program that speaks the launcher's lines. */
class ServerProcessTest {

    private static final String FAKE_LAUNCHER = """
            import java.io.*;
            public class FakeLauncher {
                public static void main(String[] args) throws Exception {
                    switch (args[0]) {
                        case "busy" -> { System.err.println("SLF4J: a warning first"); System.err.println("Port 5 on 127.0.0.1 is already in use: set iobind.serve.port to another port (0 picks a free one)."); System.exit(3); }
                        case "crash" -> { System.err.println("Exception in thread main: boom"); System.err.println("\\tat Somewhere"); System.exit(1); }
                        default -> {
                            System.err.println("a warning before start");
                            System.out.println("Listening on http://localhost:5/");
                            System.out.flush();
                            BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
                            String line;
                            while ((line = in.readLine()) != null) {
                                System.out.println("got " + line);
                                System.out.flush();
                                System.err.println("[main] INFO com.example.Backend - handled " + line);
                                System.err.println("[main] WARN com.example.Backend - careful");
                                System.err.flush();
                            }
                            System.out.println("Stopped.");
                        }
                    }
                }
            }
            """;

    @TempDir
    Path dir;

    private final RecordingServeLog serveLog = new RecordingServeLog();
    private final List<String> log = serveLog.lines;

    @BeforeEach
    void writeFake() throws Exception {
        Files.writeString(dir.resolve("FakeLauncher.java"), FAKE_LAUNCHER);
    }

    private ServerProcess start(String mode) throws Exception {
        return ServerProcess.start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "FakeLauncher.java", mode), dir, serveLog);
    }

    @Test
    void reportsTheAddressPassesCommandsAndStopsAtTheEndOfInput() throws Exception {
        ServerProcess server = start("serve");
        try {
            assertThat(server.awaitStarted(60, TimeUnit.SECONDS)).isEqualTo(URI.create("http://localhost:5/"));
            server.send("reload");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!log.contains("WARN [main] WARN com.example.Backend - careful") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.stopping()).isFalse();
        } finally {
            server.close();
        }
        assertThat(server.stopping()).isTrue();
        assertThat(server.isAlive()).isFalse();
        // Standard error and output come through separate pipes: their relative order is not defined.
        assertThat(log).containsExactlyInAnyOrder("WARN a warning before start", "INFO got reload", "INFO Stopped.",
                "INFO [main] INFO com.example.Backend - handled reload", "WARN [main] WARN com.example.Backend - careful");
        assertThat(log.indexOf("INFO got reload")).isLessThan(log.indexOf("INFO Stopped."));
        server.send("reload"); // after the stop: ignored, no failure
    }

    @Test
    void aBusyPortIsTheLaunchersLineOnceAsAUserError() throws Exception {
        ServerProcess server = start("busy");
        assertThatThrownBy(() -> server.awaitStarted(60, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(ServerProcess.StartFailure.class, failure -> assertThat(failure.userError()).isTrue())
                .hasMessage("Port 5 on 127.0.0.1 is already in use: set iobind.serve.port to another port (0 picks a free one).");
        assertThat(log).containsExactly("WARN SLF4J: a warning first");
    }

    @Test
    void aCrashBeforeStartingShowsItsOutputAsErrors() throws Exception {
        ServerProcess server = start("crash");
        assertThatThrownBy(() -> server.awaitStarted(60, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(ServerProcess.StartFailure.class, failure -> assertThat(failure.userError()).isFalse())
                .hasMessage("The server process exited with code 1 before it answered; its output is above.");
        assertThat(log).containsExactly("ERROR Exception in thread main: boom", "ERROR \tat Somewhere");
    }
}
