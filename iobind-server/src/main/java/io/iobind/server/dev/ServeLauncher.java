package io.iobind.server.dev;

import com.fasterxml.jackson.databind.JsonNode;
import io.iobind.server.IobindBackend;
import io.iobind.server.IobindServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The server process of {@code iobind:serve}: an {@link IobindServer} with the web root at {@code /}, the
 * library's bundles at {@code /js/} (and, with {@code --webjar NAME/VERSION}, at {@code /webjars/NAME/VERSION/} too, ahead
 * of that webjar on the class path), pinned third-party scripts at {@code /vendor/}, an application's
 * {@link IobindBackend}, and live reload. The plugin runs it in a JVM of its own on the project's runtime
 * classpath, so the application's classes and Jetty never meet the plugin's.
 *
 * <pre>
 * java -cp ... io.iobind.server.dev.ServeLauncher --web-root DIR [--host 127.0.0.1] [--port 1228] [--port-file FILE]
 *      [--js DIR [--webjar NAME/VERSION]] [--vendor DIR] [--backend CLASS] [--live-reload true|false]
 * </pre>
 * It prints {@code Listening on http://localhost:<port>/} once it answers, writes the port to the port file,
 * then reads {@link ControlChannel} commands from standard input; the end of standard input, or Ctrl-C, stops
 * it gracefully: the live-reload streams end, the server stops (handlers drained, sockets closed), then the
 * backend is closed. Exit codes: 0 stopped, 1 failed, {@value #EXIT_USAGE} bad arguments or backend class,
 * {@value #EXIT_PORT_IN_USE} port in use.
 */
public final class ServeLauncher {

    public static final String JS_MOUNT = "/js";
    public static final String VENDOR_MOUNT = "/vendor";
    public static final String WEBJARS_MOUNT = "/webjars";
    public static final String LISTENING = "Listening on ";
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_PORT_IN_USE = 3;

    private ServeLauncher() {
    }

    /** The command line, parsed. */
    public record Options(String host, int port, Path portFile, Path webRoot, Path jsDirectory, Path vendorDirectory,
                          String backend, boolean liveReload, String jsWebjar) {

        public Options {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(webRoot, "webRoot");
            if (jsWebjar != null) {
                String[] parts = jsWebjar.split("/", -1);
                if (parts.length != 2 || Stream.of(parts).anyMatch(part -> part.isBlank() || part.startsWith("."))) {
                    throw new IllegalArgumentException("--webjar expects NAME/VERSION (e.g. backbone.iobind/1.0.0), got '"
                            + jsWebjar + "'");
                }
                if (jsDirectory == null) {
                    throw new IllegalArgumentException("--webjar needs --js: it serves the bundles of that folder");
                }
            }
        }

        public static Options parse(String... args) {
            String host = "127.0.0.1";
            int port = 1228;
            Path portFile = null;
            Path webRoot = null;
            Path js = null;
            Path vendor = null;
            String backend = null;
            boolean liveReload = true;
            String webjar = null;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                String value = i + 1 < args.length ? args[++i] : null;
                if (value == null) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                switch (option) {
                    case "--host" -> host = value;
                    case "--port" -> {
                        try {
                            port = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--port expects a number, got '" + value + "'");
                        }
                    }
                    case "--port-file" -> portFile = Path.of(value);
                    case "--web-root" -> webRoot = Path.of(value);
                    case "--js" -> js = Path.of(value);
                    case "--vendor" -> vendor = Path.of(value);
                    case "--backend" -> backend = value.isBlank() ? null : value;
                    case "--live-reload" -> liveReload = Boolean.parseBoolean(value);
                    case "--webjar" -> webjar = value.isBlank() ? null : value;
                    default -> throw new IllegalArgumentException("unknown option '" + option + "' (known: --host, --port,"
                            + " --port-file, --web-root, --js, --webjar, --vendor, --backend, --live-reload)");
                }
            }
            if (webRoot == null) {
                throw new IllegalArgumentException("--web-root is required");
            }
            return new Options(host, port, portFile, webRoot, js, vendor, backend, liveReload, webjar);
        }
    }

    /** The port asked for is taken by another process. */
    public static final class PortInUseException extends Exception {
        private static final long serialVersionUID = 1L;

        PortInUseException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The backend class cannot be used: not found, not an {@link IobindBackend}, or no public no-arg constructor. */
    public static final class BadBackendException extends Exception {
        private static final long serialVersionUID = 1L;

        BadBackendException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A started dev server; {@link #stop()} is safe to call more than once and from a shutdown hook. */
    public static final class Running implements ControlChannel.Target {
        private final IobindServer server;
        private final IobindBackend backend;
        private final LiveReload liveReload;
        private final Path portFile;
        private final PrintStream err;
        private boolean stopped;

        private Running(IobindServer server, IobindBackend backend, LiveReload liveReload, Path portFile, PrintStream err) {
            this.server = server;
            this.backend = backend;
            this.liveReload = liveReload;
            this.portFile = portFile;
            this.err = err;
        }

        public IobindServer server() {
            return server;
        }

        /** The address to open in a browser: {@code http://localhost:<port>/} when bound to loopback or every interface. */
        public URI browserUri() {
            return ServeLauncher.browserUri(server.host(), server.port());
        }

        /** Null when live reload is off. */
        public LiveReload liveReload() {
            return liveReload;
        }

        @Override
        public void reload() {
            if (liveReload != null) {
                liveReload.reload();
            }
        }

        @Override
        public void error(JsonNode problems) {
            if (liveReload != null) {
                liveReload.error(problems);
            }
        }

        @Override
        public void clear() {
            if (liveReload != null) {
                liveReload.clear();
            }
        }

        /** Ends live-reload streams, stops the server (handlers drained, sockets closed), then closes the backend. */
        public synchronized void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            if (liveReload != null) {
                liveReload.close();
            }
            try {
                server.stop();
            } catch (Exception e) {
                err.println("Stopping the server failed: " + e);
            }
            closeBackend(backend, err);
            if (portFile != null) {
                try {
                    Files.deleteIfExists(portFile);
                } catch (IOException e) {
                    err.println("Cannot delete the port file " + portFile + ": " + e);
                }
            }
        }
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("ServeLauncher: " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        Running running;
        try {
            running = start(options, err);
        } catch (PortInUseException e) {
            err.println(e.getMessage());
            System.exit(EXIT_PORT_IN_USE);
            return;
        } catch (BadBackendException e) {
            err.println(e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        } catch (Exception e) {
            err.println("The server failed to start: " + e);
            e.printStackTrace(err);
            System.exit(EXIT_FAILED);
            return;
        }
        // Ctrl-C reaches Maven and this process alike: stop gracefully here too.
        Thread hook = new Thread(running::stop, "iobind-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println(LISTENING + running.browserUri());
        out.flush();
        try {
            ControlChannel.run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), running, err::println);
        } catch (IOException e) {
            err.println("Reading commands failed (" + e + "); stopping.");
        }
        running.stop();
        out.println("Stopped.");
        out.flush();
        System.exit(0);
    }

    /**
     * Builds and starts the server: instantiates and registers the backend, binds, writes the port file. On
     * failure the backend is closed again.
     */
    public static Running start(Options options, PrintStream err) throws Exception {
        Path webRoot = options.webRoot().toAbsolutePath().normalize();
        if (!Files.isDirectory(webRoot)) {
            throw new IllegalArgumentException("the web root " + webRoot + " is not a directory");
        }
        IobindServer.Builder builder = IobindServer.builder().host(options.host()).port(options.port()).staticRoot("/", webRoot);
        if (options.jsDirectory() != null) {
            builder.staticRoot(JS_MOUNT, Files.createDirectories(options.jsDirectory()));
            if (options.jsWebjar() != null) {
                // A longer mount than the webjars' /webjars/*: the bundles as rebuilt win over the webjar's copy.
                builder.staticRoot(WEBJARS_MOUNT + "/" + options.jsWebjar(), options.jsDirectory());
            }
        }
        if (options.vendorDirectory() != null) {
            builder.staticRoot(VENDOR_MOUNT, Files.createDirectories(options.vendorDirectory()));
        }
        LiveReload liveReload = options.liveReload() ? new LiveReload() : null;
        if (liveReload != null) {
            for (LiveReload.Mount mount : liveReload.mounts()) {
                builder.servlet(mount.path(), mount.servlet());
            }
        }
        builder.filter("/*", new DevPageFilter(webRoot, liveReload));
        IobindServer server = builder.build();
        IobindBackend backend = options.backend() == null ? null : instantiate(options.backend());
        boolean started = false;
        try {
            if (backend != null) {
                backend.register(server);
            }
            try {
                server.start();
            } catch (Exception e) {
                if (isBindFailure(e)) {
                    throw new PortInUseException("Port " + options.port() + " on " + options.host() + " is already in use:"
                            + " set iobind.serve.port to another port (0 picks a free one).", e);
                }
                throw e;
            }
            started = true;
            if (options.portFile() != null) {
                writePortFile(options.portFile(), server.port());
            }
        } catch (Exception e) {
            if (liveReload != null) {
                liveReload.close();
            }
            if (started) {
                server.stop();
            }
            closeBackend(backend, err);
            throw e;
        }
        return new Running(server, backend, liveReload, options.portFile(), err);
    }

    static URI browserUri(String host, int port) {
        String shown = host;
        try {
            InetAddress address = InetAddress.getByName(host);
            if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
                shown = "localhost";
            }
        } catch (UnknownHostException unresolvable) {
            // show it as configured
        }
        if (shown.contains(":")) {
            shown = "[" + shown + "]";
        }
        return URI.create("http://" + shown + ":" + port + "/");
    }

    private static IobindBackend instantiate(String className) throws BadBackendException {
        String where = " (parameter backend / iobind.serve.backend)";
        Class<?> type;
        try {
            type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new BadBackendException("Backend class " + className + " is not on the project's runtime classpath" + where
                    + ": " + e, e);
        }
        if (!IobindBackend.class.isAssignableFrom(type)) {
            throw new BadBackendException("Backend class " + className + " does not implement " + IobindBackend.class.getName()
                    + where + ".", null);
        }
        try {
            return (IobindBackend) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new BadBackendException("Backend class " + className + " needs a public no-argument constructor" + where + ".", e);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new BadBackendException("Creating the backend " + className + " failed: " + cause, cause);
        }
    }

    private static boolean isBindFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void writePortFile(Path portFile, int port) throws IOException {
        Path absolute = portFile.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
        Files.writeString(temp, port + "\n", StandardCharsets.UTF_8);
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void closeBackend(IobindBackend backend, PrintStream err) {
        if (backend == null) {
            return;
        }
        try {
            backend.close();
        } catch (Exception e) {
            err.println("Closing the backend " + backend.getClass().getName() + " failed: " + e);
        }
    }
}
