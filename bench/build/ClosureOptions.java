import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import com.google.javascript.jscomp.CompilationLevel;
import com.google.javascript.jscomp.CompilerOptions;
import com.google.javascript.jscomp.CompilerOptions.LanguageMode;
import com.google.javascript.jscomp.Result;
import com.google.javascript.jscomp.SourceFile;
import com.google.javascript.jscomp.WarningLevel;

/**
 * Which Closure options make our bundles smallest after gzip: compiles each dist/*.js (banner cut off) with
 * SIMPLE plus one variant at a time and prints raw and gzip sizes (deflate level 9 + the 18 bytes of a gzip
 * header and trailer, as `gzip -9n`). Run from the repository root:
 *   java -cp ~/.m2/repository/com/google/javascript/closure-compiler/v20240317/closure-compiler-v20240317.jar \
 *     bench/build/ClosureOptions.java dist/backbone.iosync.js dist/backbone.iobind.js
 */
public class ClosureOptions {

    public static void main(String[] files) throws Exception {
        Map<String, Consumer<CompilerOptions>> variants = new LinkedHashMap<>();
        variants.put("SIMPLE, ES5 out", options -> { });
        variants.put("+ wrapped output (assume_function_wrapper)",
                options -> CompilationLevel.SIMPLE_OPTIMIZATIONS.setWrappedOutputOptimizations(options));
        variants.put("+ one line", options -> options.setLineLengthThreshold(Integer.MAX_VALUE));
        variants.put("+ closures capture only references",
                options -> options.setAssumeClosuresOnlyCaptureReferences(true));
        variants.put("+ both", ClosureOptions::bothLevers);
        variants.put("+ both + single quotes (our default)", ClosureOptions::ourDefault);
        variants.put("default + wrapped output", options -> {
            ourDefault(options);
            CompilationLevel.SIMPLE_OPTIMIZATIONS.setWrappedOutputOptimizations(options);
        });
        variants.put("default, ES5_STRICT out", options -> {
            ourDefault(options);
            options.setLanguageOut(LanguageMode.ECMASCRIPT5_STRICT);
        });
        variants.put("default, ES2015 out (not ES5-safe)", options -> {
            ourDefault(options);
            options.setLanguageOut(LanguageMode.ECMASCRIPT_2015);
        });
        for (String file : files) {
            String code = Files.readString(Path.of(file));
            code = code.substring(code.indexOf("*/\n") + 3);
            for (Map.Entry<String, Consumer<CompilerOptions>> variant : variants.entrySet()) {
                String output = compile(code, variant.getValue());
                System.out.printf("%-20s %-44s raw %6d  gzip %6d%n", Path.of(file).getFileName(), variant.getKey(),
                        output.length(), gzipSize(output));
            }
        }
    }

    private static void bothLevers(CompilerOptions options) {
        options.setAssumeClosuresOnlyCaptureReferences(true);
        options.setLineLengthThreshold(Integer.MAX_VALUE);
    }

    /** What ClosureMinifier sets on top of SIMPLE. */
    private static void ourDefault(CompilerOptions options) {
        bothLevers(options);
        options.setPreferSingleQuotes(true);
    }

    private static String compile(String code, Consumer<CompilerOptions> variant) {
        CompilerOptions options = new CompilerOptions();
        CompilationLevel.SIMPLE_OPTIMIZATIONS.setOptionsForCompilationLevel(options);
        WarningLevel.DEFAULT.setOptionsForWarningLevel(options);
        options.setLanguageIn(LanguageMode.ECMASCRIPT5);
        options.setLanguageOut(LanguageMode.ECMASCRIPT5);
        options.setEmitUseStrict(false);
        options.setRewritePolyfills(false);
        variant.accept(options);
        com.google.javascript.jscomp.Compiler compiler =
                new com.google.javascript.jscomp.Compiler(new PrintStream(OutputStream.nullOutputStream()));
        compiler.disableThreads();
        Result result = compiler.compile(List.of(SourceFile.fromCode("externs.js", "")),
                List.of(SourceFile.fromCode("bundle.js", code)), options);
        if (!result.success) {
            throw new IllegalStateException("Closure failed on the bundle");
        }
        return compiler.toSource();
    }

    private static int gzipSize(String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, new Deflater(9, true))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.size() + 18;
    }
}
