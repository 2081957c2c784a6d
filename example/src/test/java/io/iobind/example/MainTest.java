package io.iobind.example;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line of {@code java -jar done.jar}: its options and the one-line reasons it will not start. */
class MainTest {

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpListsTheOptions() throws Exception {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("--port PORT", "--host HOST", "--data DIR", "--jdbc-url URL");
        assertThat(err()).isEmpty();
    }

    @Test
    void anUnknownOptionOrABadPortIsNamed() throws Exception {
        assertThat(run("--colour", "blue")).isEqualTo(2);
        assertThat(err()).startsWith("done: unknown option '--colour'\n").contains("usage:");
        err.reset();
        assertThat(run("--port", "twelve")).isEqualTo(2);
        assertThat(err()).startsWith("done: --port expects a number, got 'twelve'\n");
        err.reset();
        assertThat(run("--data")).isEqualTo(2);
        assertThat(err()).startsWith("done: --data needs a value\n");
    }

    @Test
    void aBusyPortFailsWithOneLineNamingIt() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            assertThat(run("--port", Integer.toString(port), "--data", dataDir.toString())).isEqualTo(1);
            assertThat(err()).isEqualTo("done: port " + port + " on 127.0.0.1 is in use: stop what uses it or pick"
                    + " another with --port (0 = any free port)\n");
        }
    }

    @Test
    void thePageLoadsTheLibraryFromTheWebjarOnTheClasspath() throws Exception {
        String page;
        try (InputStream in = Main.class.getResourceAsStream("/webapp/index.html")) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> scripts = Main.webjarScripts(page);

        // The version in the page is the POM's: the iobind-webjar on the classpath is of the example's version.
        assertThat(scripts).hasSize(2).allSatisfy(script -> assertThat(script).startsWith("/webjars/backbone.iobind/"));
        assertThat(scripts.get(0)).endsWith("/backbone.iosync.min.js");
        assertThat(scripts.get(1)).endsWith("/backbone.iobind.min.js");
        for (String script : scripts) {
            try (InputStream in = Main.class.getResourceAsStream("/META-INF/resources" + script)) {
                assertThat(in).as("%s on the classpath", script).isNotNull();
                String name = script.substring(script.lastIndexOf('/') + 1);
                assertThat(in.readAllBytes()).as(script).isEqualTo(Files.readAllBytes(Path.of("..", "dist", name)));
            }
        }
        assertThat(Main.webapp()).isNotNull();
    }

    @Test
    void anUnreachableDatabaseFailsWithOneLineNamingItsUrlWithoutThePassword() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/done?user=done&password=s3cret";
        assertThat(run("--port", "0", "--jdbc-url", url)).isEqualTo(1);
        assertThat(err()).startsWith("done: cannot start: cannot open the todo store at jdbc:postgresql://127.0.0.1:"
                + port + "/done?user=done&password=***: Connection to 127.0.0.1:" + port + " refused")
                .doesNotContain("s3cret").hasLineCount(1);
    }

    private int run(String... args) throws Exception {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
