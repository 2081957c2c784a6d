package io.iobind.server;

import io.iobind.server.demo.InMemoryTodos;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a demo server: the in-memory {@code todo}/{@code todos} resource plus static roots.
 *
 * <pre>
 * java -cp ... io.iobind.server.Main [--host 127.0.0.1] [--port 1228] [--static /=web] [--static /dist=dist]
 *                                    [--allow-origin http://localhost:8080] [--redis redis://127.0.0.1:6379]
 * </pre>
 * It prints {@code listening on <uri>} once bound and stops gracefully on Ctrl-C (or end of standard input
 * with {@code --stop-on-eof}).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        IobindServer.Builder builder = IobindServer.builder();
        boolean stopOnEof = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--host" -> builder.host(value(args, ++i, option));
                case "--port" -> builder.port(Integer.parseInt(value(args, ++i, option)));
                case "--static" -> {
                    String mapping = value(args, ++i, option);
                    int equals = mapping.indexOf('=');
                    if (equals < 1) {
                        throw new IllegalArgumentException("--static expects MOUNT=DIRECTORY, got '" + mapping + "'");
                    }
                    builder.staticRoot(mapping.substring(0, equals), Path.of(mapping.substring(equals + 1)));
                }
                case "--allow-origin" -> builder.allowedOrigins(value(args, ++i, option));
                case "--redis" -> builder.redis(value(args, ++i, option));
                case "--stop-on-eof" -> stopOnEof = true;
                default -> throw new IllegalArgumentException("unknown option '" + option
                        + "' (known: --host, --port, --static MOUNT=DIR, --allow-origin ORIGIN, --redis URL, --stop-on-eof)");
            }
        }
        IobindServer server = builder.build();
        new InMemoryTodos().register(server);
        server.start();
        System.out.println("listening on " + server.uri());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception failure) {
                failure.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "iobind-shutdown"));
        if (stopOnEof) {
            while (System.in.read() != -1) {
                // wait for the end of standard input
            }
            server.stop();
        } else {
            stopped.await();
        }
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
