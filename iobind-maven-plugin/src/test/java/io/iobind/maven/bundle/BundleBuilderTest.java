package io.iobind.maven.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.debugging.sourcemap.SourceMapConsumerV3;
import com.google.debugging.sourcemap.proto.Mapping.OriginalMapping;

class BundleBuilderTest {

    @TempDir
    Path temp;

    @Test
    void concatenatesWrapperAndSourcesInConfiguredOrder() throws Exception {
        SampleProject project = new SampleProject(temp);
        project.builder().buildAll();

        String iobind = project.dist("backbone.iobind.js");
        int prefix = iobind.indexOf("define(['backbone', 'underscore']");
        int socket = iobind.indexOf("function findSocket(model)");
        int bind = iobind.indexOf("function bindKey(model, event)");
        int model = iobind.indexOf("Backbone.Model.prototype.ioBind =");
        int collection = iobind.indexOf("Backbone.Collection.prototype.ioBind =");
        int suffix = iobind.lastIndexOf("return Backbone;");
        assertThat(List.of(prefix, socket, bind, model, collection, suffix)).doesNotContain(-1).isSorted();
        assertThat(project.dist("backbone.iosync.js")).contains("Backbone.sync = function").doesNotContain("bindKey");
    }

    @Test
    void bannerWithNameVersionAndLicenseTopsBothFiles() throws Exception {
        SampleProject project = new SampleProject(temp);
        project.builder().buildAll();

        String expectedBanner = "/*!\n * backbone.iosync 1.2.3-test\n * Released under the MIT license.\n */\n";
        assertThat(project.dist("backbone.iosync.js")).startsWith(expectedBanner);
        assertThat(project.dist("backbone.iosync.min.js")).startsWith(expectedBanner)
                .endsWith("\n//# sourceMappingURL=backbone.iosync.min.js.map\n");
        assertThat(project.dist("backbone.iobind.min.js")).startsWith("/*!\n * backbone.iobind 1.2.3-test\n");
    }

    @Test
    void customBannerAndUnknownLicense() throws Exception {
        SampleProject project = new SampleProject(temp);
        project.builder(project.settings().license("").bannerTemplate("/* @BUNDLE v@VERSION\n * License: @LICENSE\n */").build())
                .buildAll();
        // The line naming the license goes when no license is known.
        assertThat(project.dist("backbone.iobind.js")).startsWith("/* backbone.iobind v1.2.3-test\n */\n(function (root, factory)");

        SampleProject other = new SampleProject(temp.resolve("other"));
        other.builder(other.settings().bannerTemplate("/*! @BUNDLE @VERSION (@LICENSE) */").build()).buildAll();
        assertThat(other.dist("backbone.iosync.min.js")).startsWith("/*! backbone.iosync 1.2.3-test (MIT) */\n");
    }

    @Test
    void aOneLineBannerWithoutLicenseLosesOnlyTheLicensePart() throws Exception {
        SampleProject project = new SampleProject(temp);
        BuildSettings.Builder noLicense = project.settings().license("");
        // README's example for another project, in a POM without <licenses>.
        BundleBuilder builder = project.builder(noLicense.bannerTemplate("/*! @BUNDLE @VERSION | @LICENSE */").build());
        BundleSpec spec = BundleSpec.of("my.widgets", "socket.js");
        assertThat(builder.renderBanner(spec)).isEqualTo("/*! my.widgets 1.2.3-test */");
        assertThat(project.builder(noLicense.bannerTemplate("/*! @BUNDLE @VERSION (@LICENSE) */").build()).renderBanner(spec))
                .isEqualTo("/*! my.widgets 1.2.3-test */");
        assertThat(project.builder(noLicense.bannerTemplate("/*! @BUNDLE - @LICENSE\n * v@VERSION */").build()).renderBanner(spec))
                .isEqualTo("/*! my.widgets\n * v1.2.3-test */");
        assertThat(project.builder(noLicense.bannerTemplate(BuildSettings.DEFAULT_BANNER).build()).renderBanner(spec))
                .isEqualTo("/*!\n * my.widgets 1.2.3-test\n */");

        builder.buildAll();
        assertThat(project.dist("backbone.iosync.js")).startsWith("/*! backbone.iosync 1.2.3-test */\n");
        assertThat(project.dist("backbone.iosync.min.js")).startsWith("/*! backbone.iosync 1.2.3-test */\n").doesNotContain("unknown");
    }

    @Test
    void replacesVersionTokenInSources() throws Exception {
        SampleProject project = new SampleProject(temp);
        project.builder().buildAll();

        for (String file : List.of("backbone.iobind.js", "backbone.iobind.min.js", "backbone.iosync.js", "backbone.iosync.min.js")) {
            assertThat(project.dist(file)).as(file).doesNotContain("@VERSION").contains("1.2.3-test");
        }
        assertThat(project.dist("backbone.iobind.js")).contains("Backbone.Model.prototype.ioBindVersion = '1.2.3-test';");
    }

    @Test
    void sourceMapPointsAtLibFiles() throws Exception {
        SampleProject project = new SampleProject(temp);
        project.builder().buildAll();

        String mapJson = project.dist("backbone.iosync.min.js.map");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(mapJson).path("file").asText())
                .isEqualTo("backbone.iosync.min.js");
        SourceMapConsumerV3 consumer = new SourceMapConsumerV3();
        consumer.parse(mapJson);
        assertThat(consumer.getOriginalSources())
                .containsExactlyInAnyOrder("../lib/socket.js", "../lib/sync.js", "backbone.iosync.js");
        String[] minifiedLines = project.dist("backbone.iosync.min.js").split("\n", -1);
        int[] marker = find(minifiedLines, "'iosync-marker-line-7'");
        // Closure maps the assignment whose right-hand side holds the marker; ask at the marker and step left
        // until a mapping is found, as a debugger would.
        OriginalMapping original = consumer.getMappingForLine(marker[0] + 1, marker[1] + 1);
        assertThat(original).isNotNull();
        assertThat(original.getOriginalFile()).isEqualTo("../lib/sync.js");
        assertThat(original.getLineNumber()).isEqualTo(7);

        int[] emit = find(minifiedLines, ".emit");
        OriginalMapping emitOriginal = consumer.getMappingForLine(emit[0] + 1, emit[1] + 2);
        assertThat(emitOriginal.getOriginalFile()).isEqualTo("../lib/sync.js");
        assertThat(emitOriginal.getLineNumber()).isEqualTo(10);
        // 1-based, at the property name, as Closure maps property accesses.
        assertThat(emitOriginal.getColumnPosition()).isEqualTo("  socket.".length() + 1);
    }

    @Test
    void columnsAfterAReplacedVersionTokenMapToTheOriginalColumn() throws Exception {
        SampleProject project = new SampleProject(temp);
        project.write("socket.js", "var v = '@VERSION', afterVersion = Backbone.marker('after');\n" + SampleProject.SOCKET_JS);
        project.builder(project.settings().version("10.20.30-a-much-longer-version").build()).buildAll();

        SourceMapConsumerV3 consumer = new SourceMapConsumerV3();
        consumer.parse(project.dist("backbone.iosync.min.js.map"));
        int[] marker = find(project.dist("backbone.iosync.min.js").split("\n", -1), ".marker(");
        OriginalMapping original = consumer.getMappingForLine(marker[0] + 1, marker[1] + 2);
        assertThat(original.getOriginalFile()).isEqualTo("../lib/socket.js");
        assertThat(original.getLineNumber()).isEqualTo(1);
        assertThat(original.getColumnPosition()).isEqualTo("var v = '@VERSION', afterVersion = Backbone.".length() + 1);
    }

    @Test
    void syntaxErrorIsReportedAtTheLibFileLineAndColumn() {
        SampleProject project = new SampleProject(temp);
        project.write("model.js", SampleProject.MODEL_JS + "var broken = {a: 1,,};\n");

        assertThatThrownBy(() -> project.builder().buildAll())
                .isInstanceOf(BundleCompilationException.class)
                .hasMessageStartingWith("lib/model.js:6:20: Parse error.")
                .satisfies(e -> assertThat(((BundleCompilationException) e).problems().get(0).file()).isEqualTo("lib/model.js"));
        assertThat(project.dist).doesNotExist();
    }

    @Test
    void unclosedBracketInTheLastFileIsTracedBackToIt() {
        SampleProject project = new SampleProject(temp);
        project.write("collection.js", "Backbone.Collection.prototype.x = function ( {\n");
        // In the bundle Closure only notices at the wrapper's suffix; the file parsed alone is blamed at its end.
        assertThatThrownBy(() -> project.builder().buildAll())
                .isInstanceOf(BundleCompilationException.class)
                .hasMessageStartingWith("lib/collection.js:1:")
                .hasMessageContaining("Parse error")
                .hasMessageContaining("probably an unclosed bracket or comment")
                .hasMessageNotContaining("UMD wrapper");
    }

    @Test
    void unclosedBraceInAMiddleFileIsReportedInThatFile() {
        SampleProject project = new SampleProject(temp);
        project.write("model.js", SampleProject.MODEL_JS + "Backbone.Model.prototype.open = function () {\n  return 1;\n");

        assertThatThrownBy(() -> project.builder().buildAll())
                .isInstanceOf(BundleCompilationException.class)
                .hasMessageStartingWith("lib/model.js:")
                .hasMessageContaining("Parse error")
                .hasMessageNotContaining("UMD wrapper")
                .hasMessageNotContaining("collection.js")
                .satisfies(e -> assertThat(((BundleCompilationException) e).problems().get(0).line()).isBetween(6, 7));
        assertThat(project.dist).doesNotExist();
    }

    @Test
    void es2015SyntaxIsRejectedUnderTheEs5DefaultAndTranspiledWhenAllowed() throws Exception {
        SampleProject project = new SampleProject(temp);
        project.write("bind.js", SampleProject.BIND_JS + "const arrow = (a) => a;\n");
        assertThatThrownBy(() -> project.builder().buildAll())
                .isInstanceOf(BundleCompilationException.class)
                .hasMessageStartingWith("lib/bind.js:4:1: ")
                .hasMessageContaining("ECMASCRIPT_2015");

        project.builder(project.settings().languageIn("ECMASCRIPT_2015").build()).buildAll();
        assertThat(project.dist("backbone.iobind.min.js")).doesNotContain("=>").doesNotContain("const ");
    }

    @Test
    void minifiedOutputIsValidEs5EvenFromEs2015Sources() throws Exception {
        SampleProject project = new SampleProject(temp);
        project.write("sync.js", SampleProject.SYNC_JS + "Backbone.shorthand = { m() { return `t${1}`; } };\nlet later = [...[1]];\n");
        project.builder(project.settings().languageIn("ECMASCRIPT_2015").build()).buildAll();

        // Parse the output again with Closure restricted to ES5: any newer syntax is an error.
        com.google.javascript.jscomp.CompilerOptions options = new com.google.javascript.jscomp.CompilerOptions();
        com.google.javascript.jscomp.CompilationLevel.WHITESPACE_ONLY.setOptionsForCompilationLevel(options);
        options.setLanguageIn(com.google.javascript.jscomp.CompilerOptions.LanguageMode.ECMASCRIPT5);
        options.setLanguageOut(com.google.javascript.jscomp.CompilerOptions.LanguageMode.ECMASCRIPT5);
        com.google.javascript.jscomp.Compiler compiler = new com.google.javascript.jscomp.Compiler(
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        com.google.javascript.jscomp.Result result = compiler.compile(
                List.of(com.google.javascript.jscomp.SourceFile.fromCode("externs.js", "")),
                List.of(com.google.javascript.jscomp.SourceFile.fromCode("min.js", project.dist("backbone.iosync.min.js"))), options);
        assertThat(result.success).as("backbone.iosync.min.js parses as ES5").isTrue();
    }

    @Test
    void versionWithRegexCharactersIsInsertedLiterally() throws Exception {
        SampleProject project = new SampleProject(temp);
        project.builder(project.settings().version("1.0.0-$1$0").build()).buildAll();
        assertThat(project.dist("backbone.iobind.js")).contains("ioBindVersion = '1.0.0-$1$0';").startsWith("/*!\n * backbone.iobind 1.0.0-$1$0\n");
    }

    @Test
    void warningsAreLoggedAtTheLibFileLine() throws Exception {
        SampleProject project = new SampleProject(temp);
        project.write("bind.js", SampleProject.BIND_JS + "function pointless(a) {\n  a.b;\n  return a;\n}\n");
        project.builder().buildAll();

        assertThat(project.warnings).anySatisfy(warning -> assertThat(warning).startsWith("lib/bind.js:5:5: ").contains("Suspicious code"));
    }

    @Test
    void failedBuildLeavesPreviousOutputsUntouched() throws Exception {
        SampleProject project = new SampleProject(temp);
        project.builder().buildAll();
        Map<Path, byte[]> before = snapshot(project.dist);
        Map<Path, FileTime> timesBefore = modificationTimes(project.dist);
        assertThat(before).hasSize(6);

        // The first bundle compiles, the second does not: neither may be written.
        project.write("socket.js", SampleProject.SOCKET_JS + "var changed = 1;\n");
        project.write("collection.js", "Backbone.Collection.prototype.x = 1;\nvar = 2;\n");
        assertThatThrownBy(() -> project.builder().buildAll())
                .isInstanceOf(BundleCompilationException.class)
                .hasMessageStartingWith("lib/collection.js:2:5: ");

        assertThat(snapshot(project.dist)).containsOnlyKeys(before.keySet());
        before.forEach((file, bytes) -> assertThat(project.dist.resolve(file)).hasBinaryContent(bytes));
        assertThat(modificationTimes(project.dist)).isEqualTo(timesBefore);
    }

    @Test
    void outputsGetTheSamePermissionsAsAnyNewFile() throws Exception {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        SampleProject project = new SampleProject(temp);
        project.builder().buildAll();
        Path plain = Files.writeString(temp.resolve("plain.txt"), "x");
        assertThat(Files.getPosixFilePermissions(project.dist.resolve("backbone.iosync.min.js")))
                .isEqualTo(Files.getPosixFilePermissions(plain));
        try (Stream<Path> files = Files.list(project.dist)) {
            assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void secondBuildIsUpToDateAndWritesNothing() throws Exception {
        SampleProject project = new SampleProject(temp);
        List<BundleBuilder.BundleResult> first = project.builder().buildAll();
        assertThat(first).extracting(BundleBuilder.BundleResult::status).containsOnly(BundleBuilder.Status.BUILT);
        assertThat(first.get(0).written()).hasSize(3);
        Map<Path, FileTime> times = modificationTimes(project.dist);

        project.infos.clear();
        List<BundleBuilder.BundleResult> second = project.builder().buildAll();
        assertThat(second).extracting(BundleBuilder.BundleResult::status).containsOnly(BundleBuilder.Status.UP_TO_DATE);
        assertThat(project.infos).containsExactly("Nothing to build: backbone.iosync, backbone.iobind up to date.");
        assertThat(modificationTimes(project.dist)).isEqualTo(times);
    }

    @Test
    void changedSourceRebuildsOnlyTheBundlesUsingIt() throws Exception {
        SampleProject project = new SampleProject(temp);
        project.builder().buildAll();

        project.write("model.js", SampleProject.MODEL_JS + "Backbone.Model.prototype.extra = 1;\n");
        project.infos.clear();
        List<BundleBuilder.BundleResult> results = project.builder().buildAll();
        assertThat(project.infos).containsExactly("backbone.iosync up to date, not rebuilt.",
                "backbone.iobind: wrote backbone.iobind.js, backbone.iobind.min.js, backbone.iobind.min.js.map to " + project.dist);
        assertThat(results).extracting(BundleBuilder.BundleResult::status)
                .containsExactly(BundleBuilder.Status.UP_TO_DATE, BundleBuilder.Status.BUILT);
        assertThat(project.dist("backbone.iobind.js")).contains("Backbone.Model.prototype.extra = 1;");
    }

    @Test
    void handEditedOrDeletedOutputIsRebuilt() throws Exception {
        SampleProject project = new SampleProject(temp);
        project.builder().buildAll();
        byte[] original = Files.readAllBytes(project.dist.resolve("backbone.iosync.min.js"));

        Files.writeString(project.dist.resolve("backbone.iosync.min.js"), "edited by hand");
        Files.delete(project.dist.resolve("backbone.iobind.min.js.map"));
        List<BundleBuilder.BundleResult> results = project.builder().buildAll();

        assertThat(results).extracting(BundleBuilder.BundleResult::status).containsOnly(BundleBuilder.Status.BUILT);
        assertThat(project.dist.resolve("backbone.iosync.min.js")).hasBinaryContent(original);
        assertThat(results.get(0).written()).containsExactly(project.dist.resolve("backbone.iosync.min.js"));
        assertThat(results.get(1).written()).containsExactly(project.dist.resolve("backbone.iobind.min.js.map"));
    }

    @Test
    void settingsChangeRebuilds() throws Exception {
        SampleProject project = new SampleProject(temp);
        project.builder().buildAll();
        List<BundleBuilder.BundleResult> results = project.builder(project.settings().version("2.0.0").build()).buildAll();
        assertThat(results).extracting(BundleBuilder.BundleResult::status).containsOnly(BundleBuilder.Status.BUILT);
        assertThat(project.dist("backbone.iobind.js")).contains("'2.0.0'");
    }

    @Test
    void outputsAreByteReproducible() throws Exception {
        SampleProject first = new SampleProject(temp.resolve("first"));
        SampleProject second = new SampleProject(temp.resolve("second"));
        first.builder().buildAll();
        second.builder(second.settings().stateDirectory(null).build()).buildAll();

        Map<Path, byte[]> firstOutputs = snapshot(first.dist);
        Map<Path, byte[]> secondOutputs = snapshot(second.dist);
        assertThat(secondOutputs.keySet()).isEqualTo(firstOutputs.keySet());
        firstOutputs.forEach((file, bytes) -> assertThat(secondOutputs.get(file)).as(file.toString()).isEqualTo(bytes));
    }

    @Test
    void crlfSourcesGiveTheSameBytesAsLfSources() throws Exception {
        SampleProject lf = new SampleProject(temp.resolve("lf"));
        SampleProject crlf = new SampleProject(temp.resolve("crlf"));
        crlf.write("sync.js", SampleProject.SYNC_JS.replace("\n", "\r\n"));
        lf.builder().buildAll();
        crlf.builder().buildAll();
        assertThat(crlf.dist("backbone.iosync.js")).isEqualTo(lf.dist("backbone.iosync.js"));
        assertThat(crlf.dist("backbone.iosync.min.js.map")).isEqualTo(lf.dist("backbone.iosync.min.js.map"));
    }

    @Test
    void singleBundleBuildWritesOnlyThatBundle() throws Exception {
        SampleProject project = new SampleProject(temp);
        project.builder().build(List.of("backbone.iosync"));
        try (Stream<Path> files = Files.list(project.dist)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("backbone.iosync.js", "backbone.iosync.min.js", "backbone.iosync.min.js.map");
        }
    }

    @Test
    void sourceMapsCanBeTurnedOff() throws Exception {
        SampleProject project = new SampleProject(temp);
        project.builder(project.settings().sourceMaps(false).build()).buildAll();
        assertThat(project.dist.resolve("backbone.iosync.min.js.map")).doesNotExist();
        assertThat(project.dist("backbone.iosync.min.js")).doesNotContain("sourceMappingURL");
    }

    @Test
    void compilationLevelsDiffer() throws Exception {
        SampleProject whitespace = new SampleProject(temp.resolve("ws"));
        SampleProject simple = new SampleProject(temp.resolve("simple"));
        whitespace.builder(whitespace.settings().level(MinificationLevel.WHITESPACE_ONLY).build()).buildAll();
        simple.builder().buildAll();
        // SIMPLE renames local names; WHITESPACE_ONLY keeps them.
        assertThat(whitespace.dist("backbone.iosync.min.js")).contains("function namespaceOf(url)");
        assertThat(simple.dist("backbone.iosync.min.js")).doesNotContain("namespaceOf(url)");
    }

    @Test
    void advancedLevelKeepsOnlyNamesDeclaredInExterns() throws Exception {
        SampleProject plain = new SampleProject(temp.resolve("plain"));
        plain.builder(plain.settings().level(MinificationLevel.ADVANCED).build()).build(List.of("backbone.iobind"));
        assertThat(plain.dist("backbone.iobind.min.js")).doesNotContain("ioBind=");

        SampleProject declared = new SampleProject(temp.resolve("declared"));
        Path externs = Files.writeString(temp.resolve("api-externs.js"),
                "/** @const */ var Backbone = {};\nBackbone.prototype.ioBind;\nBackbone.prototype.ioBindVersion;\n");
        declared.builder(declared.settings().level(MinificationLevel.ADVANCED).externs(List.of(externs)).build())
                .build(List.of("backbone.iobind"));
        assertThat(declared.dist("backbone.iobind.min.js")).contains(".ioBind=").contains(".ioBindVersion=");

        // A changed externs file is a changed input.
        Files.writeString(externs, "/** @const */ var Backbone = {};\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(declared.builder(declared.settings().level(MinificationLevel.ADVANCED).externs(List.of(externs)).build())
                .build(List.of("backbone.iobind"))).extracting(BundleBuilder.BundleResult::status)
                .containsExactly(BundleBuilder.Status.BUILT);
    }

    @Test
    void customWrapperReplacesTheUmdOne() throws Exception {
        SampleProject project = new SampleProject(temp);
        project.builder(project.settings()
                .prefix(new BuildSettings.WrapperPart("wrap/start.js", "(function (root, Backbone, _) {\n"))
                .suffix(new BuildSettings.WrapperPart("wrap/end.js", "}(this, this.Backbone, this._));\n"))
                .build()).buildAll();
        assertThat(project.dist("backbone.iosync.js")).doesNotContain("define.amd").contains("}(this, this.Backbone, this._));");
    }

    @Test
    void errorInCustomWrapperNamesTheWrapper() {
        SampleProject project = new SampleProject(temp);
        assertThatThrownBy(() -> project.builder(project.settings()
                .prefix(new BuildSettings.WrapperPart("wrap/start.js", "(function (root, Backbone, _) {\n  var = 1;\n"))
                .suffix(new BuildSettings.WrapperPart("wrap/end.js", "}(this, this.Backbone, this._));\n"))
                .build()).buildAll())
                .isInstanceOf(BundleCompilationException.class)
                .hasMessageStartingWith("wrap/start.js:2:");
    }

    @Test
    void missingSourceFileIsAConfigurationError() {
        SampleProject project = new SampleProject(temp);
        assertThatThrownBy(() -> project.builder(project.settings()
                .bundles(List.of(BundleSpec.of("custom", "socket.js", "missing.js"))).build()).buildAll())
                .isInstanceOf(BundleConfigurationException.class)
                .hasMessageContaining("lib/missing.js")
                .hasMessageContaining("custom");
    }

    @Test
    void badSettingsNameTheParameter() {
        SampleProject project = new SampleProject(temp);
        assertThatThrownBy(() -> project.builder(project.settings().languageOut("ES1999").build()).buildAll())
                .isInstanceOf(BundleConfigurationException.class).hasMessageContaining("languageOut");
        assertThatThrownBy(() -> project.builder(project.settings()
                .bundles(List.of(BundleSpec.of("a", "socket.js"), BundleSpec.of("a", "sync.js"))).build()).buildAll())
                .isInstanceOf(BundleConfigurationException.class).hasMessageContaining("'a' is configured twice");
        assertThatThrownBy(() -> project.builder(project.settings()
                .bundles(List.of(BundleSpec.of("a", "../outside.js"))).build()).buildAll())
                .isInstanceOf(BundleConfigurationException.class).hasMessageContaining("outside the source directory");
        assertThatThrownBy(() -> project.builder().build(List.of("backbone.nothing")))
                .isInstanceOf(BundleConfigurationException.class).hasMessageContaining("backbone.nothing");
    }

    static int[] find(String[] lines, String needle) {
        for (int line = 0; line < lines.length; line++) {
            int column = lines[line].indexOf(needle);
            if (column >= 0) {
                return new int[] {line, column};
            }
        }
        throw new AssertionError("Not found in output: " + needle);
    }

    static Map<Path, byte[]> snapshot(Path folder) throws IOException {
        Map<Path, byte[]> files = new HashMap<>();
        try (Stream<Path> paths = Files.list(folder)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                files.put(folder.relativize(path), Files.readAllBytes(path));
            }
        }
        return files;
    }

    static Map<Path, FileTime> modificationTimes(Path folder) throws IOException {
        Map<Path, FileTime> times = new HashMap<>();
        try (Stream<Path> paths = Files.list(folder)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                times.put(folder.relativize(path), Files.getLastModifiedTime(path));
            }
        }
        return times;
    }
}
