package io.iobind.maven.jstest;

import java.util.List;

import java.util.Locale;

import io.iobind.maven.util.CoreLog;

/**
 * Prints results the way Surefire does, so people and CI log scrapers read them alike: a {@code Running} line and a
 * {@code Tests run: ... - in <file>} line per spec file, each failure with its message and stack, then the results.
 */
public final class ConsoleReport {

    private final CoreLog out;
    private final boolean showOutput;

    /**
     * @param showOutput print what each spec file wrote to the console (else only for files that failed)
     */
    public ConsoleReport(CoreLog out, boolean showOutput) {
        this.out = out;
        this.showOutput = showOutput;
    }

    /** Says that {@code .only} restricts the run, as mocha does across all files, and which files keep tests. */
    public void onlyIn(List<String> displayNames) {
        out.info("Tests marked .only found: running only those, in " + String.join(", ", displayNames));
    }

    /** Says which mocha and chai run the specs (the project's locked ones or the plugin's own). */
    public void libraries(String line) {
        out.info(line);
    }

    public void running(String displayName) {
        out.info("Running " + displayName);
    }

    public void file(SpecFileResult result) {
        if (!result.output().isEmpty() && (showOutput || !result.green())) {
            for (String line : result.output().split("\\R")) {
                out.info(line);
            }
        }
        String line = RunSummary.totals(result.tests().size(), result.count(TestOutcome.FAILURE), result.count(TestOutcome.ERROR),
                result.count(TestOutcome.SKIPPED)) + ", Time elapsed: " + seconds(result.millis()) + " s";
        if (result.green()) {
            out.info(line + " - in " + result.displayName());
            return;
        }
        out.error(line + " <<< FAILURE! - in " + result.displayName());
        for (TestCaseResult test : result.tests()) {
            if (test.outcome() == TestOutcome.FAILURE || test.outcome() == TestOutcome.ERROR) {
                out.error(test.fullTitle() + "  Time elapsed: " + seconds(test.millis()) + " s  <<< "
                        + (test.outcome() == TestOutcome.FAILURE ? "FAILURE!" : "ERROR!"));
                out.error(test.errorType() + ": " + test.message());
                if (test.stack() != null) {
                    for (String frame : test.stack().split("\n")) {
                        out.error(frame);
                    }
                }
            }
        }
    }

    public void summary(RunSummary summary) {
        out.info("");
        out.info("Results:");
        out.info("");
        listProblems(summary, TestOutcome.FAILURE, "Failures:");
        listProblems(summary, TestOutcome.ERROR, "Errors:");
        if (summary.green()) {
            out.info(summary.totalsLine());
        } else {
            out.error(summary.totalsLine());
        }
        out.info("");
    }

    private void listProblems(RunSummary summary, TestOutcome outcome, String heading) {
        if (summary.count(outcome) == 0) {
            return;
        }
        out.error(heading);
        for (SpecFileResult file : summary.files()) {
            for (TestCaseResult test : file.tests()) {
                if (test.outcome() == outcome) {
                    String where = test.stack() == null ? file.displayName() : firstFrameLocation(test.stack(), file.displayName());
                    out.error("  " + where + " " + test.fullTitle() + ": " + firstLine(test.message()));
                }
            }
        }
        out.info("");
    }

    /** The spec's own location from the stack, e.g. {@code js-src/test/sync.spec.js:12}, else the file name. */
    static String firstFrameLocation(String stack, String displayName) {
        for (String frame : stack.split("\n")) {
            int at = frame.indexOf(displayName + ":");
            if (at >= 0) {
                String rest = frame.substring(at + displayName.length() + 1);
                int end = 0;
                while (end < rest.length() && Character.isDigit(rest.charAt(end))) {
                    end++;
                }
                if (end > 0) {
                    return displayName + ":" + rest.substring(0, end);
                }
            }
        }
        return displayName;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
