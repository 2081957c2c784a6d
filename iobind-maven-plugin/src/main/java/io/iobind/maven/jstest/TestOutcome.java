package io.iobind.maven.jstest;

/** How one test ended, in Surefire's categories. */
public enum TestOutcome {
    /** Passed. */
    PASSED,
    /** An assertion did not hold (chai/assert {@code AssertionError}). */
    FAILURE,
    /** Anything else went wrong: an exception, a timeout, a failing hook, a syntax error, a hung loop. */
    ERROR,
    /** Pending: {@code it.skip}, {@code this.skip()}, an {@code it} without a body, or left out by {@code .only}. */
    SKIPPED
}
