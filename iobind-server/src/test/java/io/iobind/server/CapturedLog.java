package io.iobind.server;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

    @Override
    public void close() {
        System.setErr(originalErr);
        for (Logger logger : julLoggers) {
            logger.removeHandler(julHandler);
            logger.setUseParentHandlers(true);
        }
    }
}
