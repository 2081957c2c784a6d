package io.iobind.server.resource;

/** Who receives the push events a resource sends after a successful create, update, patch or delete. */
public enum BroadcastPolicy {
    /** Every connected client (in the room, if one is set), the sender included. */
    EVERYONE,
    /** Everyone but the client whose request caused the change. */
    OTHERS,
    /** No push events. */
    NONE
}
