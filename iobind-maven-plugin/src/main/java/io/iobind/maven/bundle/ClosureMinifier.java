package io.iobind.maven.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.google.javascript.jscomp.CheckLevel;
import com.google.javascript.jscomp.CommandLineRunner;
import com.google.javascript.jscomp.CompilationLevel;
import com.google.javascript.jscomp.Compiler;
import com.google.javascript.jscomp.CompilerOptions;
import com.google.javascript.jscomp.CompilerOptions.LanguageMode;
import com.google.javascript.jscomp.JSError;
import com.google.javascript.jscomp.Result;
import com.google.javascript.jscomp.SortingErrorManager;
import com.google.javascript.jscomp.SourceFile;
import com.google.javascript.jscomp.SourceMap;
import com.google.javascript.jscomp.WarningLevel;

/**
 * Runs Closure Compiler on one assembled bundle. Uses only Closure's stable entry points (Compiler,
 * CompilerOptions, SourceFile, SourceMap, JSError) so a newer Closure can be swapped in through the plugin's
 * dependencies.
 */
final class ClosureMinifier {

    /** What Closure made of a bundle: code and map in bundle coordinates, problems already placed in the user's files. */
    record Minified(String code, String sourceMapJson, List<SourceProblem> errors, List<SourceProblem> warnings) {
    }

    private ClosureMinifier() {
    }

    /**
     * @param externs the user's extern files; ADVANCED adds Closure's browser externs and the UMD wrapper's names
     */
    static Minified minify(String bundleName, AssembledBundle bundle, BuildSettings settings, List<SourceFile> externs) {
        String inputName = bundleName + ".js";
        CompilerOptions options = options(settings);
        CollectingErrorManager problems = new CollectingErrorManager(bundle, inputName);
        Compiler compiler = new Compiler();
        compiler.setErrorManager(problems);
        // One bundle at a time on the calling thread: keeps Maven's thread model simple and output ordering fixed.
        compiler.disableThreads();
        List<SourceFile> allExterns = new ArrayList<>(externs);
        if (settings.level() == MinificationLevel.ADVANCED) {
            allExterns.addAll(builtInBrowserExterns());
            allExterns.add(SourceFile.fromCode("umd-externs.js (built in)", UMD_EXTERNS));
        }
        if (allExterns.isEmpty()) {
            allExterns.add(SourceFile.fromCode("externs.js", ""));
        }
        Result result = compiler.compile(allExterns, List.of(SourceFile.fromCode(inputName, bundle.text())), options);
        if (!result.success || !problems.errors.isEmpty()) {
            List<SourceProblem> errors = new ArrayList<>(problems.errors);
            List<SourceProblem> ownFileErrors = firstFileWithParseErrors(bundle, settings);
            if (!ownFileErrors.isEmpty()) {
                // An unclosed construct in one file is noticed by Closure only in a later file or in the wrapper;
                // the same file parsed alone puts the error where the user must look.
                errors = ownFileErrors;
            }
            if (errors.isEmpty()) {
                errors.add(new SourceProblem(inputName, 0, 0, "Closure Compiler failed without reporting an error"));
            }
            return new Minified(null, null, errors, problems.warnings);
        }
        String code = compiler.toSource();
        String mapJson = null;
        SourceMap sourceMap = compiler.getSourceMap();
        if (sourceMap != null) {
            StringBuilder json = new StringBuilder();
            try {
                sourceMap.appendTo(json, bundleName + ".min.js");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            mapJson = json.toString();
        }
        return new Minified(code, mapJson, problems.errors, problems.warnings);
    }

    /**
     * Parses each source file on its own, in a function body as the wrapper runs it, and returns the parse errors
     * of the first file that has any, placed in that file; empty when every file parses alone.
     */
    private static List<SourceProblem> firstFileWithParseErrors(AssembledBundle bundle, BuildSettings settings) {
        String[] bundleLines = bundle.text().split("\n", -1);
        List<AssembledBundle.Origin> origins = bundle.origins();
        for (int index = 0; index < origins.size(); index++) {
            int[] range = bundle.lineRange(index);
            if (!origins.get(index).file() || range == null) {
                continue;
            }
            StringBuilder code = new StringBuilder(FILE_WRAPPER_START);
            for (int line = range[0]; line <= range[1]; line++) {
                code.append(bundleLines[line]).append('\n');
            }
            code.append(FILE_WRAPPER_END);
            CompilerOptions options = new CompilerOptions();
            options.setLanguageIn(languageModeUnchecked(settings.languageIn()));
            options.setLanguageOut(languageModeUnchecked(settings.languageIn()));
            String name = origins.get(index).label();
            ParseErrorManager parseErrors = new ParseErrorManager();
            Compiler compiler = new Compiler();
            compiler.setErrorManager(parseErrors);
            compiler.disableThreads();
            compiler.init(List.of(SourceFile.fromCode("externs.js", "")), List.of(SourceFile.fromCode(name, code.toString())), options);
            compiler.parse();
            if (parseErrors.errors.isEmpty()) {
                continue;
            }
            List<SourceProblem> placed = new ArrayList<>();
            int fileLines = range[1] - range[0] + 1;
            for (JSError error : parseErrors.errors) {
                String message = CollectingErrorManager.oneLine(error.getDescription());
                int wrappedLine = error.getLineno() - 2; // 0-based line in the file: the wrapper's start is line 1
                if (wrappedLine < 0) {
                    placed.add(new SourceProblem(name, 0, 0, message));
                } else if (wrappedLine >= fileLines) {
                    int[] origin = bundle.locate(range[1], bundleLines[range[1]].length());
                    placed.add(new SourceProblem(name, origin[1] + 1, origin[2] + 1,
                            message + " (at the end of " + name + ": probably an unclosed bracket or comment)"));
                } else {
                    int[] origin = bundle.locate(range[0] + wrappedLine, error.getCharno());
                    placed.add(new SourceProblem(name, origin[1] + 1, origin[2] + 1, message));
                }
            }
            return placed;
        }
        return List.of();
    }

    private static final String FILE_WRAPPER_START = "(function () {\n";
    private static final String FILE_WRAPPER_END = "});\n";

    /** Collects the errors of a parse, printing nothing. */
    private static final class ParseErrorManager extends SortingErrorManager {
        final List<JSError> errors = new ArrayList<>();

        ParseErrorManager() {
            super(Set.of()); // no report generators: generateReport() prints nothing
        }

        @Override
        public void report(CheckLevel level, JSError error) {
            super.report(level, error);
            if (level == CheckLevel.ERROR) {
                errors.add(error);
            }
        }
    }

    /** The module systems the built-in UMD wrapper probes; Closure's browser externs do not declare them. */
    private static final String UMD_EXTERNS = String.join("\n",
            "/** @type {?} */ var define;",
            "/** @type {?} */ var module;",
            "/** @type {?} */ var require;",
            "/** @type {?} */ var global;",
            "");

    /** Closure's own declarations of the browser's and ECMAScript's names, which ADVANCED must not rename. */
    private static List<SourceFile> builtInBrowserExterns() {
        try {
            return CommandLineRunner.getBuiltinExterns(CompilerOptions.Environment.BROWSER);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Closure's built-in externs", e);
        }
    }

    private static CompilerOptions options(BuildSettings settings) {
        CompilerOptions options = new CompilerOptions();
        CompilationLevel level = settings.level().closureLevel();
        level.setOptionsForCompilationLevel(options);
        WarningLevel.DEFAULT.setOptionsForWarningLevel(options);
        options.setLanguageIn(languageModeUnchecked(settings.languageIn()));
        options.setLanguageOut(languageModeUnchecked(settings.languageOut()));
        // Our wrapper already decides strictness; an added "use strict" would change how sloppy sources behave.
        options.setEmitUseStrict(false);
        // Never inject polyfills: a library must not patch its users' globals (e.g. Promise).
        options.setRewritePolyfills(false);
        options.setOutputCharset(settings.charset());
        // Both measured on our bundles (bench/README.md, "Build: size and time"): letting Closure assume that
        // closures capture only what they reference allows more inlining, and one long line instead of breaks
        // every 500 characters compresses better. Together -1.7% gzip, which puts SIMPLE ahead of terser.
        // Safe for sources without eval or with, which we would not minify anyway. Single quotes, as our
        // sources are written, gzip a few bytes better again (the only further gain in a sweep of Closure's
        // boolean options).
        options.setAssumeClosuresOnlyCaptureReferences(true);
        options.setLineLengthThreshold(Integer.MAX_VALUE);
        options.setPreferSingleQuotes(true);
        // A source map is always gathered: it also serves to check that mapping works when maps are off.
        options.setSourceMapOutputPath(settings.outputDirectory().resolve("unused.map").toString());
        options.setSourceMapFormat(SourceMap.Format.V3);
        options.setSourceMapDetailLevel(SourceMap.DetailLevel.ALL);
        return options;
    }

    /** Parses a language mode name, naming the parameter when it is unknown. */
    static LanguageMode languageMode(String name, String parameter) throws BundleConfigurationException {
        LanguageMode mode = LanguageMode.fromString(name == null ? "" : name.trim().toUpperCase(Locale.ROOT));
        if (mode == null) {
            throw new BundleConfigurationException("Unknown language mode '" + name + "' (parameter " + parameter
                    + "): use e.g. ECMASCRIPT5, ECMASCRIPT_2015, ECMASCRIPT_2020, STABLE.");
        }
        return mode;
    }

    private static LanguageMode languageModeUnchecked(String name) {
        return LanguageMode.fromString(name.trim().toUpperCase(Locale.ROOT));
    }

    /** Keeps Closure's errors and warnings, mapped from bundle positions to the user's files. */
    private static final class CollectingErrorManager extends SortingErrorManager {
        private final AssembledBundle bundle;
        private final String inputName;
        final List<SourceProblem> errors = new ArrayList<>();
        final List<SourceProblem> warnings = new ArrayList<>();

        CollectingErrorManager(AssembledBundle bundle, String inputName) {
            super(Set.of()); // no report generators: generateReport() prints nothing
            this.bundle = bundle;
            this.inputName = inputName;
        }

        @Override
        public void report(CheckLevel level, JSError error) {
            super.report(level, error);
            SourceProblem problem = place(error);
            if (level == CheckLevel.ERROR) {
                errors.add(problem);
            } else if (level == CheckLevel.WARNING) {
                warnings.add(problem);
            }
        }

        private SourceProblem place(JSError error) {
            String message = oneLine(error.getDescription());
            int line = error.getLineno();
            if (!inputName.equals(error.getSourceName()) || line < 1 || line > bundle.lineCount()) {
                String where = error.getSourceName() == null ? inputName : error.getSourceName();
                return new SourceProblem(where, 0, 0, message);
            }
            int[] origin = bundle.locate(line - 1, error.getCharno());
            List<AssembledBundle.Origin> origins = bundle.origins();
            boolean inSuffix = origin[0] == origins.size() - 1 && origin[0] > 0 && !origins.get(origin[0]).file();
            if (inSuffix && message.startsWith("Parse error") && origins.get(origin[0] - 1).file()) {
                // The suffix itself is fine: an unclosed construct in the last source is found only there.
                message += " (probably an unclosed bracket or comment in " + origins.get(origin[0] - 1).label() + ")";
            }
            return new SourceProblem(origins.get(origin[0]).label(), origin[1] + 1, origin[2] + 1, message);
        }

        static String oneLine(String text) {
            String trimmed = text == null ? "" : text.strip();
            int end = trimmed.indexOf('\n');
            return end < 0 ? trimmed : trimmed.substring(0, end).strip();
        }
    }
}
