package io.iobind.server.resource;

/**
 * Handles one ioSync method of a resource. The returned object (any Jackson-serializable value, a
 * {@code JsonNode}, or null) is the ack's data; throwing fails the call with an error ack.
 */
@FunctionalInterface
public interface ResourceHandler<T> {
    Object handle(ResourceRequest<T> request) throws Exception;
}
