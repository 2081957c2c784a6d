// Measures iobind:serve's edit loop (run by bench/serve/run.sh; plain JDK, talks WebDriver to chromedriver itself):
//  1. start:  from the `mvn iobind:serve` command (bundles already built) to the page answering;
//  2. edit:   from writing lib/model.js to the new bundle being served at /js/, and to an open page (headless
//             Chromium) having reloaded with it; also from the moment the watcher logged the change.
import java.io.*;
import java.net.*;
import java.net.http.*;
import java.nio.file.*;
import java.time.*;
import java.time.format.DateTimeFormatter;
import java.util.*;
import java.util.regex.*;

public class ServeLatency {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public static void main(String[] args) throws Exception {
        Path project = Path.of(args[0]).toAbsolutePath();
        List<String> mvn = List.of(args[1].split(" "));
        int starts = Integer.getInteger("bench.starts", 5);
        int edits = Integer.getInteger("bench.edits", 10);

        // 1. Start to answering, after one build (the first run builds; runs after it find the bundles up to date).
        List<Long> startMillis = new ArrayList<>();
        for (int run = 0; run <= starts; run++) {
            long t0 = System.nanoTime();
            Process serve = startServe(project, mvn, "start-" + run + ".log");
            int port = awaitPort(project, serve);
            awaitOk(port, "/");
            long millis = (System.nanoTime() - t0) / 1_000_000;
            if (run > 0) {
                startMillis.add(millis);
            }
            System.err.println((run == 0 ? "warm-up start (builds): " : "start " + run + ": ") + millis + " ms");
            stop(serve);
        }

        // 2. Edits with a page open.
        Process serve = startServe(project, mvn, "edits.log");
        Process driver = null;
        Path profile = Files.createTempDirectory("serve-bench-chromium");
        List<long[]> rows = new ArrayList<>();
        try {
            int port = awaitPort(project, serve);
            int driverPort;
            try (ServerSocket free = new ServerSocket(0)) {
                driverPort = free.getLocalPort();
            }
            driver = new ProcessBuilder("chromedriver", "--port=" + driverPort).redirectErrorStream(true)
                    .redirectOutput(project.resolve("chromedriver.log").toFile()).start();
            String webdriver = "http://127.0.0.1:" + driverPort;
            awaitOk(webdriver, "/status");
            String session = json(post(webdriver + "/session", """
                    {"capabilities":{"alwaysMatch":{"goog:chromeOptions":{"binary":"%s","args":["--headless","--no-sandbox",
                    "--disable-gpu","--disable-background-networking","--user-data-dir=%s"]}}}}"""
                    .formatted(System.getProperty("bench.chromium", "/usr/bin/chromium"), profile)), "sessionId");
            String base = webdriver + "/session/" + session;
            post(base + "/url", "{\"url\":\"http://localhost:" + port + "/\"}");
            Path model = project.resolve("lib/model.js");
            String original = Files.readString(model);
            for (int edit = 1; edit <= edits; edit++) {
                // A marker that survives until the page reloads; then wait for the stream to be up again.
                awaitTrue(base, "return document.readyState === 'complete'");
                execute(base, "window.__benchMarker = true; return true");
                Thread.sleep(1500); // let the page's live-reload stream connect and the previous scan settle
                String marker = "Backbone.benchEdit = " + edit + ";";
                long written = System.currentTimeMillis();
                Files.writeString(model, original + "\n" + marker + "\n");
                long served = 0;
                while (served == 0) {
                    if (get(port, "/js/backbone.iobind.js").contains(marker)) {
                        served = System.currentTimeMillis();
                    } else {
                        Thread.sleep(5);
                    }
                }
                awaitTrue(base, "return window.__benchMarker === undefined && document.readyState === 'complete'");
                long reloaded = Math.round(Double.parseDouble(execute(base,
                        "var n = performance.getEntriesByType('navigation')[0]; return String(performance.timeOrigin + n.loadEventEnd)")));
                long noticed = noticedAt(project.resolve("edits.log"), edit);
                rows.add(new long[] {served - written, reloaded - written, served - noticed, reloaded - noticed});
                System.err.printf("edit %d: served %d ms, page reloaded %d ms after the write; %d / %d ms after the watcher noticed%n",
                        edit, served - written, reloaded - written, served - noticed, reloaded - noticed);
            }
            Files.writeString(model, original);
            HTTP.send(HttpRequest.newBuilder(URI.create(base)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            if (driver != null) {
                driver.destroy();
            }
            stop(serve);
        }
        System.out.println("start, command to page answering (bundles up to date), " + starts + " runs: " + summary(startMillis));
        String[] names = {"write -> new bundle served", "write -> open page reloaded", "watcher noticed -> new bundle served",
                "watcher noticed -> open page reloaded"};
        for (int i = 0; i < names.length; i++) {
            List<Long> column = new ArrayList<>();
            for (long[] row : rows) {
                column.add(row[i]);
            }
            System.out.println(names[i] + ", " + rows.size() + " edits: " + summary(column));
        }
    }

    static String summary(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return "median " + sorted.get(sorted.size() / 2) + " ms (min " + sorted.get(0) + ", max " + sorted.get(sorted.size() - 1) + ")";
    }

    /** The time of the edit's "Changed:" log line (Maven prints HH:mm:ss.SSS with the options run.sh passes). */
    static long noticedAt(Path log, int edit) throws Exception {
        Pattern changed = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d) \\[INFO\\] Changed: lib/model.js; rebuilding\\.");
        List<LocalTime> times = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (times.size() < edit && System.currentTimeMillis() < deadline) {
            times.clear();
            for (String line : Files.readAllLines(log)) {
                Matcher matcher = changed.matcher(line);
                if (matcher.find()) {
                    times.add(LocalTime.parse(matcher.group(1), DateTimeFormatter.ofPattern("HH:mm:ss.SSS")));
                }
            }
        }
        LocalTime time = times.get(edit - 1);
        return LocalDate.now().atTime(time).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }

    static Process startServe(Path project, List<String> mvn, String log) throws IOException {
        Files.deleteIfExists(project.resolve("target/iobind-serve.port"));
        List<String> command = new ArrayList<>(mvn);
        command.add("-Diobind.serve.port=0");
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(project.resolve(log).toFile());
        // Maven's log lines with the time, to see when the watcher noticed the change.
        builder.environment().merge("MAVEN_OPTS", "-Dorg.slf4j.simpleLogger.showDateTime=true"
                + " -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS", (a, b) -> a + " " + b);
        return builder.start();
    }

    static int awaitPort(Path project, Process serve) throws Exception {
        Path portFile = project.resolve("target/iobind-serve.port");
        long deadline = System.currentTimeMillis() + 120_000;
        while (!Files.isRegularFile(portFile) || Files.readString(portFile).isBlank()) {
            if (!serve.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("iobind:serve did not start; see its log in " + project);
            }
            Thread.sleep(2);
        }
        return Integer.parseInt(Files.readString(portFile).trim());
    }

    static void awaitOk(int port, String path) throws Exception {
        awaitOk("http://127.0.0.1:" + port, path);
    }

    static void awaitOk(String base, String path) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(base + path + " did not answer");
            }
            Thread.sleep(2);
        }
    }

    static void stop(Process serve) throws Exception {
        serve.destroy(); // SIGTERM, like Ctrl-C: Maven stops the server JVM gracefully
        serve.waitFor();
    }

    static String get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static String post(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static String execute(String base, String script) throws Exception {
        return json(post(base + "/execute/sync", "{\"script\":\"" + script.replace("\"", "\\\"") + "\",\"args\":[]}"), "value");
    }

    static void awaitTrue(String base, String script) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                if ("true".equals(execute(base, script))) {
                    return;
                }
            } catch (IllegalStateException navigating) {
                // the page is being replaced
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out: " + script);
            }
            Thread.sleep(5);
        }
    }

    /** The value of a top-level key (or of "value" inside it) in WebDriver's JSON: enough for strings and booleans. */
    static String json(String text, String key) {
        Matcher matcher = Pattern.compile("\"" + key + "\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|true|false|null|[-0-9.eE]+)").matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + key + " in " + text);
        }
        return matcher.group(2) != null ? matcher.group(2) : matcher.group(1);
    }
}
