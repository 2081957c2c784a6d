// Fault soak of iobind-server, written against the network protocol only (Engine.IO v4 / Socket.IO v5 and the
// ioSync resource events), so it judges whichever server is built. Started by bench/soak/run.sh; runs with Java's
// single-file launcher: java -cp CP FaultSoak.java
//
// The demo server runs in its own process. Healthy clients (the official Java client) do acked CRUD the whole
// time and record every push; misbehaving clients come and go, each kind on its own schedule (non-readers,
// RST mid-frame, polling clients vanishing mid-poll, reconnect storms, malformed and oversized frames, events
// without acks and unknown events). At the end the run checks the store, the pushes, the acks, the server's
// RSS and threads against a baseline taken after a warm-up, and that its CPU returns to idle. Exit status 1 when
// any check fails.

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.json.JSONArray;
import org.json.JSONObject;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class FaultSoak {

    // ---- configuration (system properties set by run.sh) ----
    static final double SOAK_SECONDS = Double.parseDouble(System.getProperty("soak.seconds", "300"));
    static final int HEALTHY = Integer.parseInt(System.getProperty("soak.healthy", "20"));
    static final double WARMUP_SECONDS = Double.parseDouble(System.getProperty("soak.warmup", "20"));
    static final double SETTLE_SECONDS = Double.parseDouble(System.getProperty("soak.settle", "65"));
    static final long THINK_MS = Long.parseLong(System.getProperty("soak.thinkMs", "50"));
    static final long ACK_TIMEOUT_MS = Long.parseLong(System.getProperty("soak.ackTimeoutMs", "10000"));
    static final int STORM_CLIENTS = Integer.parseInt(System.getProperty("soak.stormClients", "50"));
    static final double BIG_PERCENT = Double.parseDouble(System.getProperty("soak.bigPercent", "10"));
    /** A non-reader is held at most this long: under the default ping interval (25 s), so only its full buffers can be the reason for a drop. */
    static final long NON_READER_HOLD_MS = 20_000;
    /** Limits of the checks (fixed before the first run; do not tune them to a result). */
    static final double MAX_RSS_GROWTH = 1.05;
    static final double MAX_THREAD_GROWTH = 1.05;
    static final double MAX_IDLE_CPU_PERCENT = 2.0;
    /**
     * A non-reader that was not dropped fails the drop check only when more was pushed while it was held than the
     * kernel can buffer (the largest TCP send buffer, {@code net.ipv4.tcp_wmem}'s maximum) plus 16 MB, the byte cap
     * per client that iobind-server's configuration documents as its default ({@code maxOutgoingBytes}).
     */
    static final long NON_READER_CONCLUSIVE_BYTES = kernelSendBufferMax() + (16L << 20);

    static long kernelSendBufferMax() {
        try {
            String[] wmem = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_wmem")).trim().split("\\s+");
            return Long.parseLong(wmem[2]);
        } catch (Exception unknown) {
            return 4L << 20;
        }
    }

    static final okhttp3.OkHttpClient HTTP;

    static {
        okhttp3.Dispatcher dispatcher = new okhttp3.Dispatcher();
        dispatcher.setMaxRequests(10_000);
        dispatcher.setMaxRequestsPerHost(10_000);
        HTTP = new okhttp3.OkHttpClient.Builder().dispatcher(dispatcher)
                .connectionPool(new okhttp3.ConnectionPool(200, 1, TimeUnit.MINUTES))
                .readTimeout(2, TimeUnit.MINUTES).build();
    }

    /**
     * An HTTP client of its own for a misbehaving Java client (storm, unacked events): its keep-alive connections
     * are closed when the client leaves ({@link #release}), so they are not left open on the server by us.
     */
    static okhttp3.OkHttpClient ownHttp() {
        okhttp3.Dispatcher dispatcher = new okhttp3.Dispatcher();
        dispatcher.setMaxRequests(10_000);
        dispatcher.setMaxRequestsPerHost(10_000);
        return HTTP.newBuilder().dispatcher(dispatcher).connectionPool(new okhttp3.ConnectionPool()).build();
    }

    static void release(okhttp3.OkHttpClient http) {
        sleep(200); // let the clients' last requests end
        http.connectionPool().evictAll();
        http.dispatcher().executorService().shutdown();
    }

    static URI uri;
    static String host;
    static int port;
    static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(2, daemon("soak-timer"));
    static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    static void count(String what) {
        COUNTS.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    static void count(String what, long n) {
        COUNTS.computeIfAbsent(what, k -> new AtomicLong()).addAndGet(n);
    }

    // ---- the ledger of healthy writes ----
    /** Keys of acked writes: "c:TAG" (create), "u:TAG" (update), "d:ID" (delete). Each key is written once. */
    static final Set<String> ACKED = ConcurrentHashMap.newKeySet();
    /** Keys of writes whose outcome is unknown (ack timed out, came late, or was an error). */
    static final Set<String> UNCERTAIN = ConcurrentHashMap.newKeySet();
    /** Acked creates: id → tag; the last acked write per id; ids with an uncertain write; acked deletes. */
    static final Map<String, String> CREATED = new ConcurrentHashMap<>();
    static final Map<String, String> LAST_TAG = new ConcurrentHashMap<>();
    static final Set<String> UNCERTAIN_IDS = ConcurrentHashMap.newKeySet();
    static final Set<String> DELETED = ConcurrentHashMap.newKeySet();
    static final AtomicLong ACKS_OK = new AtomicLong();
    static final AtomicLong ACK_TIMEOUTS = new AtomicLong();
    static final AtomicLong ACK_ERRORS = new AtomicLong();
    static final AtomicLong ACKS_LATE = new AtomicLong();
    static final AtomicLong BIG_WRITES = new AtomicLong();
    static final List<String> ERROR_SAMPLES = java.util.Collections.synchronizedList(new ArrayList<>());

    /** One healthy user: one acked call at a time, at most ten todos of its own. */
    static final class Healthy {
        final int index;
        final String marker;
        final Socket socket;
        final Random random;
        final List<String> live = new ArrayList<>();
        final Map<String, AtomicInteger> pushes = new ConcurrentHashMap<>();
        final AtomicLong roguePushes = new AtomicLong();
        final AtomicLong pushCount = new AtomicLong();
        final AtomicLong pushBytes = new AtomicLong();
        final String transport;
        volatile boolean running;
        volatile boolean closing;
        volatile boolean busy;
        volatile String disconnected;
        int calls;

        Healthy(int index, String[] transports) {
            this.index = index;
            this.marker = "h" + index;
            this.random = new Random(4242L + index);
            this.transport = String.join("+", transports);
            IO.Options options = IO.Options.builder().setTransports(transports).setForceNew(true)
                    .setReconnection(false).setTimeout(20_000).build();
            options.callFactory = HTTP;
            options.webSocketFactory = HTTP;
            socket = IO.socket(uri, options);
            socket.onAnyIncoming(this::recordPush);
            socket.on(Socket.EVENT_DISCONNECT, args -> {
                if (!closing) {
                    disconnected = args.length > 0 ? String.valueOf(args[0]) : "?";
                }
            });
        }

        void recordPush(Object[] args) {
            if (args.length < 2 || !(args[0] instanceof String event) || !(args[1] instanceof JSONObject model)) {
                return;
            }
            pushCount.incrementAndGet();
            pushBytes.addAndGet(model.optString("title").length() + 60);
            if (!model.has("soak")) {
                roguePushes.incrementAndGet();
                return;
            }
            String key;
            if (event.equals("todos:create")) {
                key = "c:" + model.optString("tag");
            } else if (event.startsWith("todo/") && event.endsWith(":update")) {
                key = "u:" + model.optString("tag");
            } else if (event.startsWith("todo/") && event.endsWith(":delete")) {
                key = "d:" + event.substring("todo/".length(), event.length() - ":delete".length());
            } else {
                key = "?:" + event;
            }
            pushes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        }

        synchronized void next() {
            if (!running) {
                busy = false;
                return;
            }
            busy = true;
            String tag = marker + "-" + (++calls);
            double dice = random.nextDouble();
            String event;
            JSONObject payload = new JSONObject();
            String target = live.isEmpty() ? null : live.get(random.nextInt(live.size()));
            if (target == null || (live.size() < 10 && dice < 0.50)) {
                event = "todo:create";
                payload.put("title", title(tag)).put("done", false).put("soak", marker).put("tag", tag);
            } else if (live.size() >= 10 || dice < 0.70) {
                event = "todo:delete";
                payload.put("id", target);
                live.remove(target);
            } else if (dice < 0.90) {
                event = "todo:update";
                payload.put("id", target).put("title", title(tag)).put("done", random.nextBoolean())
                        .put("soak", marker).put("tag", tag);
            } else {
                event = "todo:read";
                payload.put("id", target);
            }
            String key = switch (event) {
                case "todo:create" -> "c:" + tag;
                case "todo:update" -> "u:" + tag;
                case "todo:delete" -> "d:" + target;
                default -> null;
            };
            AtomicBoolean done = new AtomicBoolean();
            var timeout = TIMERS.schedule(() -> {
                if (done.compareAndSet(false, true)) {
                    ACK_TIMEOUTS.incrementAndGet();
                    sample("timeout: " + marker + " " + event + " " + (target == null ? tag : target));
                    uncertain(key, target);
                    afterCall();
                }
            }, ACK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            socket.emit(event, new Object[] {payload}, (Ack) reply -> {
                boolean ok = reply.length > 0 && (reply[0] == null || reply[0] == JSONObject.NULL);
                if (!done.compareAndSet(false, true)) {
                    ACKS_LATE.incrementAndGet();
                    return;
                }
                timeout.cancel(false);
                if (!ok) {
                    ACK_ERRORS.incrementAndGet();
                    sample("error ack: " + marker + " " + event + " " + (reply.length > 0 ? reply[0] : "(empty ack)"));
                    uncertain(key, target);
                } else {
                    ACKS_OK.incrementAndGet();
                    acked(event, key, tag, target, reply.length > 1 ? reply[1] : null);
                }
                afterCall();
            });
        }

        String title(String tag) {
            if (random.nextDouble() * 100 < BIG_PERCENT) {
                BIG_WRITES.incrementAndGet();
                int size = 32 * 1024 + random.nextInt(32 * 1024);
                return ("big " + tag + " ").repeat(size / (tag.length() + 5) + 1).substring(0, size);
            }
            return "task " + tag;
        }

        void uncertain(String key, String target) {
            if (key != null) {
                UNCERTAIN.add(key);
            }
            if (target != null) {
                UNCERTAIN_IDS.add(target);
            }
        }

        synchronized void acked(String event, String key, String tag, String target, Object result) {
            switch (event) {
                case "todo:create" -> {
                    String id = result instanceof JSONObject created ? created.optString("id", null) : null;
                    ACKED.add(key);
                    if (id == null) {
                        sample("create acked without an id: " + result);
                        return;
                    }
                    CREATED.put(id, tag);
                    LAST_TAG.put(id, tag);
                    live.add(id);
                }
                case "todo:update" -> {
                    ACKED.add(key);
                    LAST_TAG.put(target, tag);
                }
                case "todo:delete" -> {
                    ACKED.add(key);
                    DELETED.add(target);
                }
                default -> {
                    // a read: nothing to remember
                }
            }
        }

        void afterCall() {
            TIMERS.schedule(this::next, THINK_MS == 0 ? 0 : random.nextInt((int) (2 * THINK_MS) + 1), TimeUnit.MILLISECONDS);
        }
    }

    static void sample(String error) {
        if (ERROR_SAMPLES.size() < 20) {
            ERROR_SAMPLES.add(error);
        }
    }

    // ---- misbehaving clients ----

    static volatile boolean misbehaving;
    static final AtomicInteger MISBEHAVERS_RUNNING = new AtomicInteger();
    static final ExecutorService MISBEHAVERS = Executors.newCachedThreadPool(daemon("soak-misbehaver"));
    static final List<Healthy> CLIENTS = new ArrayList<>();

    interface Action {
        void run() throws Exception;
    }

    /** Runs {@code action} every {@code periodMs} (each run on its own thread) while {@link #misbehaving}. */
    static Thread schedule(String kind, long periodMs, Action action) {
        Thread scheduler = new Thread(() -> {
            while (true) {
                long next = System.currentTimeMillis() + periodMs;
                // Counted before the flag is checked, so stopMisbehaving() cannot miss one that is starting.
                MISBEHAVERS_RUNNING.incrementAndGet();
                if (!misbehaving) {
                    MISBEHAVERS_RUNNING.decrementAndGet();
                    break;
                }
                MISBEHAVERS.execute(() -> {
                    try {
                        action.run();
                    } catch (Exception failure) {
                        count(kind + ": failed in the client (" + failure.getClass().getSimpleName() + ")");
                    } finally {
                        MISBEHAVERS_RUNNING.decrementAndGet();
                    }
                });
                while (misbehaving && System.currentTimeMillis() < next) {
                    sleep(50);
                }
            }
        }, "soak-schedule-" + kind);
        scheduler.setDaemon(true);
        scheduler.start();
        return scheduler;
    }

    static void startMisbehaving() {
        misbehaving = true;
        schedule("1 non-reader", 10_000, FaultSoak::nonReader);
        schedule("2 rst-mid-frame", 2_000, FaultSoak::rstMidFrame);
        schedule("3 vanishing-poll", 1_000, FaultSoak::vanishingPoll);
        schedule("4 storm", 15_000, FaultSoak::storm);
        AtomicInteger malformed = new AtomicInteger();
        schedule("5 malformed", 2_000, () -> malformed(malformed.getAndIncrement()));
        schedule("6 unacked", 5_000, FaultSoak::unacked);
    }

    static void stopMisbehaving() {
        misbehaving = false;
        long deadline = System.currentTimeMillis() + 60_000;
        while (MISBEHAVERS_RUNNING.get() > 0 && System.currentTimeMillis() < deadline) {
            sleep(100);
        }
        if (MISBEHAVERS_RUNNING.get() > 0) {
            System.err.println("warning: " + MISBEHAVERS_RUNNING.get() + " misbehaving clients still running after 60 s");
        }
    }

    /**
     * (1) Upgrades, sends the Socket.IO connect, then never reads while the healthy clients keep pushing. Whether
     * the server dropped it is seen without reading: its side of the TCP connection leaves ESTABLISHED in
     * /proc/net/tcp (FIN_WAIT1 with unsent data, or gone) as soon as it closes it. Afterwards the backlog is
     * read to confirm: a dropped connection ends in EOF or a reset.
     */
    static void nonReader() throws Exception {
        long pushesBefore = CLIENTS.get(0).pushCount.get();
        long bytesBefore = CLIENTS.get(0).pushBytes.get();
        long started = System.currentTimeMillis();
        try (java.net.Socket socket = rawWebSocket(4096)) {
            writeFrame(socket.getOutputStream(), 1, "40".getBytes(StandardCharsets.UTF_8), true, -1);
            count("1 non-reader: connected, sent 40, not reading");
            long droppedAfter = -1;
            while (System.currentTimeMillis() - started < NON_READER_HOLD_MS) {
                sleep(250);
                if (!serverSideEstablished(socket.getLocalPort())) {
                    droppedAfter = System.currentTimeMillis() - started;
                    break;
                }
            }
            long pushed = CLIENTS.get(0).pushCount.get() - pushesBefore;
            long bytes = CLIENTS.get(0).pushBytes.get() - bytesBefore;
            socket.setSoTimeout(2_000);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long drained = 0;
            long deadline = System.currentTimeMillis() + 10_000;
            boolean ended = false;
            try {
                while (System.currentTimeMillis() < deadline) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        ended = true;
                        break;
                    }
                    drained += n;
                }
            } catch (SocketTimeoutException quiet) {
                // still open, nothing more to read
            } catch (IOException reset) {
                ended = true;
            }
            String verdict;
            if (droppedAfter >= 0) {
                verdict = ended ? "dropped" : "dropped (server side closed, but the stream did not end within 10 s)";
                count("1 non-reader: dropped, seconds after connecting (sum)", Math.round(droppedAfter / 1000.0));
            } else {
                verdict = ended ? "dropped only after the hold"
                        : bytes >= NON_READER_CONCLUSIVE_BYTES ? "not dropped"
                        : "not dropped (inconclusive: less was pushed while held than the kernel and a 16 MB cap can buffer)";
            }
            count("1 non-reader: " + verdict);
            count("1 non-reader: pushes sent to everyone while held (sum)", pushed);
            count("1 non-reader: MB pushed to everyone while held (sum)", bytes >> 20);
            count("1 non-reader: MB read back after the hold (sum)", drained >> 20);
        }
    }

    /** Whether the server's end of our connection (remote port = ours) is ESTABLISHED, from /proc/net/tcp(6). */
    static boolean serverSideEstablished(int ourPort) throws IOException {
        String serverPort = String.format(Locale.ROOT, ":%04X", port);
        String clientPort = String.format(Locale.ROOT, ":%04X", ourPort);
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[1].endsWith(serverPort) && fields[2].endsWith(clientPort)) {
                    return fields[3].equals("01");
                }
            }
        }
        return false;
    }

    /** (2) Sends half of a frame, then closes with RST. */
    static void rstMidFrame() throws Exception {
        java.net.Socket socket = rawWebSocket(0);
        try {
            connectRaw(socket);
            String message = "421[\"todo:create\",{\"title\":\"" + "r".repeat(2000) + "\",\"rogue\":\"rst\"}]";
            byte[] frame = frame(1, message.getBytes(StandardCharsets.UTF_8), true);
            socket.getOutputStream().write(frame, 0, frame.length / 2);
            socket.getOutputStream().flush();
        } finally {
            socket.setSoLinger(true, 0);
            socket.close();
        }
        count("2 rst-mid-frame: half a frame sent, then RST");
    }

    static final AtomicLong VANISHED = new AtomicLong();

    /** (3) Polling handshake, connect, then a long-poll GET closed without reading the answer. */
    static void vanishingPoll() throws Exception {
        String open = http("GET", "/socket.io/?EIO=4&transport=polling", null);
        Matcher sid = Pattern.compile("\"sid\"\\s*:\\s*\"([^\"]+)\"").matcher(open);
        if (!sid.find()) {
            count("3 vanishing-poll: handshake failed");
            return;
        }
        String path = "/socket.io/?EIO=4&transport=polling&sid=" + sid.group(1);
        http("POST", path, "40");
        http("GET", path, null); // the connect reply (and any pushes already queued)
        java.net.Socket socket = new java.net.Socket();
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nAccept: */*\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        sleep(ThreadLocalRandom.current().nextInt(300));
        boolean rst = VANISHED.incrementAndGet() % 2 == 0;
        if (rst) {
            socket.setSoLinger(true, 0);
        }
        socket.close();
        count("3 vanishing-poll: long-poll abandoned, " + (rst ? "RST" : "FIN"));
    }

    /** (4) Many official clients connect at once, then all leave at once. */
    static void storm() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        okhttp3.OkHttpClient http = ownHttp();
        CountDownLatch connected = new CountDownLatch(STORM_CLIENTS);
        AtomicInteger errors = new AtomicInteger();
        for (int i = 0; i < STORM_CLIENTS; i++) {
            String[] transports = i % 2 == 0 ? new String[] {"websocket"} : new String[] {"polling", "websocket"};
            IO.Options options = IO.Options.builder().setTransports(transports).setForceNew(true)
                    .setReconnection(false).setTimeout(20_000).build();
            options.callFactory = http;
            options.webSocketFactory = http;
            Socket socket = IO.socket(uri, options);
            socket.once(Socket.EVENT_CONNECT, a -> connected.countDown());
            socket.once(Socket.EVENT_CONNECT_ERROR, a -> {
                errors.incrementAndGet();
                connected.countDown();
            });
            sockets.add(socket);
        }
        sockets.forEach(Socket::connect);
        boolean all = connected.await(30, TimeUnit.SECONDS);
        sleep(500);
        sockets.forEach(Socket::close);
        release(http);
        count("4 storm: rounds");
        count("4 storm: clients connected", STORM_CLIENTS - connected.getCount() - errors.get());
        count("4 storm: connect errors", errors.get());
        if (!all) {
            count("4 storm: clients still connecting after 30 s", connected.getCount());
        }
    }

    static final String[] MALFORMED = {"4abc", "42{}", "42abc[", "42[\"todo:create\"", "42[]", "49[]", "x", "",
            "(binary garbage)", "(oversized >1 MB)"};

    /** (5) A garbage or oversized frame; what the server did with it is recorded per kind. */
    static void malformed(int round) throws Exception {
        String kind = MALFORMED[round % MALFORMED.length];
        try (java.net.Socket socket = rawWebSocket(0)) {
            connectRaw(socket);
            OutputStream out = socket.getOutputStream();
            if (kind.equals("(binary garbage)")) {
                byte[] garbage = new byte[64];
                ThreadLocalRandom.current().nextBytes(garbage);
                writeFrame(out, 2, garbage, true, -1);
            } else if (kind.equals("(oversized >1 MB)")) {
                String message = "421[\"todo:create\",{\"title\":\"" + "o".repeat(1_100_000) + "\",\"rogue\":\"oversized\"}]";
                writeFrame(out, 1, message.getBytes(StandardCharsets.UTF_8), true, -1);
            } else {
                writeFrame(out, 1, kind.getBytes(StandardCharsets.UTF_8), true, -1);
            }
            // What happened: the server closed the connection, answered an ack, or kept it open (5 s).
            socket.setSoTimeout(1_000);
            InputStream in = socket.getInputStream();
            long deadline = System.currentTimeMillis() + 5_000;
            String outcome = "kept open";
            while (System.currentTimeMillis() < deadline) {
                try {
                    Frame frame = readFrame(in);
                    if (frame == null || frame.opcode == 8) {
                        outcome = "closed";
                        break;
                    }
                    if (frame.opcode == 1 && frame.text().startsWith("43")) {
                        outcome = "acked: " + abbreviate(frame.text());
                        break;
                    }
                } catch (SocketTimeoutException quiet) {
                    // keep waiting
                } catch (IOException reset) {
                    outcome = "closed";
                    break;
                }
            }
            count("5 malformed '" + kind + "': " + outcome);
        }
    }

    static final AtomicInteger UNACKED_ROUNDS = new AtomicInteger();

    /** (6) An official client that emits creates without an ack, unknown events with and without an ack. */
    static void unacked() throws Exception {
        String rogue = "rogue-" + UNACKED_ROUNDS.incrementAndGet();
        String[] transports = UNACKED_ROUNDS.get() % 2 == 0 ? new String[] {"websocket"} : new String[] {"polling", "websocket"};
        IO.Options options = IO.Options.builder().setTransports(transports).setForceNew(true)
                .setReconnection(false).setTimeout(20_000).build();
        okhttp3.OkHttpClient http = ownHttp();
        options.callFactory = http;
        options.webSocketFactory = http;
        Socket socket = IO.socket(uri, options);
        CountDownLatch connected = new CountDownLatch(1);
        socket.once(Socket.EVENT_CONNECT, a -> connected.countDown());
        // Clean up after ourselves (without acks too), so the store stays bounded.
        socket.on("todos:create", args -> {
            if (args.length > 0 && args[0] instanceof JSONObject todo && rogue.equals(todo.optString("rogue"))) {
                count("6 unacked: own unacked creates seen pushed");
                String id = todo.optString("id");
                socket.emit("todo:update", new JSONObject().put("id", id).put("title", "rogue update").put("rogue", rogue));
                socket.emit("todo:delete", new JSONObject().put("id", id));
            }
        });
        socket.connect();
        try {
            if (!connected.await(20, TimeUnit.SECONDS)) {
                count("6 unacked: could not connect");
                return;
            }
            for (int i = 0; i < 10; i++) {
                socket.emit("todo:create", new JSONObject().put("title", "rogue " + i).put("rogue", rogue));
            }
            count("6 unacked: creates without an ack", 10);
            socket.emit("nosuch", new JSONObject().put("x", 1));
            socket.emit("todo:frobnicate", new JSONObject().put("id", "1"));
            socket.emit("foo:bar");
            socket.emit("todo:delete", new JSONObject().put("id", "no-such-id"));
            count("6 unacked: unknown events without an ack", 3);
            count("6 unacked: deletes of a missing id without an ack");
            CountDownLatch errorAck = new CountDownLatch(1);
            socket.emit("nosuch:event", new Object[] {new JSONObject()}, (Ack) reply -> {
                if (reply.length > 0 && reply[0] instanceof JSONObject error && error.has("message")) {
                    count("6 unacked: unknown event with an ack answered with an error ack");
                } else {
                    count("6 unacked: unknown event with an ack answered otherwise");
                }
                errorAck.countDown();
            });
            if (!errorAck.await(ACK_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                count("6 unacked: unknown event with an ack never answered");
            }
            sleep(2_000);
        } finally {
            socket.close();
            release(http);
        }
    }

    // ---- raw protocol helpers ----

    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** A websocket to the Socket.IO endpoint, upgraded by hand; the Engine.IO open packet is left unread. */
    static java.net.Socket rawWebSocket(int receiveBuffer) throws IOException {
        java.net.Socket socket = new java.net.Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(10_000);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        socket.getOutputStream().write(("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        String head = readHead(socket.getInputStream());
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("no upgrade: " + head.lines().findFirst().orElse(""));
        }
        return socket;
    }

    /** Sends the Socket.IO connect and waits for its reply ("40{...}"). */
    static void connectRaw(java.net.Socket socket) throws IOException {
        writeFrame(socket.getOutputStream(), 1, "40".getBytes(StandardCharsets.UTF_8), true, -1);
        InputStream in = socket.getInputStream();
        while (true) {
            Frame frame = readFrame(in);
            if (frame == null) {
                throw new EOFException("closed before the connect reply");
            }
            if (frame.opcode == 1 && frame.text().startsWith("40")) {
                return;
            }
        }
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the response head");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    static byte[] frame(int opcode, byte[] payload, boolean fin) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (((long) payload.length >>> shift) & 0xff));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        return frame.toByteArray();
    }

    static void writeFrame(OutputStream out, int opcode, byte[] payload, boolean fin, int limit) throws IOException {
        byte[] bytes = frame(opcode, payload, fin);
        out.write(bytes, 0, limit < 0 ? bytes.length : limit);
        out.flush();
    }

    /** The next frame from the server (unmasked), or null at end of stream. */
    static Frame readFrame(InputStream in) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        int b1 = in.read();
        if (b1 < 0) {
            return null;
        }
        long length = b1 & 0x7f;
        if (length == 126) {
            length = (readByte(in) << 8) | readByte(in);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte(in);
            }
        }
        if ((b1 & 0x80) != 0) {
            in.readNBytes(4); // a server must not mask, but tolerate it
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            return null;
        }
        return new Frame(b0 & 0x0f, payload);
    }

    static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    /** One HTTP/1.1 request on its own connection ({@code Connection: close}); returns the body. */
    static String http(String method, String path, String body) throws IOException {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(30_000);
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String request = method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nConnection: close\r\n"
                    + (body == null ? "" : "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: " + content.length + "\r\n")
                    + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            byte[] rest = in.readAllBytes();
            if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                rest = dechunk(rest);
            }
            if (!head.startsWith("HTTP/1.1 200")) {
                throw new IOException(method + " " + path + ": " + head.lines().findFirst().orElse(""));
            }
            return new String(rest, StandardCharsets.UTF_8);
        }
    }

    static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = at;
            while (lineEnd + 1 < chunked.length && !(chunked[lineEnd] == '\r' && chunked[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim();
            int size = sizeLine.isEmpty() ? 0 : Integer.parseInt(sizeLine, 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    // ---- the server process ----

    record Resources(long rssKb, long threads, long fds) { }

    static Resources resources(long pid) throws IOException {
        long rss = -1;
        long threads = -1;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        String[] fds = new File("/proc/" + pid + "/fd").list();
        return new Resources(rss, threads, fds == null ? -1 : fds.length);
    }

    /** The server's threads by name (digits dropped), e.g. {iobind-http-=12, ...}. */
    static Map<String, Integer> threadNames(long pid) {
        Map<String, Integer> names = new TreeMap<>();
        File[] tasks = new File("/proc/" + pid + "/task").listFiles();
        if (tasks != null) {
            for (File task : tasks) {
                try {
                    names.merge(Files.readString(task.toPath().resolve("comm")).trim().replaceAll("[0-9]+", "#"), 1, Integer::sum);
                } catch (IOException exited) {
                    // the thread ended between listing and reading
                }
            }
        }
        return names;
    }

    static String threadNameChanges(Map<String, Integer> before, Map<String, Integer> after) {
        StringBuilder changes = new StringBuilder();
        Set<String> names = new java.util.TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            int was = before.getOrDefault(name, 0);
            int is = after.getOrDefault(name, 0);
            if (was != is) {
                changes.append(' ').append(name).append(' ').append(was).append("->").append(is).append(';');
            }
        }
        return changes.length() == 0 ? " none" : changes.toString();
    }

    /** The minimum of each figure over {@code seconds} of samples, one per second. */
    static Resources minimumOver(long pid, int seconds) throws Exception {
        long rss = Long.MAX_VALUE;
        long threads = Long.MAX_VALUE;
        long fds = Long.MAX_VALUE;
        for (int i = 0; i < seconds; i++) {
            Resources now = resources(pid);
            rss = Math.min(rss, now.rssKb());
            threads = Math.min(threads, now.threads());
            fds = Math.min(fds, now.fds());
            sleep(1_000);
        }
        return new Resources(rss, threads, fds);
    }

    /** utime + stime of a process, in clock ticks (USER_HZ = 100). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** CPU of the server over {@code seconds}, in percent of one core. */
    static double cpuPercent(long pid, double seconds) throws Exception {
        long before = cpuTicks(pid);
        long start = System.nanoTime();
        sleep((long) (seconds * 1000));
        long ticks = cpuTicks(pid) - before;
        return ticks / 100.0 / ((System.nanoTime() - start) / 1e9) * 100;
    }

    static Process startServer(List<String> command, File log) throws Exception {
        Process server = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(log)).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        while (line != null && !line.startsWith("listening on ")) {
            line = out.readLine();
        }
        if (line == null) {
            server.destroyForcibly();
            throw new IllegalStateException("server did not start: " + command + " (see " + log + ")");
        }
        uri = URI.create(line.substring("listening on ".length()).trim());
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe empty
                }
            } catch (IOException ignored) {
                // server exited
            }
        });
        drain.setDaemon(true);
        drain.start();
        return server;
    }

    // ---- the run ----

    public static void main(String[] args) throws Exception {
        List<String> command = new ArrayList<>(List.of(System.getProperty("soak.java", "java")));
        for (String jvmArg : System.getProperty("soak.serverJvmArgs", "").split(" ")) {
            if (!jvmArg.isBlank()) {
                command.add(jvmArg);
            }
        }
        command.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("soak.classpath"),
                "io.iobind.server.Main", "--port", "0"));
        File log = new File(System.getProperty("soak.serverLog", "soak-server.log"));
        Process server = startServer(command, log);
        Runtime.getRuntime().addShutdownHook(new Thread(server::destroyForcibly));
        long pid = server.pid();
        host = uri.getHost();
        port = uri.getPort();
        log("server pid " + pid + " at " + uri + ", its log: " + log);
        boolean failed;
        try {
            failed = run(server, pid);
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        System.exit(failed ? 1 : 0);
    }

    static final long T0 = System.nanoTime();

    static void log(String message) {
        System.err.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - T0) / 1e9, message);
    }

    static boolean run(Process server, long pid) throws Exception {
        CountDownLatch connected = new CountDownLatch(HEALTHY);
        for (int i = 0; i < HEALTHY; i++) {
            String[] transports = i % 2 == 0 ? new String[] {"websocket"}
                    : i % 4 == 1 ? new String[] {"polling", "websocket"} : new String[] {"polling"};
            Healthy client = new Healthy(i, transports);
            client.socket.once(Socket.EVENT_CONNECT, a -> connected.countDown());
            CLIENTS.add(client);
            client.socket.connect();
        }
        if (!connected.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(connected.getCount() + " healthy clients did not connect");
        }
        log(HEALTHY + " healthy clients connected; warm-up of " + WARMUP_SECONDS + " s with load and every misbehaviour");
        startLoad();
        startMisbehaving();
        sleep((long) (WARMUP_SECONDS * 1000));
        stopMisbehaving();
        stopLoad();
        sleep((long) (SETTLE_SECONDS * 1000));
        log("baseline: sampling the server for 10 s (clients connected and idle, no misbehaviour)");
        double baselineCpu = cpuPercent(pid, 5);
        Resources baseline = minimumOver(pid, 10);
        BASELINE_THREADS = threadNames(pid);
        log("baseline: RSS " + baseline.rssKb() / 1024 + " MB, threads " + baseline.threads() + ", fds " + baseline.fds()
                + ", idle CPU " + String.format(Locale.ROOT, "%.1f%%", baselineCpu));
        Map<String, Long> warmupCounts = snapshotCounts();

        log("soak: " + SOAK_SECONDS + " s");
        long soakStart = System.nanoTime();
        long cpuStart = cpuTicks(pid);
        startLoad();
        startMisbehaving();
        long end = System.currentTimeMillis() + (long) (SOAK_SECONDS * 1000);
        while (System.currentTimeMillis() < end) {
            sleep(Math.min(10_000, Math.max(1, end - System.currentTimeMillis())));
            Resources now = resources(pid);
            log(String.format(Locale.ROOT, "acks ok %d, timeouts %d, errors %d; server RSS %d MB, threads %d, fds %d; misbehaving clients running %d",
                    ACKS_OK.get(), ACK_TIMEOUTS.get(), ACK_ERRORS.get(), now.rssKb() / 1024, now.threads(), now.fds(),
                    MISBEHAVERS_RUNNING.get()));
        }
        log("stopping the misbehaving clients");
        stopMisbehaving();
        log("stopping the load (misbehaving clients still running: " + MISBEHAVERS_RUNNING.get() + ")");
        stopLoad();
        double soakSeconds = (System.nanoTime() - soakStart) / 1e9;
        double soakCpu = (cpuTicks(pid) - cpuStart) / 100.0;
        waitForPushesToSettle();

        JSONArray store = readStore();
        sleep((long) (SETTLE_SECONDS * 1000));
        log("end: sampling the server for 10 s");
        double idleCpu = cpuPercent(pid, 5);
        Resources after = minimumOver(pid, 10);
        END_THREADS = threadNames(pid);
        for (Healthy client : CLIENTS) {
            client.closing = true;
            client.socket.close();
        }
        return report(store, baseline, baselineCpu, after, idleCpu, soakSeconds, soakCpu, warmupCounts, server);
    }

    static Map<String, Integer> BASELINE_THREADS = Map.of();
    static Map<String, Integer> END_THREADS = Map.of();

    static Map<String, Long> snapshotCounts() {
        Map<String, Long> copy = new TreeMap<>();
        COUNTS.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    static void startLoad() {
        for (Healthy client : CLIENTS) {
            client.running = true;
            TIMERS.execute(client::next);
        }
    }

    static void stopLoad() {
        for (Healthy client : CLIENTS) {
            client.running = false;
        }
        long deadline = System.currentTimeMillis() + ACK_TIMEOUT_MS + 5_000;
        while (CLIENTS.stream().anyMatch(c -> c.busy) && System.currentTimeMillis() < deadline) {
            sleep(50);
        }
    }

    static void waitForPushesToSettle() {
        long last = -1;
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            long now = CLIENTS.stream().mapToLong(c -> c.pushCount.get()).sum();
            if (now == last) {
                return;
            }
            last = now;
            sleep(2_000);
        }
    }

    static JSONArray readStore() throws Exception {
        CountDownLatch answered = new CountDownLatch(1);
        Object[][] result = new Object[1][];
        CLIENTS.get(0).socket.emit("todos:read", new Object[0], (Ack) reply -> {
            result[0] = reply;
            answered.countDown();
        });
        if (!answered.await(30, TimeUnit.SECONDS)) {
            return null;
        }
        Object[] reply = result[0];
        boolean ok = reply.length > 1 && (reply[0] == null || reply[0] == JSONObject.NULL) && reply[1] instanceof JSONArray;
        return ok ? (JSONArray) reply[1] : null;
    }

    static boolean report(JSONArray store, Resources baseline, double baselineCpu, Resources after, double idleCpu,
                          double soakSeconds, double soakCpu, Map<String, Long> warmupCounts, Process server) throws IOException {
        StringBuilder out = new StringBuilder();
        List<String> failures = new ArrayList<>();
        out.append(String.format(Locale.ROOT, "%n== fault soak: %.0f s, %d healthy clients (%s), think time %d ms, ack timeout %d ms ==%n",
                soakSeconds, HEALTHY, transportsSummary(), THINK_MS, ACK_TIMEOUT_MS));
        out.append(String.format(Locale.ROOT, "healthy calls: %d acked ok, %d error acks, %d timeouts (%d acks came after the timeout); %d writes with a 32-64 KB title (%.0f%% of creates and updates)%n",
                ACKS_OK.get(), ACK_ERRORS.get(), ACK_TIMEOUTS.get(), ACKS_LATE.get(), BIG_WRITES.get(), BIG_PERCENT));
        out.append(String.format(Locale.ROOT, "server CPU during the soak: %.1f s in %.0f s (%.0f%% of one core)%n",
                soakCpu, soakSeconds, soakCpu / soakSeconds * 100));

        out.append("\nmisbehaviour performed (whole run; warm-up included, its share in brackets):\n");
        new TreeMap<>(snapshotCounts()).forEach((k, v) -> out.append(String.format(Locale.ROOT, "  %-90s %8d%s%n", k, v,
                warmupCounts.getOrDefault(k, 0L) > 0 ? "  (" + warmupCounts.get(k) + ")" : "")));

        // (a) the store
        out.append("\n(a) store: ");
        if (store == null) {
            out.append("FAIL: todos:read at the end did not answer with a list\n");
            failures.add("a");
        } else {
            Map<String, JSONObject> byId = new HashMap<>();
            for (int i = 0; i < store.length(); i++) {
                JSONObject todo = store.getJSONObject(i);
                byId.put(todo.optString("id"), todo);
            }
            int missing = 0;
            int resurrected = 0;
            int stale = 0;
            int expectedLive = 0;
            for (Map.Entry<String, String> created : CREATED.entrySet()) {
                String id = created.getKey();
                if (UNCERTAIN_IDS.contains(id)) {
                    continue;
                }
                if (DELETED.contains(id)) {
                    if (byId.containsKey(id)) {
                        resurrected++;
                    }
                } else {
                    expectedLive++;
                    JSONObject todo = byId.get(id);
                    if (todo == null) {
                        missing++;
                    } else if (!LAST_TAG.get(id).equals(todo.optString("tag"))) {
                        stale++;
                    }
                }
            }
            long healthyInStore = byId.values().stream().filter(t -> t.has("soak")).count();
            out.append(String.format(Locale.ROOT, "%d todos in the store (%d healthy ones, %d others); %d acked creates, %d acked deletes; "
                            + "missing %d, deleted but present %d, content not the last acked write %d%n",
                    store.length(), healthyInStore, store.length() - healthyInStore, CREATED.size(), DELETED.size(), missing, resurrected, stale));
            if (missing + resurrected + stale > 0) {
                failures.add("a");
            }
        }

        // (b) the pushes
        long missingPushes = 0;
        long duplicatePushes = 0;
        long unexpectedPushes = 0;
        long rogue = 0;
        List<String> pushSamples = new ArrayList<>();
        List<String> disconnected = new ArrayList<>();
        for (Healthy client : CLIENTS) {
            rogue += client.roguePushes.get();
            if (client.disconnected != null) {
                disconnected.add(client.marker + " (" + client.disconnected + ")");
            }
            for (String key : ACKED) {
                AtomicInteger got = client.pushes.get(key);
                int n = got == null ? 0 : got.get();
                if (n == 0) {
                    missingPushes++;
                    addSample(pushSamples, client.marker + " missed " + key);
                } else if (n > 1) {
                    duplicatePushes++;
                    addSample(pushSamples, client.marker + " got " + key + " " + n + " times");
                }
            }
            for (Map.Entry<String, AtomicInteger> got : client.pushes.entrySet()) {
                if (!ACKED.contains(got.getKey()) && !(UNCERTAIN.contains(got.getKey()) && got.getValue().get() <= 1)) {
                    unexpectedPushes++;
                    addSample(pushSamples, client.marker + " got unexpected " + got.getKey() + " x" + got.getValue().get());
                }
            }
        }
        out.append(String.format(Locale.ROOT, "(b) pushes: %d acked writes x %d healthy clients = %d expected; missing %d, duplicated %d, "
                        + "unexpected %d; healthy clients disconnected: %d; pushes of misbehavers' writes ignored: %d%n",
                ACKED.size(), HEALTHY, (long) ACKED.size() * HEALTHY, missingPushes, duplicatePushes, unexpectedPushes,
                disconnected.size(), rogue));
        pushSamples.forEach(s -> out.append("    ").append(s).append('\n'));
        disconnected.forEach(s -> out.append("    disconnected: ").append(s).append('\n'));
        if (missingPushes + duplicatePushes + unexpectedPushes > 0 || !disconnected.isEmpty()) {
            failures.add("b");
        }

        // (c) the acks
        out.append(String.format(Locale.ROOT, "(c) acks: %d timeouts, %d error acks%n", ACK_TIMEOUTS.get(), ACK_ERRORS.get()));
        ERROR_SAMPLES.forEach(s -> out.append("    ").append(s).append('\n'));
        if (ACK_TIMEOUTS.get() + ACK_ERRORS.get() > 0) {
            failures.add("c");
        }

        // (d) resources
        double rssRatio = (double) after.rssKb() / baseline.rssKb();
        double threadRatio = (double) after.threads() / baseline.threads();
        out.append(String.format(Locale.ROOT, "(d) server resources (minimum of 10 samples, 1 s apart): RSS %.1f MB -> %.1f MB (x%.3f, limit x%.2f); "
                        + "threads %d -> %d (x%.3f, limit x%.2f); open fds %d -> %d (not checked)%n",
                baseline.rssKb() / 1024.0, after.rssKb() / 1024.0, rssRatio, MAX_RSS_GROWTH, baseline.threads(), after.threads(),
                threadRatio, MAX_THREAD_GROWTH, baseline.fds(), after.fds()));
        out.append("    threads by name, baseline -> end (last sample):").append(threadNameChanges(BASELINE_THREADS, END_THREADS)).append('\n');
        if (rssRatio > MAX_RSS_GROWTH || threadRatio > MAX_THREAD_GROWTH) {
            failures.add("d");
        }

        // (e) idle CPU
        out.append(String.format(Locale.ROOT, "(e) server CPU over 5 s after the end: %.1f%% of one core (limit %.1f%%; at the baseline: %.1f%%)%n",
                idleCpu, MAX_IDLE_CPU_PERCENT, baselineCpu));
        if (idleCpu > MAX_IDLE_CPU_PERCENT) {
            failures.add("e");
        }

        // (f) non-readers dropped
        long notDropped = COUNTS.getOrDefault("1 non-reader: not dropped", new AtomicLong()).get()
                + COUNTS.getOrDefault("1 non-reader: dropped only after the hold", new AtomicLong()).get();
        long dropped = COUNTS.getOrDefault("1 non-reader: dropped", new AtomicLong()).get()
                + COUNTS.getOrDefault("1 non-reader: dropped (server side closed, but the stream did not end within 10 s)", new AtomicLong()).get();
        long droppedSeconds = COUNTS.getOrDefault("1 non-reader: dropped, seconds after connecting (sum)", new AtomicLong()).get();
        out.append(String.format(Locale.ROOT, "(f) non-readers: %d dropped by the server within %d s (%.1f s after connecting on average), "
                        + "%d not dropped although over %d MB was pushed while held%n",
                dropped, NON_READER_HOLD_MS / 1000, dropped == 0 ? Double.NaN : (double) droppedSeconds / dropped, notDropped,
                NON_READER_CONCLUSIVE_BYTES >> 20));
        if (notDropped > 0 || dropped == 0) {
            failures.add("f");
        }

        // The server's log: how much it said, and its worst lines.
        List<String> lines = Files.readAllLines(log().toPath());
        long warn = lines.stream().filter(l -> l.contains(" WARN ")).count();
        long error = lines.stream().filter(l -> l.contains(" ERROR ")).count();
        long traces = lines.stream().filter(l -> l.startsWith("\tat ")).count();
        out.append(String.format(Locale.ROOT, "server log: %d lines, %d WARN, %d ERROR, %d stack trace lines (%s)%n",
                lines.size(), warn, error, traces, log()));
        lines.stream().filter(l -> l.contains(" ERROR ")).limit(5).forEach(l -> out.append("    ").append(abbreviate(l)).append('\n'));
        out.append(server.isAlive() ? "" : "server process DIED\n");
        if (!server.isAlive()) {
            failures.add("server died");
        }
        out.append(failures.isEmpty() ? "RESULT: all checks passed\n" : "RESULT: FAILED checks: " + String.join(", ", failures) + "\n");
        System.out.print(out);
        return !failures.isEmpty();
    }

    static File log() {
        return new File(System.getProperty("soak.serverLog", "soak-server.log"));
    }

    static void addSample(List<String> samples, String sample) {
        if (samples.size() < 10) {
            samples.add(sample);
        }
    }

    static String transportsSummary() {
        Map<String, Integer> byTransport = new TreeMap<>();
        CLIENTS.forEach(c -> byTransport.merge(c.transport, 1, Integer::sum));
        return byTransport.toString();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
