package io.iobind.server.socketio;

/**
 * A value that is already JSON text: written into a packet verbatim, so a reply serialized once (e.g. by the
 * resource API's mapper) is neither parsed nor written a second time.
 */
public interface JsonText {

    /** The JSON text; must be one valid JSON value. */
    String json();
}
