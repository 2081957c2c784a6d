package io.iobind.example;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link Main} in a child JVM, as {@code java -jar done.jar} runs it; its output is collected for assertions. */
final class DoneProcess implements AutoCloseable {

    private static final Pattern RUNNING = Pattern.compile(Pattern.quote(Main.RUNNING) + "(http://\\S+)");

    final Process process;
    private final StringBuilder output = new StringBuilder();
    private final CompletableFuture<URI> running = new CompletableFuture<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    private DoneProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "done-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Main from the test classpath. */
    static DoneProcess start(String... args) throws IOException {
        return run(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()), args);
    }

    /** {@code java -jar jar args...}. */
    static DoneProcess startJar(Path jar, String... args) throws IOException {
        return run(List.of("-jar", jar.toString()), args);
    }

    private static DoneProcess run(List<String> what, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx128m", "-XX:TieredStopAtLevel=1"));
        command.addAll(what);
        command.addAll(List.of(args));
        return new DoneProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Waits for the start-up line and returns the URL it names. */
    URI awaitRunning() throws Exception {
        try {
            return running.get(60, TimeUnit.SECONDS);
        } catch (Exception failure) {
            throw new AssertionError("the child did not start; its output:\n" + output(), failure);
        }
    }

    /** Waits for the child to end and returns its exit status. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the child did not end; its output:\n" + output());
        }
        return process.exitValue();
    }

    /** Everything the child printed so far (standard output and error). */
    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** Waits until the child's output is complete (it ended and the stream is drained). */
    String finalOutput() throws Exception {
        awaitExit();
        drained.get(10, TimeUnit.SECONDS);
        return output();
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                Matcher matcher = RUNNING.matcher(line);
                if (matcher.find()) {
                    running.complete(URI.create(matcher.group(1)));
                }
            }
        } catch (IOException closed) {
            // the child was killed
        } finally {
            running.completeExceptionally(new IllegalStateException("the child ended before it was running"));
            drained.complete(null);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
