package io.iobind.maven.mojo;

import org.apache.maven.plugin.logging.Log;

import io.iobind.maven.util.CoreLog;

/** Maven's log as the one the plugin's Maven-free parts write to. */
final class MavenLogs {

    private MavenLogs() {
    }

    static CoreLog core(Log log) {
        return (level, line) -> {
            switch (level) {
                case INFO -> log.info(line);
                case WARN -> log.warn(line);
                case ERROR -> log.error(line);
            }
        };
    }
}
