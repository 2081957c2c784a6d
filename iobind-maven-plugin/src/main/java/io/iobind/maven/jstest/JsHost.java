package io.iobind.maven.jstest;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * What one spec file's JavaScript may ask of Java: timers, module resolution and compilation, the read side of
 * the file system, and the reporter's events. Only the methods marked {@link HostAccess.Export} are visible.
 */
public final class JsHost {

    /** Receives the mocha reporter's events ({@code begin}, {@code pass}, {@code pending}, {@code fail}, {@code end}). */
    interface EventSink {
        void event(String type, String json);
    }

    /** Compiles a module file into its CommonJS wrapper function; throws on a syntax error. */
    interface ModuleCompiler {
        Value compile(Path file);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventLoop loop;
    private final ModuleResolver resolver;
    private final ModuleCompiler compiler;
    private final EventSink sink;
    private final StringBuilder output;
    private final Path workingDirectory;
    private String lastError = "";

    JsHost(EventLoop loop, ModuleResolver resolver, ModuleCompiler compiler, EventSink sink, StringBuilder output, Path workingDirectory) {
        this.loop = loop;
        this.resolver = resolver;
        this.compiler = compiler;
        this.sink = sink;
        this.output = output;
        this.workingDirectory = workingDirectory;
    }

    @HostAccess.Export
    public double schedule(Value callback, double delayMillis, boolean repeat) {
        return loop.schedule(callback, delayMillis, repeat);
    }

    @HostAccess.Export
    public double immediate(Value callback) {
        return loop.immediate(callback);
    }

    @HostAccess.Export
    public void cancel(double id) {
        if (!Double.isNaN(id)) {
            loop.cancel((long) id);
        }
    }

    @HostAccess.Export
    public void event(String type, String json) {
        sink.event(type, json);
    }

    @HostAccess.Export
    public String environmentJson() throws JsonProcessingException {
        Map<String, String> environment = System.getenv();
        return JSON.writeValueAsString(environment);
    }

    @HostAccess.Export
    public String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return os.startsWith("windows") ? "win32" : os.startsWith("mac") ? "darwin" : "linux";
    }

    @HostAccess.Export
    public String cwd() {
        return workingDirectory.toString();
    }

    @HostAccess.Export
    public double nanoTime() {
        return System.nanoTime();
    }

    @HostAccess.Export
    public void write(String text) {
        output.append(text);
    }

    @HostAccess.Export
    public boolean exists(String path) {
        return Files.exists(Path.of(path));
    }

    @HostAccess.Export
    public boolean isFile(String path) {
        return Files.isRegularFile(Path.of(path));
    }

    @HostAccess.Export
    public boolean isDirectory(String path) {
        return Files.isDirectory(Path.of(path));
    }

    @HostAccess.Export
    public double size(String path) throws IOException {
        return Files.size(Path.of(path));
    }

    @HostAccess.Export
    public String readFile(String path, String encoding) throws IOException {
        Charset charset = encoding == null || encoding.equalsIgnoreCase("utf8") ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        return Files.readString(Path.of(path), charset);
    }

    @HostAccess.Export
    public String list(String path) throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(path))) {
            return JSON.writeValueAsString(entries.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** The absolute file {@code require(request)} from {@code fromFile} loads, or null (then see {@link #lastError()}). */
    @HostAccess.Export
    public String resolve(String request, String fromFile) {
        try {
            return resolver.resolve(request, Path.of(fromFile)).toString();
        } catch (ModuleResolver.ResolveException e) {
            lastError = e.getMessage();
            return null;
        }
    }

    /** The module wrapper function of a file; a syntax error propagates as the JavaScript SyntaxError it is. */
    @HostAccess.Export
    public Value compile(String file) {
        return compiler.compile(Path.of(file));
    }

    @HostAccess.Export
    public String lastError() {
        return lastError;
    }
}
