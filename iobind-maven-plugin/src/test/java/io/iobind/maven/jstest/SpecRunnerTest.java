package io.iobind.maven.jstest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SpecRunnerTest {

    private static final Path SPECS = Path.of("src", "test", "resources", "specs").toAbsolutePath();
    private static final Path MODULE = Path.of("").toAbsolutePath();

    private static SpecRunner runner;

    @BeforeAll
    static void startEngine() throws Exception {
        runner = new SpecRunner(new SpecRunner.Options(SPECS, MODULE, TestPackages.nodeModules(), 2000, 15_000, 60_000, null),
                StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stopEngine() {
        runner.close();
    }

    private static TestCaseResult test(SpecFileResult result, String title) {
        return result.tests().stream().filter(t -> t.title().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("no test '" + title + "' in " + result));
    }

    @Test
    void passingSpecRunsEveryMochaFeature() {
        SpecFileResult result = runner.run(SPECS.resolve("passing.spec.js"));

        assertThat(result.displayName()).isEqualTo("src/test/resources/specs/passing.spec.js");
        assertThat(result.tests()).as(result.toString()).extracting(TestCaseResult::outcome).containsOnly(
                TestOutcome.PASSED, TestOutcome.SKIPPED);
        assertThat(result.count(TestOutcome.PASSED)).isEqualTo(7);
        assertThat(result.count(TestOutcome.SKIPPED)).isEqualTo(1);
        assertThat(test(result, "waits for done after a timer").millis()).isGreaterThanOrEqualTo(20);
        assertThat(test(result, "sees process and global").fullTitle()).isEqualTo("passing suite nested sees process and global");
    }

    @Test
    void failuresAndErrorsAreToldApartWithStacksNamingTheSpec() {
        SpecFileResult result = runner.run(SPECS.resolve("failing.spec.js"));

        TestCaseResult assertion = test(result, "fails an assertion");
        assertThat(assertion.outcome()).isEqualTo(TestOutcome.FAILURE);
        assertThat(assertion.errorType()).isEqualTo("AssertionError");
        assertThat(assertion.message()).contains("expected 2 to equal 3");
        assertThat(assertion.stack()).contains("src/test/resources/specs/failing.spec.js:6");

        TestCaseResult thrown = test(result, "throws an error");
        assertThat(thrown.outcome()).isEqualTo(TestOutcome.ERROR);
        assertThat(thrown.errorType()).isEqualTo("TypeError");
        assertThat(thrown.stack()).contains("failing.spec.js:10");

        assertThat(test(result, "times out").outcome()).isEqualTo(TestOutcome.ERROR);
        assertThat(test(result, "times out").message()).contains("Timeout of 50ms exceeded");
        assertThat(test(result, "fails inside a timer").message()).contains("boom in a timer");
        assertThat(test(result, "rejects a promise").errorType()).isEqualTo("RangeError");
        assertThat(test(result, "still passes afterwards").outcome()).isEqualTo(TestOutcome.PASSED);
    }

    @Test
    void unhandledRejectionKeepsNodesVerdictButIsPrinted() {
        SpecFileResult result = runner.run(SPECS.resolve("unhandled.spec.js"));

        assertThat(result.tests()).extracting(TestCaseResult::outcome).containsOnly(TestOutcome.PASSED).hasSize(2);
        assertThat(result.output()).contains("nobody catches me");
    }

    @Test
    void nodeBuiltinsBehaveAsUnderNode() {
        SpecFileResult result = runner.run(SPECS.resolve("builtins.spec.js"));

        assertThat(result.green()).as(result.toString()).isTrue();
        assertThat(result.count(TestOutcome.PASSED)).isEqualTo(11);
    }

    @Test
    void syntaxErrorIsReportedWithFileAndLine() {
        SpecFileResult result = runner.run(SPECS.resolve("syntax-error.spec.js"));

        assertThat(result.tests()).singleElement().satisfies(error -> {
            assertThat(error.outcome()).isEqualTo(TestOutcome.ERROR);
            assertThat(error.errorType()).isEqualTo("SyntaxError");
            assertThat(error.message()).contains("src/test/resources/specs/syntax-error.spec.js:3");
        });
    }

    @Test
    void syntaxErrorInARequiredFileNamesThatFile() {
        SpecFileResult result = runner.run(SPECS.resolve("requires-broken.spec.js"));

        assertThat(result.tests()).singleElement().satisfies(error -> {
            assertThat(error.errorType()).isEqualTo("SyntaxError");
            assertThat(error.message()).contains("src/test/resources/specs/fixtures/broken.js:2");
        });
    }

    @Test
    void watchdogStopsAnEndlessLoopAndTheNextFileStillRuns() {
        SpecFileResult hung = runner.run(SPECS.resolve("hung.spec.js"), 1500, null);

        assertThat(test(hung, "passes first").outcome()).isEqualTo(TestOutcome.PASSED);
        TestCaseResult loop = test(hung, "loops forever");
        assertThat(loop.outcome()).isEqualTo(TestOutcome.ERROR);
        assertThat(loop.message()).contains("hung.spec.js", "loops forever", "interrupted");
        assertThat(hung.tests()).extracting(TestCaseResult::title).doesNotContain("is never reached");

        SpecFileResult next = runner.run(SPECS.resolve("only.spec.js"));
        assertThat(next.tests()).extracting(TestCaseResult::title, TestCaseResult::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("is the only one", TestOutcome.PASSED));
    }

    @Test
    void watchdogNamesAHungHook() {
        SpecFileResult hung = runner.run(SPECS.resolve("hung-hook.spec.js"), 1500, null);

        assertThat(hung.tests()).singleElement().satisfies(error -> {
            assertThat(error.outcome()).isEqualTo(TestOutcome.ERROR);
            assertThat(error.message()).contains("hung hook", "before each", "is behind a hung hook", "interrupted");
        });
    }

    @Test
    void requireFindsLockedPackagesIncludingAliases() {
        SpecFileResult result = runner.run(SPECS.resolve("packages.spec.js"));

        assertThat(result.green()).as(result.toString()).isTrue();
        assertThat(result.count(TestOutcome.PASSED)).isEqualTo(4);
    }

    @Test
    void titleFilterRunsOnlyMatchingTests() {
        SpecFileResult result = runner.run(SPECS.resolve("passing.spec.js"), 15_000, "reads files");

        assertThat(result.tests()).extracting(TestCaseResult::title).containsExactly("reads files next to the spec");
    }

    @Test
    void titleFilterMatchesItsTextLiterallyNotAsARegex() {
        SpecFileResult parentheses = runner.run(SPECS.resolve("titles.spec.js"), 15_000, "f(x)");
        assertThat(parentheses.tests()).extracting(TestCaseResult::title).containsExactly("calls f(x) once");

        SpecFileResult unbalanced = runner.run(SPECS.resolve("titles.spec.js"), 15_000, "f[");
        assertThat(unbalanced.tests()).extracting(TestCaseResult::title).containsExactly("calls f[x] once");
    }

    @Test
    void onlyTestsInOneFileRestrictTheWholeRunToThatFileAsInNodesMocha() {
        List<Path> files = List.of(SPECS.resolve("passing.spec.js"), SPECS.resolve("mentions-only.spec.js"),
                SPECS.resolve("only.spec.js"), SPECS.resolve("titles.spec.js"));
        assertThat(SpecSuite.filesWithOnlyTests(runner, files, StandardCharsets.UTF_8)).containsExactly(SPECS.resolve("only.spec.js"));
        assertThat(SpecSuite.filesWithOnlyTests(runner, List.of(SPECS.resolve("mentions-only.spec.js")), StandardCharsets.UTF_8)).isEmpty();
    }

    static List<String> titles(SpecFileResult result) {
        return result.tests().stream().map(TestCaseResult::title).toList();
    }
}
