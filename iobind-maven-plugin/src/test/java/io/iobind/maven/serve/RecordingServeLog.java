package io.iobind.maven.serve;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A serve log that keeps every line as {@code LEVEL line}, for tests to assert; safe to write from any thread. */
final class RecordingServeLog implements ServeLog {

    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String line) {
        lines.add("INFO " + line);
    }

    @Override
    public void warn(String line) {
        lines.add("WARN " + line);
    }

    @Override
    public void error(String line) {
        lines.add("ERROR " + line);
    }
}
