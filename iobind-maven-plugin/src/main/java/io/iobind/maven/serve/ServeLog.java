package io.iobind.maven.serve;

/** Where {@code iobind:serve}'s core reports: Maven's log in the plugin, a list in tests. */
public interface ServeLog {
    void info(String line);

    void warn(String line);

    void error(String line);
}
