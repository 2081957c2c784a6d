package io.iobind.maven.serve;

import java.util.List;

/**
 * What a rebuild of the bundles came to: built (and whether any output's bytes changed), or the problems that
 * stopped it (then nothing was written and the server keeps serving the last good bundles).
 */
public record BuildOutcome(boolean wroteOutputs, List<Problem> problems) {

    /** One thing the user has to fix: {@code file:line:column: reason}; line and column 0 when unknown. */
    public record Problem(String file, int line, int column, String reason) {
        @Override
        public String toString() {
            return line <= 0 ? file + ": " + reason : file + ":" + line + ":" + Math.max(column, 1) + ": " + reason;
        }
    }

    public BuildOutcome {
        problems = List.copyOf(problems);
    }

    public static BuildOutcome built(boolean wroteOutputs) {
        return new BuildOutcome(wroteOutputs, List.of());
    }

    public static BuildOutcome failed(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a failed build names at least one problem");
        }
        return new BuildOutcome(false, problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
