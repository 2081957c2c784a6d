package io.iobind.maven.jstest;

/**
 * One test (or failing hook, or file-level problem) of a spec file.
 *
 * @param fullTitle  the describe titles and the test title, space-separated (mocha's fullTitle)
 * @param title      the test's own title
 * @param outcome    how it ended
 * @param millis     how long it ran
 * @param errorType  the error's name (e.g. AssertionError), null when it passed or was skipped
 * @param message    the error's message, null when it passed or was skipped
 * @param stack      the stack trace with spec/source file names and lines, null when none
 */
public record TestCaseResult(String fullTitle, String title, TestOutcome outcome, long millis, String errorType,
        String message, String stack) {

    static TestCaseResult passed(String fullTitle, String title, long millis) {
        return new TestCaseResult(fullTitle, title, TestOutcome.PASSED, millis, null, null, null);
    }

    static TestCaseResult skipped(String fullTitle, String title) {
        return new TestCaseResult(fullTitle, title, TestOutcome.SKIPPED, 0, null, null, null);
    }
}
