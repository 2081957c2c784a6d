package io.iobind.server.socketio;

import java.util.Set;

/**
 * Shares the broadcasts of this node with the other nodes of a cluster (several servers behind a load balancer),
 * so that a push made through one node reaches the clients of every node. A relay hands what other nodes publish to
 * {@link Namespace#broadcastLocally}, never publishes it again, and skips what this node published itself.
 */
public interface ClusterRelay extends AutoCloseable {

    /**
     * Called after a broadcast was delivered on this node: other nodes deliver it to their sockets in any of
     * {@code rooms} (all when empty) and in none of {@code except}. Must not block: it runs on handler threads.
     */
    void publish(String namespace, Set<String> rooms, Set<String> except, String event, Object[] args);

    /** Stops relaying; broadcasts are then delivered on this node only. */
    @Override
    void close();
}
