package io.iobind.example;

import io.iobind.server.IobindServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs "Done." without Maven: {@code java -jar example/target/done.jar [--port 1228] [--host 127.0.0.1]
 * [--data done-data]}. Serves the page from this jar's (or the classpath's) {@code webapp/} folder, the library from
 * its webjar (io.iobind:iobind-webjar, on the classpath) at {@code /webjars/}, Socket.IO at
 * {@code /socket.io/}, and keeps the todos in an H2 database in the data directory. Prints the URL, runs until
 * Ctrl-C, then stops gracefully: handlers finish and ack, clients are disconnected, the database is closed.
 */
public final class Main {

    static final String USAGE = """
            usage: java -jar done.jar [--port PORT] [--host HOST] [--data DIR] [--jdbc-url URL] [--redis URL]
              --port PORT     port to listen on (default 1228; 0 picks a free one)
              --host HOST     address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
              --data DIR      where the H2 database keeps the todos (default ./done-data)
              --jdbc-url URL  another database instead (the DIR is then unused)
              --redis URL     one node of several: share pushes with the other nodes through Redis
                              (redis://host:port); the nodes then need one database (--jdbc-url)""";

    /** H2's {@code ErrorCode.DATABASE_ALREADY_OPEN_1}: another process has the database file. */
    private static final int DATABASE_ALREADY_OPEN = 90020;

    /** The start-up line; tests and scripts read the URL from it. */
    static final String RUNNING = "Done. is running at ";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs until the JVM is asked to stop; returns a non-zero exit status when it cannot start. */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        IobindServer.Builder builder = IobindServer.builder();
        String host = "127.0.0.1";
        int port = 1228;
        Path data = Path.of("done-data");
        String jdbcUrl = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                switch (option) {
                    case "--port" -> port = portNumber(value(args, ++i, option));
                    case "--host" -> host = value(args, ++i, option);
                    case "--data" -> data = Path.of(value(args, ++i, option));
                    case "--jdbc-url" -> jdbcUrl = value(args, ++i, option);
                    case "--redis" -> builder.redis(value(args, ++i, option));
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + option + "'");
                }
            }
            // A page whose connection breaks for a moment (a network change, a laptop waking up) gets the pushes it
            // missed instead of reading the whole list again.
            builder.host(host).port(port).staticRoot("/", webapp()).connectionStateRecovery(Duration.ofMinutes(2));
        } catch (IllegalArgumentException badOption) {
            err.println("done: " + badOption.getMessage());
            err.println(USAGE);
            return 2;
        }

        DoneBackend backend = new DoneBackend(new DoneSettings(data, jdbcUrl));
        IobindServer server = builder.build();
        try {
            backend.register(server);
            server.start();
        } catch (Exception failure) {
            backend.close();
            if (causedBy(failure, BindException.class)) {
                err.println("done: port " + port + " on " + host + " is in use: stop what uses it or pick another"
                        + " with --port (0 = any free port)");
                return 1;
            }
            if (h2ErrorCode(failure) == DATABASE_ALREADY_OPEN) {
                err.println("done: the data directory " + backend.settings().describe() + " is in use by another"
                        + " server (an H2 file database opens in one process at a time): stop it or pick another"
                        + " with --data");
                return 1;
            }
            err.println("done: cannot start: " + failure.getMessage());
            return 1;
        }
        out.println(RUNNING + server.uri() + "  (todos in " + backend.settings().describe() + "; Ctrl-C stops it)");
        out.flush();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
                backend.close();
            } catch (Exception failure) {
                err.println("done: while stopping: " + failure);
            } finally {
                stopped.countDown();
            }
        }, "done-shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * The page's folder on the classpath: {@code target/classes/webapp} in a build, {@code webapp/} inside
     * {@code done.jar}. Served in place: IobindServer mounts a {@code jar:} folder directly, so nothing is
     * extracted to a temporary directory (which would need cleaning up, and could go stale between versions).
     */
    static URI webapp() {
        URL index = Main.class.getResource("/webapp/index.html");
        if (index == null) {
            throw new IllegalArgumentException("the page (webapp/index.html) is not on the classpath: build the"
                    + " example with `mvn package` (or `mvn install` at the repository root) first");
        }
        if (Main.class.getResource("/webapp/vendor/backbone/backbone-min.js") == null) {
            throw new IllegalArgumentException("the page's third-party scripts (webapp/vendor/) are missing: build"
                    + " the example with `mvn package`, which fetches them (iobind:vendor)");
        }
        String page;
        try (InputStream in = index.openStream()) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new IllegalStateException("unreadable " + index, unreadable);
        }
        for (String script : webjarScripts(page)) {
            if (Main.class.getResource("/META-INF/resources" + script) == null) {
                throw new IllegalArgumentException("the page loads " + script + ", which no webjar on the classpath"
                        + " has: the example needs io.iobind:iobind-webjar of the version the page names (build it"
                        + " with `mvn package` at the repository root)");
            }
        }
        try {
            String text = index.toURI().toString();
            return URI.create(text.substring(0, text.length() - "index.html".length()));
        } catch (URISyntaxException unexpected) {
            throw new IllegalStateException("unreadable classpath location " + index, unexpected);
        }
    }

    /** The scripts a page loads from webjars: the {@code /webjars/...} paths of its {@code <script src>}, in order. */
    static List<String> webjarScripts(String page) {
        List<String> scripts = new ArrayList<>();
        Matcher script = WEBJAR_SCRIPT.matcher(page);
        while (script.find()) {
            scripts.add(script.group(1));
        }
        return scripts;
    }

    private static final Pattern WEBJAR_SCRIPT = Pattern.compile("<script\\s+src=\"(/webjars/[^\"]+)\"");

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int portNumber(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("--port expects a number, got '" + text + "'");
        }
    }

    private static int h2ErrorCode(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() != 0) {
                return sql.getErrorCode();
            }
        }
        return 0;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
