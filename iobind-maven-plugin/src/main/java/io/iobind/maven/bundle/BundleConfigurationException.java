package io.iobind.maven.bundle;

/** The build is configured wrongly (or an input cannot be read): not a mistake in the JavaScript itself. */
public class BundleConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    public BundleConfigurationException(String message) {
        super(message);
    }

    public BundleConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
