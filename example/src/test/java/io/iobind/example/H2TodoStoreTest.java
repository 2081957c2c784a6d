package io.iobind.example;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** {@link TodoStoreTest} on H2, "Done."'s default: a file database in a data directory, as {@link Main} opens it. */
class H2TodoStoreTest extends TodoStoreTest {

    @TempDir
    Path temp;
    private int databases;

    @Override
    String emptyDatabase() {
        return DoneSettings.inDirectory(temp.resolve("data-" + ++databases)).effectiveJdbcUrl();
    }
}
