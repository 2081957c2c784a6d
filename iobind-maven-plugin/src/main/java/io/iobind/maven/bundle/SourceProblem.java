package io.iobind.maven.bundle;

/**
 * An error or warning from Closure Compiler, placed in the file the user wrote.
 *
 * @param file   path relative to the project (e.g. {@code lib/model.js}), or a wrapper's label
 * @param line   1-based line, or 0 when Closure gave no position
 * @param column 1-based column, or 0 when unknown
 */
public record SourceProblem(String file, int line, int column, String message) {

    /** {@code lib/model.js:12:5: Parse error. ...}, the form editors and CI logs link. */
    @Override
    public String toString() {
        if (line <= 0) {
            return file + ": " + message;
        }
        return file + ":" + line + ":" + Math.max(column, 1) + ": " + message;
    }
}
