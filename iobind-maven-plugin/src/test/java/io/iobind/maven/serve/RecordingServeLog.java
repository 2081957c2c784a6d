package io.iobind.maven.serve;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.iobind.maven.util.CoreLog;

/** A serve log that keeps every line as {@code LEVEL line}, for tests to assert; safe to write from any thread. */
final class RecordingServeLog implements CoreLog {

    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void log(Level level, String line) {
        lines.add(level + " " + line);
    }
}
