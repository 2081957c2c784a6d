package io.iobind.maven.bundle;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.iobind.maven.serve.BuildOutcome;
import io.iobind.maven.serve.BundleRebuild;
import io.iobind.maven.util.CoreLog;

import static org.assertj.core.api.Assertions.assertThat;

/** iobind:serve's rebuild with the real BundleBuilder (in this package for SampleProject). */
class ServeRebuildTest {

    @TempDir
    Path dir;

    @Test
    void builtUpToDateBrokenAndMissingBecomeOutcomesNotExceptions() throws Exception {
        SampleProject project = new SampleProject(dir);
        BundleRebuild rebuild = new BundleRebuild(project.settings().build(), CoreLog.silent(), "lib");

        assertThat(rebuild.get()).isEqualTo(BuildOutcome.built(true));
        assertThat(rebuild.get()).as("up to date").isEqualTo(BuildOutcome.built(false));
        String good = project.dist("backbone.iobind.js");

        project.write("model.js", SampleProject.MODEL_JS + "var broken = ;\n");
        BuildOutcome broken = rebuild.get();
        assertThat(broken.ok()).isFalse();
        assertThat(broken.problems()).hasSize(1);
        assertThat(broken.problems().get(0).toString()).isEqualTo("lib/model.js:6:15: Parse error. primary expression expected");
        assertThat(project.dist("backbone.iobind.js")).as("the last good bundle stays").isEqualTo(good);

        Files.delete(project.lib.resolve("model.js"));
        BuildOutcome missing = rebuild.get();
        assertThat(missing.problems()).extracting(BuildOutcome.Problem::file).containsExactly("lib");
        assertThat(missing.problems().get(0).reason()).startsWith("Source file lib/model.js of bundle backbone.iobind does not exist");

        project.write("model.js", SampleProject.MODEL_JS);
        assertThat(rebuild.get()).as("back to the last good sources: outputs already hold those bytes")
                .isEqualTo(BuildOutcome.built(false));
        assertThat(project.dist("backbone.iobind.js")).isEqualTo(good);
    }
}
