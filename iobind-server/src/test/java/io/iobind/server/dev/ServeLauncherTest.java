package io.iobind.server.dev;

import io.iobind.server.LoopbackHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iobind.server.JavaClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.iobind.server.JavaClient.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dev server in this JVM: what it serves, the live-reload channel, a busy port, and the order of a graceful stop. */
class ServeLauncherTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Page requests (see LoopbackHttp for why not the JDK's client); a live-reload stream has the JDK's, see EventStream. */
    private final LoopbackHttp http = new LoopbackHttp();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private ServeLauncher.Running running;

    @BeforeEach
    void files() throws Exception {
        RecordingBackend.reset();
        Files.createDirectories(dir.resolve("web/sub"));
        Files.writeString(dir.resolve("web/index.html"), "<!doctype html><title>t</title><body><h1>Done.</h1></body></html>\n");
        Files.writeString(dir.resolve("web/sub/page.htm"), "<p>fragment");
        Files.writeString(dir.resolve("web/app.js"), "var app = 1;\n");
        Files.createDirectories(dir.resolve("dist"));
        Files.writeString(dir.resolve("dist/backbone.iobind.js"), "/* bundle */\n");
        Files.createDirectories(dir.resolve("vendor/backbone"));
        Files.writeString(dir.resolve("vendor/backbone/backbone.js"), "/* backbone */\n");
    }

    @AfterEach
    void stop() throws Exception {
        if (running != null) {
            running.stop();
        }
        http.close();
    }

    private ServeLauncher.Running start(String... extra) throws Exception {
        String[] base = {"--port", "0", "--web-root", dir.resolve("web").toString(), "--js", dir.resolve("dist").toString(),
                "--vendor", dir.resolve("vendor").toString(), "--port-file", dir.resolve("target/serve.port").toString()};
        String[] args = Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new);
        running = ServeLauncher.start(ServeLauncher.Options.parse(args), err);
        return running;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(running.server().uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageWithTheScriptTheBundlesAndVendorFilesUncached() throws Exception {
        start();
        assertThat(Files.readString(dir.resolve("target/serve.port")).trim()).isEqualTo(String.valueOf(running.server().port()));
        assertThat(running.browserUri()).isEqualTo(URI.create("http://localhost:" + running.server().port() + "/"));

        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).isEqualToIgnoringCase("text/html;charset=UTF-8"));
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.body()).isEqualTo("<!doctype html><title>t</title><body><h1>Done.</h1><script src=\"/__iobind/livereload.js\""
                + " data-iobind-state=\"" + running.liveReload().pageState() + "\"></script>\n</body></html>\n");
        assertThat(get("/index.html").body()).isEqualTo(page.body());
        assertThat(get("/sub/page.htm").body()).startsWith("<p>fragment<script src=\"/__iobind/livereload.js\"");

        HttpResponse<String> script = get("/app.js");
        assertThat(script.body()).isEqualTo("var app = 1;\n");
        assertThat(script.headers().firstValue("Cache-Control")).hasValue("no-cache");
        HttpResponse<String> bundle = get("/js/backbone.iobind.js");
        assertThat(bundle.body()).isEqualTo("/* bundle */\n");
        assertThat(bundle.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(get("/vendor/backbone/backbone.js").body()).isEqualTo("/* backbone */\n");
        assertThat(get("/__iobind/livereload.js").body()).contains("new EventSource('/__iobind/events')");
        assertThat(get("/missing.html").statusCode()).isEqualTo(404);
        assertThat(get("/socket.io/?EIO=4&transport=polling").body()).startsWith("0{");
    }

    @Test
    void theBundlesStandInForTheirWebjar() throws Exception {
        start("--webjar", "backbone.iobind/1.0.0");
        HttpResponse<String> bundle = get("/webjars/backbone.iobind/1.0.0/backbone.iobind.js");
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.body()).isEqualTo("/* bundle */\n");
        assertThat(bundle.headers().firstValue("Cache-Control")).hasValue("no-cache");
        Files.writeString(dir.resolve("dist/backbone.iobind.js"), "/* rebuilt */\n");
        assertThat(get("/webjars/backbone.iobind/1.0.0/backbone.iobind.js").body()).isEqualTo("/* rebuilt */\n");
        HttpResponse<String> folder = get("/webjars/backbone.iobind/1.0.0/");
        assertThat(folder.statusCode()).as("as the other static roots: no listing").isNotEqualTo(200);
        assertThat(folder.body()).doesNotContain("backbone.iobind.js");
        assertThat(get("/webjars/backbone.iobind/2.0.0/backbone.iobind.js").statusCode()).isEqualTo(404);
    }

    @Test
    void aWebjarNeedsANameAndAVersionAndTheBundles() {
        for (String bad : new String[] {"backbone.iobind", "backbone.iobind/", "/1.0.0", "a/b/c", "../1.0.0"}) {
            assertThatThrownBy(() -> ServeLauncher.Options.parse("--web-root", "web", "--js", "dist", "--webjar", bad))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--webjar expects NAME/VERSION");
        }
        assertThatThrownBy(() -> ServeLauncher.Options.parse("--web-root", "web", "--webjar", "backbone.iobind/1.0.0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--webjar needs --js");
    }

    @Test
    void withoutLiveReloadPagesAreServedAsTheyAre() throws Exception {
        start("--live-reload", "false");
        assertThat(get("/").body()).isEqualTo(Files.readString(dir.resolve("web/index.html")));
        assertThat(get("/__iobind/livereload.js").statusCode()).isEqualTo(404);
        assertThat(get("/__iobind/events").statusCode()).isEqualTo(404);
    }

    @Test
    void theChannelDeliversStateReloadErrorAndClearToEveryPage() throws Exception {
        start();
        EventStream first = EventStream.open(running.server().uri());
        EventStream second = EventStream.open(running.server().uri());
        String server = first.next().get("server").asText();
        assertThat(second.next().get("server").asText()).isEqualTo(server);
        assertThat(running.liveReload().pageState()).isEqualTo(server + "/0");

        running.reload();
        for (EventStream page : new EventStream[] {first, second}) {
            JsonNode state = page.next();
            assertThat(state.get("generation").asLong()).isEqualTo(1);
            assertThat(state.get("problems").isNull()).isTrue();
        }

        JsonNode problems = JSON.readTree("[{\"file\":\"lib/model.js\",\"line\":8,\"column\":3,\"reason\":\"Parse error.\"}]");
        running.error(problems);
        assertThat(first.next().get("problems")).isEqualTo(problems);
        assertThat(second.next().get("problems")).isEqualTo(problems);

        // A page that connects now (e.g. one reloaded meanwhile) is told about the problems straight away.
        EventStream late = EventStream.open(running.server().uri());
        JsonNode lateState = late.next();
        assertThat(lateState.get("problems")).isEqualTo(problems);
        assertThat(lateState.get("generation").asLong()).isEqualTo(1);

        running.clear();
        for (EventStream page : new EventStream[] {first, second, late}) {
            assertThat(page.next().get("problems").isNull()).isTrue();
        }
        assertThat(running.liveReload().connectedPages()).isEqualTo(3);

        running.stop();
        running = null;
        for (EventStream page : new EventStream[] {first, second, late}) {
            assertThat(page.ended.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("stream ended by the stop").isTrue();
        }
    }

    @Test
    void aBusyPortFailsWithOneLineNamingThePortAndTheProperty() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> ServeLauncher.start(ServeLauncher.Options.parse("--port", String.valueOf(port),
                    "--web-root", dir.resolve("web").toString(), "--backend", RecordingBackend.class.getName()), err))
                    .isInstanceOf(ServeLauncher.PortInUseException.class)
                    .hasMessage("Port " + port + " on 127.0.0.1 is already in use: set iobind.serve.port to another port"
                            + " (0 picks a free one).");
        }
        assertThat(RecordingBackend.EVENTS).containsExactly("register", "close");
    }

    @Test
    void aBackendThatCannotBeCreatedIsNamedWithTheParameter() {
        assertThatThrownBy(() -> start("--backend", "com.example.Missing"))
                .isInstanceOf(ServeLauncher.BadBackendException.class)
                .hasMessageStartingWith("Backend class com.example.Missing is not on the project's runtime classpath"
                        + " (parameter backend / iobind.serve.backend)");
        assertThatThrownBy(() -> start("--backend", String.class.getName()))
                .isInstanceOf(ServeLauncher.BadBackendException.class)
                .hasMessage("Backend class java.lang.String does not implement io.iobind.server.IobindBackend"
                        + " (parameter backend / iobind.serve.backend).");
    }

    @Test
    void aGracefulStopLetsTheRunningHandlerAnswerThenClosesTheBackend() throws Exception {
        start("--backend", RecordingBackend.class.getName());
        assertThat(RecordingBackend.EVENTS).containsExactly("register");
        try (JavaClient client = JavaClient.websocket(running.server().uri()).connect()) {
            assertThat(client.ok("job:ping")).isEqualTo("pong");
            CompletableFuture<Object[]> ack = new CompletableFuture<>();
            client.socket.emit("job:slow", new Object[] {new org.json.JSONObject()}, ack::complete);
            assertThat(RecordingBackend.handlerStarted.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(running::stop);
            // The stop waits for the handler: nothing is closed while it runs.
            assertThat(stopped).isNotDone();
            assertThat(RecordingBackend.EVENTS).containsExactly("register");
            RecordingBackend.release.countDown();

            Object[] reply = ack.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(reply[0]).isNull();
            assertThat(reply[1]).isEqualTo("done");
            stopped.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        running = null;
        assertThat(RecordingBackend.EVENTS).containsExactly("register", "handler finished", "close");
        assertThat(dir.resolve("target/serve.port")).doesNotExist();
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    /** One page's live-reload stream: the {@code state} events it receives, in order. */
    static final class EventStream {
        final BlockingQueue<JsonNode> states = new LinkedBlockingQueue<>();
        final CompletableFuture<Boolean> ended = new CompletableFuture<>();

        /** Over a client of its own: the stream's connection is never handed to another request. */
        static EventStream open(URI server) throws Exception {
            EventStream stream = new EventStream();
            HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.resolve(LiveReload.EVENTS_PATH)).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            Thread reader = new Thread(() -> {
                try {
                    Iterator<String> lines = response.body().iterator();
                    String event = null;
                    while (lines.hasNext()) {
                        String line = lines.next();
                        if (line.startsWith("event: ")) {
                            event = line.substring(7);
                        } else if (line.startsWith("data: ") && "state".equals(event)) {
                            stream.states.add(JSON.readTree(line.substring(6)));
                        }
                    }
                    stream.ended.complete(true);
                } catch (Exception e) {
                    stream.ended.complete(true);
                }
            }, "test-event-stream");
            reader.setDaemon(true);
            reader.start();
            return stream;
        }

        JsonNode next() throws InterruptedException {
            JsonNode state = states.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(state).as("a state event arrived").isNotNull();
            return state;
        }
    }
}
