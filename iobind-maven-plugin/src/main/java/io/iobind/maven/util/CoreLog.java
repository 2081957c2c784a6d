package io.iobind.maven.util;

/**
 * Where the plugin's Maven-free parts report, line by line: Maven's log in the goals, a list in tests. One
 * method, so a test can pass a lambda; {@link #info}, {@link #warn} and {@link #error} are what callers use.
 */
@FunctionalInterface
public interface CoreLog {

    enum Level { INFO, WARN, ERROR }

    void log(Level level, String line);

    default void info(String line) {
        log(Level.INFO, line);
    }

    default void warn(String line) {
        log(Level.WARN, line);
    }

    default void error(String line) {
        log(Level.ERROR, line);
    }

    /** A log that drops everything, for work whose problems are reported elsewhere. */
    static CoreLog silent() {
        return (level, line) -> { };
    }
}
