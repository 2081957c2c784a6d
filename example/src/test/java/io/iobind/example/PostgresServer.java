package io.iobind.example;

import com.sun.security.auth.module.UnixSystem;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests, made of the machine's own binaries (Debian's {@code postgresql}
 * package): {@code initdb} into a temporary folder (trust authentication, UTF8, no locale), {@code postgres} on a
 * free loopback port with its Unix socket in that folder, stopped with {@code pg_ctl stop -m fast} and the folder
 * deleted by {@link #close()}, or by a shutdown hook if the test JVM ends first. The server's log goes to
 * {@code server.log} in the folder ({@link #log()}), never to the console.
 *
 * <p>{@code initdb} and {@code postgres} refuse to run as root, and this project's machines and CI run as root:
 * there the binaries run as the unprivileged {@value #UNPRIVILEGED_USER} through util-linux's {@code setpriv}
 * (no PAM session, unlike {@code su}/{@code runuser}), in a folder that user owns. {@code postgres} runs as a
 * child of the test JVM (not daemonized by {@code pg_ctl start}), so {@link #kill()} can SIGKILL it and the JVM
 * reaps it.
 */
final class PostgresServer implements AutoCloseable {

    /** Debian's package with initdb, pg_ctl and postgres (under /usr/lib/postgresql/VERSION/bin, not on PATH). */
    static final String PACKAGE = "postgresql";
    static final String SUPERUSER = "postgres";
    private static final String UNPRIVILEGED_USER = "nobody";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicBoolean SKIP_LINE_PRINTED = new AtomicBoolean();

    private final Path bin;
    private final Path folder;
    private final Path data;
    private final Path log;
    private final List<String> runAs;
    private final Thread cleanupOnExit;
    private int port;
    private Process postmaster;

    private PostgresServer(Path bin, Path folder, List<String> runAs) {
        this.bin = bin;
        this.folder = folder;
        this.data = folder.resolve("data");
        this.log = folder.resolve("server.log");
        this.runAs = runAs;
        this.cleanupOnExit = new Thread(() -> {
            if (!stopAndDelete()) {
                System.err.println("PostgreSQL test server: could not delete " + folder);
            }
        }, "postgres-test-cleanup");
    }

    /**
     * Starts a server, or skips the calling test class when the binaries are missing (one line, once per JVM,
     * naming the package), or fails it when {@code CI=true}, where they are required.
     */
    static PostgresServer startOrSkip() throws IOException {
        Optional<Path> bin = binaries();
        if (bin.isEmpty()) {
            String why = "PostgreSQL's initdb, pg_ctl and postgres are neither on PATH nor in"
                    + " /usr/lib/postgresql/*/bin: apt-get install -y " + PACKAGE;
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("CI=true and PostgreSQL is missing: " + why);
            }
            if (SKIP_LINE_PRINTED.compareAndSet(false, true)) {
                System.out.println("Skipping the PostgreSQL tests: " + why);
            }
            Assumptions.abort(why);
        }
        return start(bin.get());
    }

    /** The folder with initdb, pg_ctl and postgres: from PATH, else Debian's newest /usr/lib/postgresql/N/bin. */
    static Optional<Path> binaries() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    candidates.add(Path.of(entry));
                }
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.filter(version -> version.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .sorted(Comparator.comparingDouble(
                                (Path version) -> Double.parseDouble(version.getFileName().toString())).reversed())
                        .forEach(version -> candidates.add(version.resolve("bin")));
            } catch (IOException unreadable) {
                // Nothing found there, as if it did not exist.
            }
        }
        return candidates.stream()
                .filter(dir -> Stream.of("initdb", "pg_ctl", "postgres")
                        .allMatch(name -> Files.isExecutable(dir.resolve(name))))
                .findFirst();
    }

    static PostgresServer start(Path bin) throws IOException {
        Path folder = Files.createTempDirectory("iobind-pg-");
        List<String> runAs;
        try {
            runAs = new UnixSystem().getUid() == 0 ? dropRootTo(folder) : List.of();
        } catch (IOException | RuntimeException failure) {
            deleteRecursively(folder);
            throw failure;
        }
        PostgresServer server = new PostgresServer(bin, folder, runAs);
        Runtime.getRuntime().addShutdownHook(server.cleanupOnExit);
        try {
            server.initdb();
            server.startPostmaster(true);
            return server;
        } catch (IOException | RuntimeException failure) {
            String log = server.log();
            server.close();
            throw new IOException(failure.getMessage() + (log.isEmpty() ? "" : "\nserver log:\n" + log), failure);
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/NAME?user=postgres} of a new, empty database. */
    String createDatabase(String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return jdbcUrl(name);
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + SUPERUSER;
    }

    /**
     * SIGKILL to the postmaster and every process it started, as in a crash: nothing is shut down cleanly, no
     * checkpoint is written, so the next start has to recover from the WAL. Returns once none of them is left.
     */
    void kill() throws IOException, InterruptedException {
        List<ProcessHandle> children = postmaster.toHandle().descendants().toList();
        postmaster.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        if (!postmaster.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("postgres (pid " + postmaster.pid() + ") outlived SIGKILL for 30 s");
        }
        // A child forked just before the postmaster died (an autovacuum worker, say) is not among those: find the
        // server's processes by their working directory, the data folder, which every one of them changes to.
        // Until they are gone they keep the server's shared memory, and a new server refuses to start.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<ProcessHandle> left;
        while (!(left = processesIn(data)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL processes outlived SIGKILL for 30 s: " + left);
            }
            left.forEach(ProcessHandle::destroyForcibly);
            Thread.sleep(20);
        }
    }

    /** Live processes whose working directory is {@code directory} (Linux's /proc; elsewhere none are found). */
    private static List<ProcessHandle> processesIn(Path directory) throws IOException {
        Path real = directory.toRealPath();
        return ProcessHandle.allProcesses().filter(process -> {
            try {
                return Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd")).equals(real);
            } catch (IOException | UnsupportedOperationException gone) {
                return false; // ended, a zombie (no working directory any more), or no /proc
            }
        }).toList();
    }

    /** Starts the server again on the same folder and port, e.g. after {@link #kill()}. */
    void restart() throws IOException {
        startPostmaster(false);
    }

    /** For {@code @RegisterExtension}: prints the server's log when a test fails (and only then). */
    static TestWatcher logOnFailure(Supplier<PostgresServer> server) {
        return new TestWatcher() {
            @Override
            public void testFailed(ExtensionContext context, Throwable cause) {
                PostgresServer running = server.get();
                if (running != null) {
                    System.out.println("PostgreSQL's log up to the failure of " + context.getDisplayName() + ":\n"
                            + running.log());
                }
            }
        };
    }

    /** What the server has logged so far (empty when nothing or unreadable). */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException unreadable) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException exiting) {
            // The JVM is already shutting down: the hook is running or has run.
        }
        if (!stopAndDelete()) {
            throw new IOException("could not delete " + folder);
        }
    }

    /**
     * The folder becomes {@value #UNPRIVILEGED_USER}'s, and the returned command prefix runs a binary as that
     * user and group with no supplementary groups.
     */
    private static List<String> dropRootTo(Path folder) throws IOException {
        Path setpriv = Stream.of("/usr/bin/setpriv", "/bin/setpriv").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElseThrow(() -> new IOException("running as root, and PostgreSQL refuses to: the"
                        + " tests run it as " + UNPRIVILEGED_USER + " through setpriv, which is missing (Debian's"
                        + " util-linux)"));
        UserPrincipal user = folder.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(UNPRIVILEGED_USER);
        Files.setOwner(folder, user);
        String group = run(List.of("id", "-g", UNPRIVILEGED_USER), folder.getParent()).strip();
        return List.of(setpriv.toString(), "--reuid=" + UNPRIVILEGED_USER, "--regid=" + group, "--clear-groups", "--");
    }

    private void initdb() throws IOException {
        run(command(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER, "--auth=trust",
                "-E", "UTF8", "--no-locale", "--no-sync"), folder);
    }

    /**
     * Runs {@code postgres} and waits until it accepts connections. On a first start a port found free may be
     * taken by the time the server binds it: then another port is tried. After a kill, the killed server's
     * processes may hold its shared memory for a moment: then the start is tried again.
     */
    private void startPostmaster(boolean firstStart) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String lastFailure = "";
        for (int attempt = 1; attempt <= 20 && System.nanoTime() < deadline; attempt++) {
            if (firstStart) {
                port = freePort();
            }
            ProcessBuilder builder = new ProcessBuilder(command(bin.resolve("postgres").toString(),
                    "-D", data.toString(), "-p", Integer.toString(port), "-k", folder.toString(),
                    "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=40", "-c", "shared_buffers=32MB"))
                    .directory(folder.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            quietEnvironment(builder.environment());
            postmaster = builder.start();
            String failure = awaitConnections(deadline);
            if (failure == null) {
                return;
            }
            lastFailure = failure;
            sleep(200);
        }
        throw new IOException("PostgreSQL did not start: " + lastFailure);
    }

    /** Null once a connection succeeds; why not, when the postmaster exits or the deadline passes. */
    private String awaitConnections(long deadline) {
        String lastError = "no attempt";
        while (System.nanoTime() < deadline) {
            if (!postmaster.isAlive()) {
                return "postgres exited with status " + postmaster.exitValue();
            }
            try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres") + "&connectTimeout=5")) {
                return null;
            } catch (SQLException notYet) {
                lastError = notYet.getMessage();
            }
            sleep(50);
        }
        postmaster.destroyForcibly();
        return lastError;
    }

    /**
     * {@code pg_ctl stop -m fast} (SIGINT: sessions ended, a checkpoint, then exit), SIGKILL if that fails; then
     * the folder goes. False when some of it could not be deleted.
     */
    private synchronized boolean stopAndDelete() {
        if (postmaster != null && postmaster.isAlive()) {
            try {
                run(command(bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "fast", "-w",
                        "-t", "30"), folder);
            } catch (IOException | RuntimeException failure) {
                postmaster.destroyForcibly();
            }
            try {
                postmaster.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return deleteRecursively(folder);
    }

    private List<String> command(String... command) {
        List<String> full = new ArrayList<>(runAs);
        full.addAll(List.of(command));
        return full;
    }

    /** Runs a command to its end; its output, or an IOException with that output when it fails. */
    private static String run(List<String> command, Path directory) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        quietEnvironment(builder.environment());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 60 s:\n" + output);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running " + String.join(" ", command), interrupted);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with status " + process.exitValue() + ":\n"
                    + output);
        }
        return output;
    }

    /** No PG* variable of the developer's (PGDATA, PGPORT...) reaches the binaries; messages in plain English. */
    private static void quietEnvironment(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("PG") || name.startsWith("LC_") || name.equals("LANG"));
        environment.put("LC_ALL", "C");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return true;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
            return true;
        } catch (IOException | UncheckedIOException failure) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", interrupted);
        }
    }
}
