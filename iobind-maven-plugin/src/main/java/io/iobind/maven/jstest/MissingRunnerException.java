package io.iobind.maven.jstest;

/** Spec files to run but nothing to run them with: no mocha in the project's lockfile and none of the plugin's own. */
public final class MissingRunnerException extends Exception {

    public MissingRunnerException(String message) {
        super(message);
    }
}
