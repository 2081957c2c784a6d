package io.iobind.maven.bundle;

/** Where the build reports progress and warnings (Maven's log in the plugin, a list in tests). */
public interface BuildLog {
    void info(String message);

    void warn(String message);
}
