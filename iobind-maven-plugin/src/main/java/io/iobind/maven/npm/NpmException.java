package io.iobind.maven.npm;

/** A problem fetching or reading third-party JavaScript; the message names the package, file or setting. */
public class NpmException extends Exception {

    public NpmException(String message) {
        super(message);
    }

    public NpmException(String message, Throwable cause) {
        super(message, cause);
    }
}
