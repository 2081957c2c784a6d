package io.iobind.server.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * A throwaway {@code redis-server} for a test: started from Debian's binary on a free loopback port with a temporary
 * working folder, no persistence, stopped (and its folder removed) at the end; it can be stopped and started again on
 * the same port to play an outage. Without the binary the test is skipped with one line naming the package, except
 * when {@code CI=true}, where it fails (CI installs it).
 */
final class RedisServerProcess implements AutoCloseable {

    private final Path binary;
    private final Path folder;
    private final int port;
    private Process process;

    private RedisServerProcess(Path binary, Path folder, int port) {
        this.binary = binary;
        this.folder = folder;
        this.port = port;
    }

    /** Starts one, or skips the calling test (fails it under {@code CI=true}) when there is no redis-server. */
    static RedisServerProcess startOrSkip(String testName) throws Exception {
        Path binary = LocalService.binaryOrSkip(testName, "redis-server", "redis-server",
                Path.of("/usr/bin/redis-server"), Path.of("/usr/local/bin/redis-server"));
        RedisServerProcess redis = new RedisServerProcess(binary, Files.createTempDirectory("iobind-redis-"),
                LocalService.freePort());
        redis.start();
        return redis;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Starts redis-server (again) on this port and waits until it answers PING. */
    synchronized void start() throws Exception {
        if (process != null && process.isAlive()) {
            return;
        }
        process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", folder.toString(), "--logfile", folder.resolve("redis.log").toString(),
                "--daemonize", "no")
                .redirectErrorStream(true).redirectOutput(folder.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                fail("redis-server did not answer on port " + port + "; its log:\n" + log());
            }
            Thread.sleep(20);
        }
    }

    /** Stops redis-server at once (what a crash or a restart looks like to its clients). */
    synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.readNBytes(reply, 0, reply.length);
            return new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException notYet) {
            return false;
        }
    }

    String log() {
        return LocalService.readOrSay(folder.resolve("redis.log"));
    }

    @Override
    public void close() throws Exception {
        stop();
        LocalService.deleteTree(folder);
    }
}
