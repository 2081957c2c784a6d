package io.iobind.maven.serve;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.iobind.maven.util.CoreLog;

/**
 * The forked server JVM: its output is passed on line by line (standard output as info, standard error as
 * warnings), commands go to its standard input, and closing that input stops it gracefully. Until it is up,
 * its error lines are held back, so a start that fails is reported once, by {@link #awaitStarted}.
 */
public final class ServerProcess implements AutoCloseable {

    /** The launcher's line once it answers: {@code Listening on http://localhost:1228/}. */
    static final String LISTENING = "Listening on ";
    /** The launcher's exit code for a port in use. */
    static final int EXIT_PORT_IN_USE = 3;
    static final int EXIT_USAGE = 2;

    /** The server could not start; {@link #getMessage()} is the launcher's own line, for the user. */
    public static final class StartFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean userError;

        StartFailure(String message, boolean userError) {
            super(message);
            this.userError = userError;
        }

        /** True for a mistake the user fixes (port in use, backend class), false for a fault. */
        public boolean userError() {
            return userError;
        }
    }

    /**
     * A log line below warning level on standard error, where SLF4J's simple provider and others write by
     * default ({@code [main] INFO com.example.Store - opened}, {@code 12:00:01.123 [main] DEBUG ...}): shown as
     * info, not as a warning.
     */
    private static final java.util.regex.Pattern INFO_LOG_LINE =
            java.util.regex.Pattern.compile("^(\\S+ )?(\\[[^\\]]*\\] )?\\[?(INFO|DEBUG|TRACE)\\]?\\s");

    private final Process process;
    private final Writer control;
    private final CoreLog log;
    private final CompletableFuture<URI> started = new CompletableFuture<>();
    private final List<String> heldErrors = new ArrayList<>();
    private final List<Thread> pumps = new ArrayList<>();
    private volatile boolean stopping;

    private ServerProcess(Process process, CoreLog log) {
        this.process = process;
        this.log = log;
        this.control = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        pumps.add(pump(process.getInputStream(), this::onOut, "iobind-serve-out"));
        pumps.add(pump(process.getErrorStream(), this::onErr, "iobind-serve-err"));
        process.onExit().thenRun(() -> started.completeExceptionally(new IllegalStateException("exited")));
    }

    public static ServerProcess start(List<String> command, Path workingDirectory, CoreLog log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        return new ServerProcess(builder.start(), log);
    }

    private Thread pump(InputStream stream, Consumer<String> sink, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException closed) {
                // the process is gone
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void onOut(String line) {
        if (!started.isDone() && line.startsWith(LISTENING)) {
            started.complete(URI.create(line.substring(LISTENING.length()).trim()));
            return;
        }
        log.info(line);
    }

    private void onErr(String line) {
        synchronized (heldErrors) {
            if (!started.isDone() || started.isCompletedExceptionally()) {
                heldErrors.add(line);
                return;
            }
        }
        if (INFO_LOG_LINE.matcher(line).find()) {
            log.info(line);
        } else {
            log.warn(line);
        }
    }

    /**
     * Waits until the server answers and returns its address; throws with the launcher's own line when it exits
     * first (e.g. {@code Port 1228 on 127.0.0.1 is already in use: ...}).
     */
    public URI awaitStarted(long timeout, TimeUnit unit) throws StartFailure, InterruptedException {
        try {
            URI uri = started.get(timeout, unit);
            flushHeldErrors();
            return uri;
        } catch (java.util.concurrent.ExecutionException exited) {
            int code = process.waitFor();
            for (Thread pump : pumps) {
                pump.join(TimeUnit.SECONDS.toMillis(5));
            }
            List<String> lines;
            synchronized (heldErrors) {
                lines = new ArrayList<>(heldErrors);
                heldErrors.clear();
            }
            if ((code == EXIT_PORT_IN_USE || code == EXIT_USAGE) && !lines.isEmpty()) {
                String reason = lines.remove(lines.size() - 1);
                lines.forEach(log::warn);
                throw new StartFailure(reason, true);
            }
            lines.forEach(log::error);
            throw new StartFailure("The server process exited with code " + code + " before it answered"
                    + (lines.isEmpty() ? "." : "; its output is above."), false);
        } catch (TimeoutException e) {
            flushHeldErrors();
            close();
            throw new StartFailure("The server did not answer within " + unit.toSeconds(timeout) + " s.", false);
        }
    }

    private void flushHeldErrors() {
        synchronized (heldErrors) {
            heldErrors.forEach(log::warn);
            heldErrors.clear();
        }
    }

    /** Sends one control line ({@code reload}, {@code clear}, {@code error <json>}); ignored once the process is gone. */
    public synchronized void send(String line) {
        if (stopping || !process.isAlive()) {
            return;
        }
        try {
            control.write(line + "\n");
            control.flush();
        } catch (IOException gone) {
            // the server exited; the serve loop notices through waitFor
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code millis} for the process to exit; returns its exit code, or -1 if it is still running. */
    public int waitFor(long millis) throws InterruptedException {
        if (process.waitFor(millis, TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        return -1;
    }

    /** True once {@link #close()} was called: an exit after it is the stop we asked for. */
    public boolean stopping() {
        return stopping;
    }

    /**
     * Stops the server gracefully by closing its input (it drains handlers and closes sockets), and waits for it;
     * after 30 s it is killed.
     */
    @Override
    public void close() {
        synchronized (this) {
            stopping = true;
            try {
                control.close();
            } catch (IOException alreadyClosed) {
                // it has gone already
            }
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                log.warn("The server did not stop within 30 s; killing it.");
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            for (Thread pump : pumps) {
                pump.join(TimeUnit.SECONDS.toMillis(2));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
