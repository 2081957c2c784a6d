package io.iobind.maven.bundle;

import java.util.List;

/** Closure Compiler rejected a bundle's JavaScript: the user's sources need fixing. */
public class BundleCompilationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<SourceProblem> problems;

    public BundleCompilationException(String bundle, List<SourceProblem> problems) {
        super(problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more error(s) in " + bundle + ")" : ""));
        this.problems = List.copyOf(problems);
    }

    /** Every error, in Closure's order; the first is the one in the message. */
    public List<SourceProblem> problems() {
        return problems;
    }
}
