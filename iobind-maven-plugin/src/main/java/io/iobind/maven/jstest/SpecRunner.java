package io.iobind.maven.jstest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

import io.iobind.maven.npm.NodeModules;

/**
 * Runs mocha spec files inside GraalJS: one shared {@link Engine} for the run (so mocha, chai and the libraries
 * are parsed once), a fresh {@link Context} per spec file, the real mocha browser bundle with its BDD interface,
 * CommonJS {@code require} over the locked npm packages, a Java event loop for the timers, and a watchdog that
 * interrupts a callback stuck in a synchronous loop. Maven-free: the {@code iobind:test} goal is a thin caller.
 */
public final class SpecRunner implements AutoCloseable {

    /**
     * How to run.
     *
     * @param projectDirectory the spec files' project (working directory for {@code process.cwd()} and path.resolve)
     * @param displayRoot      file names in reports and stack traces are relative to it (the repository root)
     * @param nodeModules      the locked npm packages; must include mocha
     * @param timeoutMillis    mocha's per-test timeout (a spec may change it with {@code this.timeout})
     * @param watchdogMillis   how long one synchronous piece of JavaScript may run before it is interrupted
     * @param fileTimeoutMillis how long one spec file may take in all
     * @param titleFilter      only tests whose full title contains this text run (mocha's grep), or null for all
     * @param ownPackages      the plugin's own mocha and/or chai ({@link RunnerKit}), unpacked, by name: used for the
     *                         ones the lockfile does not lock
     */
    public record Options(Path projectDirectory, Path displayRoot, NodeModules nodeModules, long timeoutMillis,
            long watchdogMillis, long fileTimeoutMillis, String titleFilter, Map<String, Path> ownPackages) {

        public Options {
            ownPackages = ownPackages == null ? Map.of() : Map.copyOf(ownPackages);
        }

        /** Options that take mocha and chai from the lockfile only. */
        public Options(Path projectDirectory, Path displayRoot, NodeModules nodeModules, long timeoutMillis,
                long watchdogMillis, long fileTimeoutMillis, String titleFilter) {
            this(projectDirectory, displayRoot, nodeModules, timeoutMillis, watchdogMillis, fileTimeoutMillis, titleFilter, Map.of());
        }
    }

    /** The title of a problem with the spec file as a whole (syntax error, failed require, hang while loading). */
    static final String FILE_LEVEL = "(spec file)";
    private static final long SET_UP_MILLIS = 120_000;
    private static final String MOCHA_BUNDLE = "mocha/mocha.js";
    private static final String WRAPPER_PREFIX = "(function (exports, require, module, __filename, __dirname) {";
    private static final String WRAPPER_SUFFIX = "\n})";
    private static final Pattern INTERNAL_FRAME = Pattern.compile("^\\s*at .*\\(?node_modules/(mocha|chai|assert|assertion-error)/.*$");

    static {
        if (System.getProperty("polyglotimpl.AttachLibraryFailureAction") == null) {
            // On stock JDKs Truffle cannot attach its native helper; it works without, so the warning is noise.
            System.setProperty("polyglotimpl.AttachLibraryFailureAction", "ignore");
        }
    }

    private final Options options;
    private final ModuleResolver resolver;
    private final Engine engine;
    private final ScheduledExecutorService watchdog;
    private final Map<Path, Source> moduleSources = new ConcurrentHashMap<>();
    private final Source nodeGlobals;
    private final Source mochaHarness;
    private final Charset charset;
    private Source mochaBundle;

    public SpecRunner(Options options, Charset charset) {
        this.options = options;
        this.charset = charset;
        this.resolver = new ModuleResolver(options.nodeModules(), options.displayRoot(), options.ownPackages());
        this.engine = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "iobind-test-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        this.nodeGlobals = internalSource("node-globals.js");
        this.mochaHarness = internalSource("mocha-harness.js");
    }

    private static Source internalSource(String name) {
        try (InputStream in = SpecRunner.class.getResourceAsStream(name)) {
            String text = new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
            return Source.newBuilder("js", text, "iobind:" + name).buildLiteral();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one spec file; never throws for what the spec does (syntax errors, hangs, failures are results). */
    public SpecFileResult run(Path specFile) {
        return run(specFile, options.watchdogMillis(), options.titleFilter());
    }

    /** As {@link #run(Path)} with another watchdog limit and title filter (tests use it to share one warm Engine). */
    SpecFileResult run(Path specFile, long watchdogMillis, String titleFilter) {
        Path file = specFile.toAbsolutePath().normalize();
        String displayName = resolver.displayName(file);
        long started = System.nanoTime();
        FileRun run = new FileRun(file, displayName, watchdogMillis, titleFilter);
        try {
            run.execute();
        } finally {
            run.close();
        }
        long millis = (System.nanoTime() - started) / 1_000_000L;
        return new SpecFileResult(displayName, List.copyOf(run.results), millis, run.output.toString());
    }

    /**
     * Whether a spec file has {@code .only} tests or suites, by loading it without running anything. A file that
     * fails to load counts as having them, so a restricted run still reports its error.
     */
    boolean hasOnlyTests(Path specFile) {
        Path file = specFile.toAbsolutePath().normalize();
        FileRun run = new FileRun(file, resolver.displayName(file), options.watchdogMillis(), options.titleFilter());
        run.probeOnly = true;
        try {
            run.execute();
        } finally {
            run.close();
        }
        return run.hasOnly || !run.results.isEmpty();
    }

    /** The mocha browser bundle, from the plugin's own mocha when given, else from the locked mocha package. */
    private synchronized Source mochaBundle() throws ModuleResolver.ResolveException {
        Path own = options.ownPackages().get("mocha");
        if (mochaBundle == null && own != null) {
            Path file = own.resolve(RunnerKit.ENTRIES.get("mocha"));
            mochaBundle = Source.newBuilder("js", read(file), resolver.displayName(file)).buildLiteral();
        }
        if (mochaBundle == null) {
            // Looked up as the package directory's own files would: the specs may live elsewhere.
            Path from = options.nodeModules() == null ? options.projectDirectory().resolve("package.json")
                    : options.nodeModules().lock().file();
            Path file = resolver.resolve(MOCHA_BUNDLE, from);
            mochaBundle = Source.newBuilder("js", read(file), resolver.displayName(file)).buildLiteral();
        }
        return mochaBundle;
    }

    private String read(Path file) {
        try {
            return Files.readString(file, charset);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** The CommonJS wrapper of a file, kept on one line so line numbers stay those of the file. */
    private Source moduleSource(Path file) {
        return moduleSources.computeIfAbsent(file, f -> Source.newBuilder("js",
                WRAPPER_PREFIX + read(f) + WRAPPER_SUFFIX, resolver.displayName(f)).buildLiteral());
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        engine.close();
    }

    /** Raised when the watchdog interrupted a synchronous piece of JavaScript. */
    private static final class Hung extends Exception {
        Hung() {
            super(null, null, false, false);
        }
    }

    /** The state of one spec file's run, on the calling thread. */
    private final class FileRun implements JsHost.EventSink {
        private final Path file;
        private final String displayName;
        private final List<TestCaseResult> results = new ArrayList<>();
        private final StringBuilder output = new StringBuilder();
        private final EventLoop loop = new EventLoop();
        private final ObjectMapper json = new ObjectMapper();
        private final Context context;
        private volatile boolean hung;
        private boolean ended;
        private boolean loading;
        private String runningTest;
        private String runningTitle;
        private final long watchdogMillis;
        private final String titleFilter;
        /** Load the file and ask mocha about {@code .only} instead of running it. */
        boolean probeOnly;
        boolean hasOnly;

        FileRun(Path file, String displayName, long watchdogMillis, String titleFilter) {
            this.watchdogMillis = watchdogMillis;
            this.titleFilter = titleFilter;
            this.file = file;
            this.displayName = displayName;
            this.context = Context.newBuilder("js").engine(engine)
                    .allowHostAccess(HostAccess.newBuilder().allowAccessAnnotatedBy(HostAccess.Export.class).build())
                    // mocha under Node lets a rejection nobody handles pass silently; we keep the verdict the same
                    // (a spec must mean the same on both) but print a warning into the file's output.
                    .option("js.unhandled-rejections", "warn")
                    .out(new TextSink(output)).err(new TextSink(output))
                    .build();
        }

        void execute() {
            JsHost host = new JsHost(loop, resolver, f -> context.eval(moduleSource(f)), this, output,
                    options.projectDirectory().toAbsolutePath().normalize());
            try {
                Source mocha;
                try {
                    mocha = mochaBundle();
                } catch (ModuleResolver.ResolveException e) {
                    fileError("Error", "Cannot load mocha's browser bundle: " + e.getMessage(), null);
                    return;
                }
                // Our own set-up cannot loop forever, but parsing mocha cold in an interpreter-only JVM is slow.
                long setUpBudget = Math.max(watchdogMillis, SET_UP_MILLIS);
                turn(() -> context.eval(nodeGlobals).execute(host), setUpBudget);
                turn(() -> context.eval(mocha), setUpBudget);
                Value harnessOptions = context.eval("js", "({})");
                harnessOptions.putMember("timeout", options.timeoutMillis());
                harnessOptions.putMember("grep", titleFilter);
                turn(() -> context.eval(mochaHarness).execute(host, harnessOptions), setUpBudget);
                Value iobind = context.getBindings("js").getMember("__iobind");
                loading = true;
                try {
                    turn(() -> iobind.getMember("loadSpec").execute(file.toString(), displayName));
                } catch (PolyglotException e) {
                    loadError(e);
                    return;
                }
                loading = false;
                if (probeOnly) {
                    turn(() -> hasOnly = iobind.getMember("hasOnly").execute().asBoolean());
                    return;
                }
                turn(() -> iobind.getMember("run").executeVoid());
                drain();
            } catch (Hung e) {
                String where = runningTest != null ? "test \"" + runningTest + "\""
                        : loading ? "loading the spec file" : "a hook or callback outside any test";
                results.add(new TestCaseResult(runningTest != null ? runningTest : FILE_LEVEL,
                        runningTitle != null ? runningTitle : FILE_LEVEL, TestOutcome.ERROR, watchdogMillis, "Timeout",
                        displayName + ": " + where + " ran synchronously for more than " + watchdogMillis
                                + " ms and was interrupted (an endless loop?); the rest of this file was not run.", null));
            } catch (PolyglotException e) {
                fileError(errorName(e), describe(e), stackOf(e));
            }
        }

        private void drain() throws Hung {
            long deadline = System.nanoTime() + options.fileTimeoutMillis() * 1_000_000L;
            while (!ended) {
                EventLoop.Task task = loop.takeReady();
                if (task != null) {
                    try {
                        turn(() -> task.callback().executeVoid());
                    } catch (PolyglotException e) {
                        uncaught(e);
                    }
                    continue;
                }
                long wait = loop.nanosUntilNext();
                if (wait < 0) {
                    fileError("Error", displayName + ": " + (runningTest != null ? "test \"" + runningTest + "\"" : "the run")
                            + " never finished and nothing is scheduled any more (a done callback never called, or a promise"
                            + " never settled, with the timeout off?).", null);
                    return;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fileError("Timeout", displayName + ": did not finish within " + options.fileTimeoutMillis() + " ms.", null);
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.min(wait, left));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fileError("Error", displayName + ": interrupted.", null);
                    return;
                }
            }
        }

        /** An error escaped a timer callback: hand it to mocha's window.onerror hook, as a browser would. */
        private void uncaught(PolyglotException e) throws Hung {
            if (!e.isGuestException()) {
                throw e;
            }
            Value onerror = context.getBindings("js").getMember("onerror");
            if (onerror != null && onerror.canExecute()) {
                SourceSection at = e.getSourceLocation();
                Value error = e.getGuestObject();
                try {
                    turn(() -> onerror.execute(e.getMessage(), at == null ? displayName : at.getSource().getName(),
                            at == null ? 0 : at.getStartLine(), at == null ? 0 : at.getStartColumn(), error));
                } catch (PolyglotException inHandler) {
                    fileError(errorName(inHandler), describe(inHandler), stackOf(inHandler));
                }
            } else {
                fileError(errorName(e), "Uncaught in a timer callback: " + describe(e), stackOf(e));
            }
        }

        private void turn(Runnable action) throws Hung {
            turn(action, watchdogMillis);
        }

        private void turn(Runnable action, long budgetMillis) throws Hung {
            hung = false;
            ScheduledFuture<?> alarm = watchdog.schedule(() -> {
                hung = true;
                try {
                    context.interrupt(Duration.ofSeconds(10));
                } catch (TimeoutException ignored) {
                    // the close(true) that follows the Hung result cancels it for good
                }
            }, budgetMillis, TimeUnit.MILLISECONDS);
            try {
                action.run();
                hung = false; // finished just as the alarm rang: not hung
            } catch (PolyglotException e) {
                if (hung) {
                    throw new Hung();
                }
                throw e;
            } finally {
                alarm.cancel(false);
            }
        }

        private void loadError(PolyglotException e) {
            String type = errorName(e);
            String message = describe(e);
            if (e.isSyntaxError() || "SyntaxError".equals(type)) {
                SourceSection at = e.getSourceLocation();
                String location = at == null ? displayName : at.getSource().getName() + ":" + at.getStartLine() + ":" + at.getStartColumn();
                if (message.startsWith("SyntaxError: ")) {
                    message = message.substring("SyntaxError: ".length());
                }
                if (at == null || !message.contains(at.getSource().getName() + ":")) {
                    message = location + " " + message;
                }
                fileError("SyntaxError", message, location);
            } else {
                fileError(type, displayName + " failed to load: " + message, stackOf(e));
            }
        }

        private void fileError(String type, String message, String stack) {
            results.add(new TestCaseResult(FILE_LEVEL, FILE_LEVEL, TestOutcome.ERROR, 0, type, message, stack));
        }

        private String errorName(PolyglotException e) {
            if (e.isGuestException() && e.getGuestObject() != null && e.getGuestObject().hasMembers()) {
                Value name = e.getGuestObject().getMember("name");
                if (name != null && name.isString()) {
                    return name.asString();
                }
            }
            return e.isSyntaxError() ? "SyntaxError" : e.isHostException() ? e.asHostException().getClass().getName() : "Error";
        }

        private String describe(PolyglotException e) {
            if (e.isHostException()) {
                Throwable cause = e.asHostException();
                return cause.getClass().getSimpleName() + ": " + cause.getMessage();
            }
            return Objects.toString(e.getMessage(), "(no message)");
        }

        private String stackOf(PolyglotException e) {
            StringBuilder stack = new StringBuilder();
            for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
                if (frame.isGuestFrame() && frame.getSourceLocation() != null) {
                    SourceSection at = frame.getSourceLocation();
                    stack.append("    at ").append(frame.getRootName() == null ? "<anonymous>" : frame.getRootName())
                            .append(" (").append(at.getSource().getName()).append(':').append(at.getStartLine())
                            .append(':').append(at.getStartColumn()).append(")\n");
                }
            }
            return stack.length() == 0 ? null : cleanStack(stack.toString());
        }

        @Override
        public void event(String type, String payload) {
            JsonNode event;
            try {
                event = json.readTree(payload);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String fullTitle = event.path("fullTitle").asText("");
            String title = event.path("title").asText("");
            switch (type) {
                case "begin" -> {
                    runningTest = fullTitle;
                    runningTitle = title;
                }
                case "pass" -> {
                    results.add(TestCaseResult.passed(fullTitle, title, event.path("duration").asLong()));
                    runningTest = null;
                    runningTitle = null;
                }
                case "pending" -> results.add(TestCaseResult.skipped(fullTitle, title));
                case "fail" -> {
                    JsonNode error = event.path("error");
                    boolean assertion = error.path("assertion").asBoolean(false) && !event.path("hook").asBoolean(false);
                    String message = error.path("message").asText("");
                    results.add(new TestCaseResult(fullTitle, title, assertion ? TestOutcome.FAILURE : TestOutcome.ERROR,
                            event.path("duration").asLong(), error.path("name").asText("Error"), message,
                            cleanStack(error.path("stack").asText(""))));
                    runningTest = null;
                    runningTitle = null;
                }
                case "hookEnd" -> {
                    runningTest = null;
                    runningTitle = null;
                }
                case "end" -> ended = true;
                default -> { }
            }
        }

        void close() {
            try {
                context.close(true);
            } catch (PolyglotException ignored) {
                // cancelling a context that was interrupted mid-run reports the cancel itself; nothing to add
            }
        }
    }

    /** The stack's frames without mocha's and the assertion libraries' own (the message line is dropped too). */
    static String cleanStack(String stack) {
        if (stack == null || stack.isBlank()) {
            return null;
        }
        StringBuilder kept = new StringBuilder();
        for (String line : stack.split("\n")) {
            if (line.trim().startsWith("at ") && !INTERNAL_FRAME.matcher(line).matches()) {
                kept.append("    ").append(line.trim()).append('\n');
            }
        }
        return kept.length() == 0 ? null : kept.toString();
    }

    /** Collects what a Context prints. */
    private static final class TextSink extends java.io.OutputStream {
        private final StringBuilder target;
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

        TextSink(StringBuilder target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            pending.write(b);
            if (b == '\n') {
                flush();
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            pending.write(bytes, offset, length);
            flush();
        }

        @Override
        public void flush() {
            target.append(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
        }
    }

}
