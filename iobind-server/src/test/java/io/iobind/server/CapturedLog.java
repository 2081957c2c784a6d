package io.iobind.server;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the server logs while a test provokes errors on purpose, kept out of the build's output so the test can
 * assert it: slf4j-simple's lines (it looks {@code System.err} up on every line) and, for the named
 * java.util.logging loggers (socket.io-server logs through them), their records.
 */
public final class CapturedLog implements AutoCloseable {

    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<String> julLines = new CopyOnWriteArrayList<>();
    private final List<Logger> julLoggers;
    private final Handler julHandler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            Throwable thrown = record.getThrown();
            julLines.add(record.getLevel() + " " + record.getLoggerName() + " - " + record.getMessage()
                    + (thrown == null ? "" : ": " + thrown));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private CapturedLog(List<String> julLoggerNames) {
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        julLoggers = julLoggerNames.stream().map(Logger::getLogger).toList();
        for (Logger logger : julLoggers) {
            logger.setUseParentHandlers(false);
            logger.addHandler(julHandler);
        }
    }

    /** Starts capturing; {@code julLoggerNames} are java.util.logging loggers (and their children) to capture too. */
    public static CapturedLog start(String... julLoggerNames) {
        return new CapturedLog(List.of(julLoggerNames));
    }

    /** Everything captured so far, one entry a line. */
    public List<String> lines() {
        List<String> lines = new java.util.ArrayList<>(err.toString(StandardCharsets.UTF_8).lines().toList());
        lines.addAll(julLines);
        return lines;
    }

    /**
     * Waits until a captured line contains every one of {@code fragments} and returns it; fails, showing what was
     * captured, if none does within {@link JavaClient#TIMEOUT_SECONDS}. For lines a server thread may log after
     * the client has already seen the outcome (a closed connection, a refused request).
     */
    public String awaitLine(String... fragments) {
        return awaitLines(1, fragments).get(0);
    }

    /**
     * Waits until at least {@code count} captured lines contain every one of {@code fragments} and returns all the
     * lines that do; fails, showing what was captured, if fewer do within {@link JavaClient#TIMEOUT_SECONDS}.
     */
    public List<String> awaitLines(int count, String... fragments) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JavaClient.TIMEOUT_SECONDS);
        while (true) {
            List<String> matching = lines().stream()
                    .filter(line -> Arrays.stream(fragments).allMatch(line::contains)).toList();
            if (matching.size() >= count) {
                return matching;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("expected " + count + " logged line(s) containing " + Arrays.toString(fragments)
                        + " within " + JavaClient.TIMEOUT_SECONDS + " s, found " + matching.size() + "; captured:\n"
                        + String.join("\n", lines()));
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for a logged line", interrupted);
            }
        }
    }

    @Override
    public void close() {
        System.setErr(originalErr);
        for (Logger logger : julLoggers) {
            logger.removeHandler(julHandler);
            logger.setUseParentHandlers(true);
        }
    }
}
