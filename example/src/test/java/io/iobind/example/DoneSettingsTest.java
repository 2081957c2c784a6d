package io.iobind.example;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What the start-up line and the log say about where the todos are: never a password. */
class DoneSettingsTest {

    @Test
    void aPasswordInTheJdbcUrlIsNotShown() {
        assertThat(describe("jdbc:postgresql://db:5432/done?user=done&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/done?user=done&password=***&ssl=true");
        assertThat(describe("jdbc:postgresql://db/done?PASSWORD=s3cret"))
                .isEqualTo("jdbc:postgresql://db/done?PASSWORD=***");
        assertThat(describe("jdbc:h2:tcp://db/done;USER=sa;PASSWORD=s3cret"))
                .isEqualTo("jdbc:h2:tcp://db/done;USER=sa;PASSWORD=***");
        assertThat(describe("jdbc:postgresql://db/done?user=done")).isEqualTo("jdbc:postgresql://db/done?user=done");
    }

    @Test
    void withoutAUrlTheDataDirectoryIsTheH2FileDatabase() {
        DoneSettings settings = DoneSettings.inDirectory(Path.of("some", "dir"));
        assertThat(settings.effectiveJdbcUrl()).startsWith("jdbc:h2:file:").endsWith("done;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(settings.describe()).isEqualTo(Path.of("some", "dir").toAbsolutePath().toString());
    }

    private static String describe(String jdbcUrl) {
        return new DoneSettings(Path.of("unused"), jdbcUrl).describe();
    }
}
