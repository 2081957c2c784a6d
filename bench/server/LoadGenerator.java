// Load run for iobind-server (and, when Node is present, Node's socket.io 4 server with the same handlers).
// Started by bench/server/run.sh; runs with Java's single-file launcher: java -cp CP LoadGenerator.java ...
//
// Each server runs in its own process for the whole run and first gets an unmeasured warm-up load (servers are
// long-running; the JIT of either runtime should not be what is measured). Then, for each transport and client
// count, N clients connect (the official Java socket.io-client: one shared event thread, so the generator stays
// lean), run a closed loop of acked CRUD (each client keeps one call outstanding; every write is pushed to all
// N clients) for a short warm-up and a measured window, and the run reports acked ops/s, latency p50/p99, pushes
// expected vs received, the server's CPU seconds per 1000 acked ops (from /proc/PID/stat over the window), how
// often per acked op its threads went to sleep (voluntary context switches) and its peak RSS so far (VmHWM).

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.json.JSONObject;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

public class LoadGenerator {

    /** One HTTP client for every simulated user; OkHttp's default of 5 requests per host would stall long-polls. */
    static final okhttp3.OkHttpClient HTTP;

    static {
        okhttp3.Dispatcher dispatcher = new okhttp3.Dispatcher();
        dispatcher.setMaxRequests(10_000);
        dispatcher.setMaxRequestsPerHost(10_000);
        HTTP = new okhttp3.OkHttpClient.Builder().dispatcher(dispatcher)
                .connectionPool(new okhttp3.ConnectionPool(500, 1, TimeUnit.MINUTES))
                .socketFactory(new NoDelaySockets())
                .readTimeout(2, TimeUnit.MINUTES).build();
    }

    /**
     * Sockets with TCP_NODELAY, as browsers and Node's socket.io-client (ws) open them. OkHttp leaves Nagle's
     * algorithm on, so a small message sent while the previous one is unacknowledged could wait for the server's
     * delayed ACK (up to 40 ms on Linux): a delay no real client of either server has.
     */
    static final class NoDelaySockets extends javax.net.SocketFactory {
        private static final javax.net.SocketFactory DEFAULT = javax.net.SocketFactory.getDefault();

        private static java.net.Socket noDelay(java.net.Socket socket) throws java.io.IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public java.net.Socket createSocket() throws java.io.IOException {
            return noDelay(DEFAULT.createSocket());
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws java.io.IOException {
            return noDelay(DEFAULT.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress localHost, int localPort)
                throws java.io.IOException {
            return noDelay(DEFAULT.createSocket(host, port, localHost, localPort));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) throws java.io.IOException {
            return noDelay(DEFAULT.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress localAddress,
                                            int localPort) throws java.io.IOException {
            return noDelay(DEFAULT.createSocket(address, port, localAddress, localPort));
        }
    }

    /** {@code nodes} > 1: that many processes of the server sharing broadcasts through Redis, clients spread over them. */
    record Scenario(String server, String transport, int clients, int nodes) {
        Scenario(String server, String transport, int clients) {
            this(server, transport, clients, 1);
        }
    }

    record Result(Scenario scenario, long ops, double seconds, long p50Micros, long p99Micros, long pushesExpected,
                  long pushesReceived, double cpuSeconds, long peakRssKb, long errors, String threadBreakdown,
                  long pushP50Micros, long pushP99Micros, long[] sameNodePush, long[] otherNodePush,
                  double redisCpuSeconds, double sleepsPerOp) {
        double opsPerSecond() {
            return ops / seconds;
        }

        double cpuPerThousand() {
            return ops == 0 ? Double.NaN : cpuSeconds / (ops / 1000.0);
        }
    }

    static final class Window {
        volatile boolean measuring;
        final AtomicLong ops = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong writes = new AtomicLong();
        final AtomicLong pushes = new AtomicLong();
        final List<long[]> latencies = new ArrayList<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong inFlight = new AtomicLong();
        /** Push delays in µs (write sent → push received by another client), of creates and updates. */
        final long[] pushDelays = new long[4_000_000];
        final java.util.concurrent.atomic.AtomicInteger pushDelayCount = new java.util.concurrent.atomic.AtomicInteger();

        /** With several nodes: push delays to a client on the writer's node, and on another node. */
        final long[] sameNodeDelays = new long[2_000_000];
        final long[] otherNodeDelays = new long[2_000_000];
        final java.util.concurrent.atomic.AtomicInteger sameNodeCount = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger otherNodeCount = new java.util.concurrent.atomic.AtomicInteger();

        void recordPush(Object[] args, int receiverNode) {
            pushes.incrementAndGet();
            // Creates, updates and patches carry the writer's send time (and node); a delete's push does not.
            if (measuring && args.length > 1 && args[1] instanceof JSONObject model && model.has("sentAt")
                    && args[0] instanceof String event && !event.endsWith(":delete")) {
                long micros = (System.nanoTime() - model.optLong("sentAt")) / 1000;
                record(pushDelays, pushDelayCount, micros);
                if (model.optInt("origin", receiverNode) == receiverNode) {
                    record(sameNodeDelays, sameNodeCount, micros);
                } else {
                    record(otherNodeDelays, otherNodeCount, micros);
                }
            }
        }

        private static void record(long[] delays, java.util.concurrent.atomic.AtomicInteger count, long micros) {
            int slot = count.getAndIncrement();
            if (slot < delays.length) {
                delays[slot] = micros;
            }
        }

        static long[] sorted(long[] delays, java.util.concurrent.atomic.AtomicInteger count) {
            long[] copy = Arrays.copyOf(delays, Math.min(delays.length, count.get()));
            Arrays.sort(copy);
            return copy;
        }
    }

    /** One simulated user: one acked call outstanding at a time, a handful of its own todos. */
    static final class Client {
        final Socket socket;
        final Window window;
        final Random random;
        /** The node (0, 1, ...) this client is connected to; its writes carry it as "origin". */
        final int node;
        final List<String> ids = new ArrayList<>();
        final long[] latencyBuffer = new long[2_000_000 / 16];
        int latencyCount;

        Client(Socket socket, Window window, long seed, int node) {
            this.node = node;
            this.socket = socket;
            this.window = window;
            this.random = new Random(seed);
        }

        void next() {
            if (window.stop.get()) {
                return;
            }
            String event;
            JSONObject payload = new JSONObject();
            double dice = random.nextDouble();
            String target = ids.isEmpty() ? null : ids.get(random.nextInt(ids.size()));
            boolean write = true;
            if (target == null || (ids.size() < 5 && dice < 0.25)) {
                event = "todo:create";
                payload.put("title", "task " + random.nextInt(1000)).put("done", false);
            } else if (dice < 0.45) {
                event = "todo:update";
                payload.put("id", target).put("title", "renamed " + random.nextInt(1000)).put("done", random.nextBoolean());
            } else if (dice < 0.70) {
                event = "todo:patch";
                payload.put("id", target).put("done", random.nextBoolean());
            } else if (dice < 0.90) {
                event = "todo:read";
                payload.put("id", target);
                write = false;
            } else {
                event = "todo:delete";
                payload.put("id", target);
                ids.remove(target);
            }
            boolean isWrite = write;
            boolean counted = window.measuring;
            long started = System.nanoTime();
            if (write && !"todo:delete".equals(event)) {
                payload.put("sentAt", started).put("origin", node);
            }
            window.inFlight.incrementAndGet();
            socket.emit(event, new Object[] {payload}, (Ack) args -> {
                long micros = (System.nanoTime() - started) / 1000;
                window.inFlight.decrementAndGet();
                boolean ok = args.length > 0 && (args[0] == null || args[0] == JSONObject.NULL);
                if (!ok) {
                    window.errors.incrementAndGet();
                } else {
                    if (isWrite) {
                        window.writes.incrementAndGet();
                    }
                    if ("todo:create".equals(event) && args.length > 1 && args[1] instanceof JSONObject created) {
                        ids.add(created.optString("id"));
                    }
                    if (counted && window.measuring) {
                        window.ops.incrementAndGet();
                        if (latencyCount < latencyBuffer.length) {
                            latencyBuffer[latencyCount++] = micros;
                        }
                    }
                }
                next();
            });
        }
    }

    public static void main(String[] args) throws Exception {
        String javaCommand = System.getProperty("bench.java", "java");
        String classpath = System.getProperty("bench.classpath");
        String nodeServer = System.getProperty("bench.nodeServer", "");
        double warmupSeconds = Double.parseDouble(System.getProperty("bench.warmup", "3"));
        double runSeconds = Double.parseDouble(System.getProperty("bench.seconds", "3"));
        int[] clientCounts = Arrays.stream(System.getProperty("bench.clients", "1,10,50,100").split(","))
                .mapToInt(Integer::parseInt).toArray();
        String[] transports = System.getProperty("bench.transports", "websocket,polling+upgrade").split(",");

        // The peer: Node's socket.io, or another build of iobind-server (bench.peerClasspath) to compare two builds.
        String peerClasspath = System.getProperty("bench.peerClasspath", "");
        List<String> servers = new ArrayList<>(List.of("iobind"));
        if (!peerClasspath.isEmpty()) {
            servers.add("peer");
        } else if (!nodeServer.isEmpty()) {
            servers.add("node");
        }
        double serverWarmupSeconds = Double.parseDouble(System.getProperty("bench.serverWarmup", "15"));
        int[] nodeCounts = Arrays.stream(System.getProperty("bench.nodes", "1").split(","))
                .mapToInt(Integer::parseInt).toArray();
        String redisUrl = System.getProperty("bench.redis", "");
        int rounds = Integer.parseInt(System.getProperty("bench.rounds", "1"));
        List<List<Result>> byRound = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            byRound.add(new ArrayList<>());
        }
        for (int nodes : nodeCounts) {
            if (nodes > 1 && redisUrl.isEmpty()) {
                throw new IllegalArgumentException("bench.nodes asks for " + nodes + " nodes: set bench.redis");
            }
            Map<String, List<Process>> running = new java.util.LinkedHashMap<>();
            Map<String, List<URI>> urisOf = new java.util.HashMap<>();
            try {
                for (String server : servers) {
                    List<Process> processes = new ArrayList<>();
                    List<URI> uris = new ArrayList<>();
                    running.put(server, processes);
                    urisOf.put(server, uris);
                    for (int i = 0; i < nodes; i++) {
                        Process process = startServer(serverCommand(server, javaCommand, classpath, nodeServer,
                                nodes > 1 ? redisUrl : ""), nodes > 1 ? redisUrl : "");
                        processes.add(process);
                        uris.add(URI.create(READY.get(process)));
                    }
                    // Both servers are long-running in real use: let the JIT (HotSpot's or V8's) settle first, on
                    // every shape that is measured after (each transport and client count gets an equal share of
                    // the warm-up, at least 2 s): a runtime that has seen only one shape recompiles during the
                    // first measured window of another one.
                    double share = Math.max(2, serverWarmupSeconds / (transports.length * clientCounts.length));
                    for (String transport : transports) {
                        for (int clients : clientCounts) {
                            Result warmup = runLoad(processes, uris, new Scenario(server, transport, clients, nodes),
                                    0, share);
                            System.err.println("warm-up: " + format(warmup));
                        }
                    }
                }
                // Every server is up and warm before the first measured window, and each scenario is measured on
                // the servers back to back, first one then the other in turn: neither gets the load generator's
                // own JIT warm-up, nor a quieter minute of the machine, more often than the other.
                int turn = 0;
                for (int round = 0; round < rounds; round++) {
                    for (String transport : transports) {
                        for (int clients : clientCounts) {
                            List<String> order = new ArrayList<>(servers);
                            if (turn++ % 2 == 1) {
                                java.util.Collections.reverse(order);
                            }
                            for (String server : order) {
                                Result result = runLoad(running.get(server), urisOf.get(server),
                                        new Scenario(server, transport, clients, nodes), warmupSeconds, runSeconds);
                                byRound.get(round).add(result);
                                System.err.println((rounds > 1 ? "round " + (round + 1) + ": " : "") + format(result));
                            }
                        }
                    }
                }
            } finally {
                for (List<Process> processes : running.values()) {
                    for (Process process : processes) {
                        process.destroy();
                        if (!process.waitFor(10, TimeUnit.SECONDS)) {
                            process.destroyForcibly();
                        }
                    }
                }
            }
        }
        List<Result> results = rounds == 1 ? byRound.get(0) : medians(byRound);
        if (nodeCounts.length > 1 || nodeCounts[0] > 1) {
            results.sort(java.util.Comparator.comparing((Result r) -> List.of(transports).indexOf(r.scenario().transport()))
                    .thenComparingInt(r -> r.scenario().clients())
                    .thenComparing(r -> r.scenario().server()).thenComparingInt(r -> r.scenario().nodes()));
            System.out.println(clusterTable(results));
            System.exit(0);
        }
        results.sort(java.util.Comparator.comparing((Result r) -> List.of(transports).indexOf(r.scenario().transport()))
                .thenComparingInt(r -> r.scenario().clients())
                .thenComparing(r -> r.scenario().server()));
        if (rounds > 1) {
            System.out.println("Medians of " + rounds + " rounds (each scenario measured on the servers back to back, "
                    + "their order alternating):\n");
        }
        System.out.println(table(results, servers.size() > 1));
        if (rounds > 1 && servers.size() > 1) {
            System.out.println(tally(byRound));
        }
        System.exit(0);
    }

    static final Map<Process, String> READY = new java.util.concurrent.ConcurrentHashMap<>();

    /** The command of one server process; with {@code redisUrl}, one node of several. */
    static List<String> serverCommand(String server, String javaCommand, String classpath, String nodeServer,
                                      String redisUrl) {
        List<String> command = new ArrayList<>();
        if (server.equals("iobind") || server.equals("peer")) {
            command.add(javaCommand);
            for (String jvmArg : System.getProperty("bench.serverJvmArgs", "").split(" ")) {
                if (!jvmArg.isBlank()) {
                    command.add(jvmArg);
                }
            }
            command.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                    server.equals("peer") ? System.getProperty("bench.peerClasspath") : classpath,
                    "io.iobind.server.Main", "--port", "0"));
            if (!redisUrl.isEmpty()) {
                command.addAll(List.of("--redis", redisUrl));
            }
        } else {
            command.addAll(List.of("node", nodeServer, "0"));
        }
        return command;
    }

    /** Starts a server process and waits for its "listening on URI" line; the Node peer takes Redis from REDIS_URL. */
    static Process startServer(List<String> command, String redisUrl) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (!redisUrl.isEmpty()) {
            builder.environment().put("REDIS_URL", redisUrl);
        }
        Process server = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        while (line != null && !line.startsWith("listening on ")) {
            line = out.readLine();
        }
        if (line == null) {
            server.destroyForcibly();
            throw new IllegalStateException("server did not start: " + command);
        }
        Thread drainOutput = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe empty
                }
            } catch (Exception ignored) {
                // server exited
            }
        });
        drainOutput.setDaemon(true);
        drainOutput.start();
        READY.put(server, line.substring("listening on ".length()).trim());
        return server;
    }

    static Result runLoad(List<Process> servers, List<URI> uris, Scenario scenario, double warmupSeconds,
                          double runSeconds) throws Exception {
        Process server = servers.get(0);
        {
            Window window = new Window();
            String[] transports = scenario.transport().equals("websocket")
                    ? new String[] {"websocket"} : new String[] {"polling", "websocket"};
            List<Client> clients = new ArrayList<>();
            CountDownLatch connected = new CountDownLatch(scenario.clients());
            for (int i = 0; i < scenario.clients(); i++) {
                IO.Options options = IO.Options.builder().setTransports(transports).setForceNew(true)
                        .setReconnection(false).setTimeout(20_000).build();
                options.callFactory = HTTP;
                options.webSocketFactory = HTTP;
                int node = i % uris.size();
                Socket socket = IO.socket(uris.get(node), options);
                socket.once(Socket.EVENT_CONNECT, a -> connected.countDown());
                socket.onAnyIncoming(args -> window.recordPush(args, node));
                clients.add(new Client(socket, window, 1000L + i, node));
                socket.connect();
            }
            if (!connected.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(scenario + ": clients did not connect");
            }
            for (Client client : clients) {
                client.next();
            }
            Thread.sleep((long) (warmupSeconds * 1000));
            long cpuBefore = cpuTicks(servers);
            long redisPid = Long.parseLong(System.getProperty("bench.redisPid", "0"));
            long redisBefore = redisPid > 0 && scenario.nodes() > 1 ? cpuTicks(redisPid) : 0;
            Map<String, long[]> threadsBefore = threadTicks(server.pid());
            long sleepsBefore = voluntarySwitches(servers);
            long start = System.nanoTime();
            window.measuring = true;
            Thread.sleep((long) (runSeconds * 1000));
            window.measuring = false;
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpuAfter = cpuTicks(servers);
            long redisAfter = redisPid > 0 && scenario.nodes() > 1 ? cpuTicks(redisPid) : 0;
            String threadBreakdown = threadBreakdown(threadsBefore, threadTicks(server.pid()));
            long sleeps = voluntarySwitches(servers) - sleepsBefore;
            long opsInWindow = window.ops.get();
            window.stop.set(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (window.inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long expected = window.writes.get() * scenario.clients();
            while (window.pushes.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long peakRss = 0;
            for (Process process : servers) {
                peakRss = Math.max(peakRss, peakRssKb(process.pid()));
            }
            long[] latencies = clients.stream().flatMapToLong(c -> Arrays.stream(c.latencyBuffer, 0, c.latencyCount))
                    .sorted().toArray();
            long[] pushDelays = Arrays.copyOf(window.pushDelays, Math.min(window.pushDelays.length, window.pushDelayCount.get()));
            Arrays.sort(pushDelays);
            for (Client client : clients) {
                client.socket.close();
            }
            return new Result(scenario, window.ops.get(), seconds, percentile(latencies, 0.50),
                    percentile(latencies, 0.99), expected, window.pushes.get(),
                    (cpuAfter - cpuBefore) / 100.0, peakRss, window.errors.get(), threadBreakdown,
                    percentile(pushDelays, 0.50), percentile(pushDelays, 0.99),
                    Window.sorted(window.sameNodeDelays, window.sameNodeCount),
                    Window.sorted(window.otherNodeDelays, window.otherNodeCount), (redisAfter - redisBefore) / 100.0,
                    opsInWindow == 0 ? Double.NaN : (double) sleeps / opsInWindow);
        }
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** utime + stime of all these processes, in clock ticks. */
    static long cpuTicks(List<Process> processes) throws Exception {
        long ticks = 0;
        for (Process process : processes) {
            ticks += cpuTicks(process.pid());
        }
        return ticks;
    }

    /** utime + stime of a process, in clock ticks (USER_HZ = 100 on Linux). */
    static long cpuTicks(long pid) throws Exception {
        long[] times = userAndSystemTicks(Files.readString(Path.of("/proc/" + pid + "/stat")));
        return times[0] + times[1];
    }

    /** {utime, stime} from a {@code /proc/.../stat} line (the fields after the parenthesised name). */
    static long[] userAndSystemTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }

    /** Per thread of a process (by id): {utime, stime} in clock ticks, and its name ({@code comm}). */
    static Map<String, long[]> threadTicks(long pid) {
        Map<String, long[]> ticks = new java.util.HashMap<>();
        File[] tasks = new File("/proc/" + pid + "/task").listFiles();
        if (tasks == null) {
            return ticks;
        }
        for (File task : tasks) {
            try {
                String stat = Files.readString(task.toPath().resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                ticks.put(task.getName() + " " + name, userAndSystemTicks(stat));
            } catch (Exception exited) {
                // the thread ended between listing and reading
            }
        }
        return ticks;
    }

    /**
     * Where the window's CPU went: seconds per thread group (JIT compilers, GC/VM, Jetty's network threads,
     * handlers, the write batch's flush timer, other), and user vs system time.
     */
    static String threadBreakdown(Map<String, long[]> before, Map<String, long[]> after) {
        Map<String, Long> groups = new java.util.TreeMap<>();
        long user = 0;
        long system = 0;
        for (Map.Entry<String, long[]> thread : after.entrySet()) {
            long[] was = before.getOrDefault(thread.getKey(), new long[2]);
            long u = thread.getValue()[0] - was[0];
            long s = thread.getValue()[1] - was[1];
            user += u;
            system += s;
            String name = thread.getKey().substring(thread.getKey().indexOf(' ') + 1);
            String group = name.contains("Compiler") ? "jit"
                    : name.startsWith("GC") || name.startsWith("VM ") ? "gc+vm"
                    : name.startsWith("iobind-http") ? "jetty"
                    : name.startsWith("iobind-handler") ? "handlers"
                    : name.startsWith("iobind-flush") ? "flush-timer"
                    : name.startsWith("node") || name.startsWith("V8") || name.startsWith("libuv") ? name.replaceAll("[ #0-9]+$", "")
                    : "other";
            groups.merge(group, u + s, Long::sum);
        }
        StringBuilder text = new StringBuilder();
        groups.forEach((group, ticks) -> text.append(group).append('=').append(ticks / 100.0).append("s "));
        return text.append("(user ").append(user / 100.0).append("s, system ").append(system / 100.0).append("s)").toString();
    }

    /**
     * Voluntary context switches of all threads of the processes: how often a server thread went to sleep (waiting
     * for bytes, for work, for a lock), the threading design's share of the kernel's work per op. A thread that ends
     * during the window takes its count with it (the figure then comes out low).
     */
    static long voluntarySwitches(List<Process> processes) {
        long switches = 0;
        for (Process process : processes) {
            File[] tasks = new File("/proc/" + process.pid() + "/task").listFiles();
            for (File task : tasks == null ? new File[0] : tasks) {
                try {
                    for (String line : Files.readAllLines(task.toPath().resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (Exception exited) {
                    // the thread ended between listing and reading
                }
            }
        }
        return switches;
    }

    static long peakRssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static String format(Result r) {
        return String.format(Locale.ROOT, "%-6s %-16s N=%-3d ops/s=%8.0f p50=%6.2fms p99=%7.2fms pushes=%d/%d cpu/1k=%.3fs rss=%dMB errors=%d",
                r.scenario().server(), r.scenario().transport(), r.scenario().clients(), r.opsPerSecond(),
                r.p50Micros() / 1000.0, r.p99Micros() / 1000.0, r.pushesReceived(), r.pushesExpected(),
                r.cpuPerThousand(), r.peakRssKb() / 1024, r.errors())
                + String.format(Locale.ROOT, "%n       push delay p50=%.2fms p99=%.2fms; server thread sleeps per acked op %.2f;"
                + " server CPU in the window: %s",
                r.pushP50Micros() / 1000.0, r.pushP99Micros() / 1000.0, r.sleepsPerOp(), r.threadBreakdown());
    }

    /**
     * One node vs two (sharing pushes through Redis), per server: acked ops/s, ack p99, push delay to a client on the
     * writer's node and on the other node, CPU of all nodes and of redis-server per 1000 acked ops.
     */
    static String clusterTable(List<Result> results) {
        StringBuilder table = new StringBuilder();
        table.append("| server | transport | N | nodes | acked ops/s | ack p99 ms | push p50 / p99 ms, writer's node | push p50 / p99 ms, other node | pushes received / expected | nodes' CPU s per 1000 ops | redis-server CPU s per 1000 ops |\n");
        table.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            table.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.0f | %.2f | %s | %s | %d / %d | %.3f | %s |%n",
                    r.scenario().server(), r.scenario().transport(), r.scenario().clients(), r.scenario().nodes(),
                    r.opsPerSecond(), r.p99Micros() / 1000.0, delays(r.sameNodePush()), delays(r.otherNodePush()),
                    r.pushesReceived(), r.pushesExpected(), r.cpuPerThousand(),
                    r.scenario().nodes() > 1 ? String.format(Locale.ROOT, "%.3f", r.redisCpuSeconds() / (r.ops() / 1000.0)) : "-"));
        }
        return table.toString();
    }

    private static String delays(long[] sorted) {
        return sorted.length == 0 ? "-" : String.format(Locale.ROOT, "%.2f / %.2f",
                percentile(sorted, 0.50) / 1000.0, percentile(sorted, 0.99) / 1000.0);
    }

    /** Per scenario, the median of the rounds' figures (pushes and errors summed, peak RSS the highest). */
    static List<Result> medians(List<List<Result>> byRound) {
        Map<Scenario, List<Result>> byScenario = new java.util.LinkedHashMap<>();
        for (List<Result> round : byRound) {
            for (Result r : round) {
                byScenario.computeIfAbsent(r.scenario(), s -> new ArrayList<>()).add(r);
            }
        }
        List<Result> medians = new ArrayList<>();
        for (Map.Entry<Scenario, List<Result>> entry : byScenario.entrySet()) {
            List<Result> all = entry.getValue();
            long ops = Math.round(median(all, Result::opsPerSecond));
            medians.add(new Result(entry.getKey(), ops, 1.0, Math.round(median(all, Result::p50Micros)),
                    Math.round(median(all, Result::p99Micros)), all.stream().mapToLong(Result::pushesExpected).sum(),
                    all.stream().mapToLong(Result::pushesReceived).sum(), median(all, Result::cpuPerThousand) * ops / 1000.0,
                    all.stream().mapToLong(Result::peakRssKb).max().orElse(-1), all.stream().mapToLong(Result::errors).sum(),
                    "", Math.round(median(all, Result::pushP50Micros)), Math.round(median(all, Result::pushP99Micros)),
                    new long[0], new long[0], 0, median(all, Result::sleepsPerOp)));
        }
        return medians;
    }

    static double median(List<Result> results, java.util.function.ToDoubleFunction<Result> figure) {
        double[] sorted = results.stream().mapToDouble(figure).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** In how many rounds iobind was at least as good as node on each measure, with each round's ratio. */
    static String tally(List<List<Result>> byRound) {
        String peer = peerName(byRound.get(0));
        StringBuilder table = new StringBuilder("Round by round, iobind / " + peer + " (rounds where iobind is at least as good):\n\n"
                + "| transport | N | throughput (≥ 1) | CPU per op (≤ 1) | p99 (≤ 1) |\n|---|---:|---|---|---|\n");
        for (Result first : byRound.get(0)) {
            if (!first.scenario().server().equals("iobind")) {
                continue;
            }
            List<double[]> ratios = new ArrayList<>();
            for (List<Result> round : byRound) {
                Result ours = null;
                Result theirs = null;
                for (Result r : round) {
                    if (r.scenario().transport().equals(first.scenario().transport())
                            && r.scenario().clients() == first.scenario().clients()) {
                        if (r.scenario().server().equals("iobind")) {
                            ours = r;
                        } else {
                            theirs = r;
                        }
                    }
                }
                if (ours != null && theirs != null) {
                    ratios.add(new double[] {ours.opsPerSecond() / theirs.opsPerSecond(),
                            ours.cpuPerThousand() / theirs.cpuPerThousand(), (double) ours.p99Micros() / theirs.p99Micros()});
                }
            }
            table.append("| ").append(first.scenario().transport()).append(" | ").append(first.scenario().clients());
            for (int measure = 0; measure < 3; measure++) {
                int index = measure;
                long good = ratios.stream().filter(r -> index == 0 ? r[index] >= 1 : r[index] <= 1).count();
                table.append(" | ").append(good).append(" of ").append(ratios.size()).append(": ").append(ratios.stream()
                        .map(r -> String.format(Locale.ROOT, "%.2f", r[index])).collect(java.util.stream.Collectors.joining(", ")));
            }
            table.append(" |\n");
        }
        return table.toString();
    }

    /** The server iobind is compared with: node, or peer (another build). */
    static String peerName(List<Result> results) {
        return results.stream().map(r -> r.scenario().server()).filter(name -> !name.equals("iobind")).findFirst()
                .orElse("node");
    }

    static String table(List<Result> results, boolean withNode) {
        StringBuilder table = new StringBuilder();
        table.append("| server | transport | N | acked ops/s | p50 ms | p99 ms | push delay p50 ms | push delay p99 ms | pushes received / expected | server CPU s per 1000 ops | server thread sleeps per op | server peak RSS MB |\n");
        table.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            table.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %d / %d | %.3f | %.2f | %d |%n",
                    r.scenario().server(), r.scenario().transport(), r.scenario().clients(), r.opsPerSecond(),
                    r.p50Micros() / 1000.0, r.p99Micros() / 1000.0, r.pushP50Micros() / 1000.0, r.pushP99Micros() / 1000.0,
                    r.pushesReceived(), r.pushesExpected(),
                    r.cpuPerThousand(), r.sleepsPerOp(), r.peakRssKb() / 1024));
        }
        if (withNode) {
            table.append("\nRatios iobind / " + peerName(results) + " (throughput > 1 is better; CPU per op and p99 < 1 are better):\n\n");
            table.append("| transport | N | throughput | CPU per op | p99 | push delay p99 |\n|---|---:|---:|---:|---:|---:|\n");
            for (Result ours : results) {
                if (!ours.scenario().server().equals("iobind")) {
                    continue;
                }
                for (Result theirs : results) {
                    if (!theirs.scenario().server().equals("iobind")
                            && theirs.scenario().transport().equals(ours.scenario().transport())
                            && theirs.scenario().clients() == ours.scenario().clients()) {
                        table.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.2f |%n",
                                ours.scenario().transport(), ours.scenario().clients(),
                                ours.opsPerSecond() / theirs.opsPerSecond(),
                                ours.cpuPerThousand() / theirs.cpuPerThousand(),
                                (double) ours.p99Micros() / theirs.p99Micros(),
                                (double) ours.pushP99Micros() / theirs.pushP99Micros()));
                    }
                }
            }
        }
        return table.toString();
    }
}
