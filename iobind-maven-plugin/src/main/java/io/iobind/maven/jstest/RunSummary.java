package io.iobind.maven.jstest;

import java.util.List;

/** The totals of a run over several spec files, in Surefire's terms. */
public record RunSummary(List<SpecFileResult> files) {

    public long count(TestOutcome outcome) {
        return files.stream().mapToLong(f -> f.count(outcome)).sum();
    }

    public long testsRun() {
        return files.stream().mapToLong(f -> f.tests().size()).sum();
    }

    public boolean green() {
        return files.stream().allMatch(SpecFileResult::green);
    }

    /** {@code Tests run: N, Failures: F, Errors: E, Skipped: S}, as Surefire prints it. */
    public String totalsLine() {
        return totals(testsRun(), count(TestOutcome.FAILURE), count(TestOutcome.ERROR), count(TestOutcome.SKIPPED));
    }

    static String totals(long run, long failures, long errors, long skipped) {
        return "Tests run: " + run + ", Failures: " + failures + ", Errors: " + errors + ", Skipped: " + skipped;
    }
}
