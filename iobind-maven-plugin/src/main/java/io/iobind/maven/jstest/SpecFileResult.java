package io.iobind.maven.jstest;

import java.util.List;

/**
 * What running one spec file gave.
 *
 * @param displayName the file's name relative to the display root, e.g. {@code js-src/test/sync.spec.js}
 * @param tests       its tests in the order they ended, including file-level errors (syntax error, hang)
 * @param millis      wall time for the file, loading included
 * @param output      what the specs printed (console, process.stdout)
 */
public record SpecFileResult(String displayName, List<TestCaseResult> tests, long millis, String output) {

    public long count(TestOutcome outcome) {
        return tests.stream().filter(t -> t.outcome() == outcome).count();
    }

    public boolean green() {
        return count(TestOutcome.FAILURE) == 0 && count(TestOutcome.ERROR) == 0;
    }
}
