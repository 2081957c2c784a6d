package io.iobind.server.transport;

import java.util.List;
import java.util.Map;

/** One Engine.IO session, whatever its transport. Thread-safe. */
public interface EngineSocket {
    String id();

    String transport();

    Map<String, String> query();

    Map<String, List<String>> headers();

    String remoteAddress();

    boolean send(String text);

    boolean send(byte[] data);

    void close();

    void drop();

    boolean isOpen();

    void listener(Listener listener);

    interface Listener {
        void onMessage(String text);

        void onMessage(byte[] data);

        void onClose(String reason);

        default void onUpgrade() {
        }
    }
}
