package io.iobind.example;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where "Done." keeps its todos: a data directory for the embedded H2 database, or any JDBC URL.
 *
 * <p>{@code iobind:serve} creates the backend with its no-argument constructor, so the settings come from system
 * properties there: {@value #DATA_DIR_PROPERTY} (default {@value #DEFAULT_DATA_DIR}, relative to the working
 * directory, which is the module's folder under {@code iobind:serve}) and {@value #JDBC_URL_PROPERTY}, which
 * replaces the H2 file database altogether, e.g. {@code jdbc:postgresql://db.example:5432/done?user=done} for a
 * database several nodes share ({@link TodoStore} creates its table there on first start).
 */
public record DoneSettings(Path dataDir, String jdbcUrl) {

    public static final String DATA_DIR_PROPERTY = "done.dataDir";
    public static final String JDBC_URL_PROPERTY = "done.jdbcUrl";
    public static final String DEFAULT_DATA_DIR = "target/done-data";

    /** {@code password=} after {@code ?}, {@code &} or {@code ;}, up to the next separator. */
    private static final Pattern PASSWORD = Pattern.compile("(?i)([?&;]password=)[^&;]*");

    public DoneSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        if (jdbcUrl != null && jdbcUrl.isBlank()) {
            jdbcUrl = null;
        }
    }

    /** The H2 file database in {@code dataDir}. */
    public static DoneSettings inDirectory(Path dataDir) {
        return new DoneSettings(dataDir, null);
    }

    public static DoneSettings fromSystemProperties() {
        String dataDir = System.getProperty(DATA_DIR_PROPERTY);
        return new DoneSettings(Path.of(dataDir == null || dataDir.isBlank() ? DEFAULT_DATA_DIR : dataDir),
                System.getProperty(JDBC_URL_PROPERTY));
    }

    /**
     * The JDBC URL the store opens: the configured one, else an H2 file database {@code done} in the data
     * directory. {@code DB_CLOSE_ON_EXIT=FALSE}: the backend closes the database itself after the server has
     * drained its handlers, instead of H2's own shutdown hook closing it under a handler still writing.
     */
    public String effectiveJdbcUrl() {
        if (jdbcUrl != null) {
            return jdbcUrl;
        }
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("done") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /**
     * What the log and the start-up line say about where the data lives: the data directory, or the JDBC URL
     * with a password in it ({@code password=...}, as PostgreSQL's and H2's drivers take it) replaced by
     * {@code ***}.
     */
    public String describe() {
        return jdbcUrl != null ? withoutPassword(jdbcUrl) : dataDir.toAbsolutePath().normalize().toString();
    }

    static String withoutPassword(String jdbcUrl) {
        return PASSWORD.matcher(jdbcUrl).replaceAll("$1***");
    }
}
