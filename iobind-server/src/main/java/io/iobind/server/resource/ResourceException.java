package io.iobind.server.resource;

/**
 * A failure a handler reports to the client: it becomes the error ack {@code {message, code}}.
 * Codes follow HTTP status meanings, which Backbone users already know (400, 404, 409, ...).
 */
public class ResourceException extends RuntimeException {

    public static final int BAD_REQUEST = 400;
    public static final int NOT_FOUND = 404;
    public static final int CONFLICT = 409;
    public static final int PAYLOAD_TOO_LARGE = 413;
    public static final int TOO_MANY_REQUESTS = 429;
    public static final int INTERNAL_ERROR = 500;
    public static final int UNAVAILABLE = 503;

    private final int code;

    public ResourceException(int code, String message) {
        super(message);
        this.code = code;
    }

    public ResourceException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ResourceException badRequest(String message) {
        return new ResourceException(BAD_REQUEST, message);
    }

    public static ResourceException notFound(String message) {
        return new ResourceException(NOT_FOUND, message);
    }

    public static ResourceException conflict(String message) {
        return new ResourceException(CONFLICT, message);
    }
}
