package io.iobind.maven.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.iobind.maven.util.CoreLog;

/** A small project laid out like js-src: lib/*.js with the five files of the default bundles, dist/ beside it. */
final class SampleProject {

    static final String SOCKET_JS = String.join("\n",
            "var sampleSocketVersion = '@VERSION';",
            "function findSocket(model) {",
            "  return (model && model.socket) || Backbone.socket || root.socket;",
            "}",
            "");

    static final String SYNC_JS = String.join("\n",
            "// Sample sync: emits <namespace>:<method>.",
            "function namespaceOf(url) {",
            "  var trimmed = url.charAt(0) === '/' ? url.slice(1) : url;",
            "  return trimmed.split('/')[0];",
            "}",
            "",
            "Backbone.ioSyncMarker = 'iosync-marker-line-7';",
            "Backbone.sync = function (method, model, options) {",
            "  var socket = findSocket(model);",
            "  socket.emit(namespaceOf(_.result(model, 'url')) + ':' + method, model.toJSON(), function (err, data) {",
            "    if (err) { options.error(err); } else { options.success(data); }",
            "  });",
            "};",
            "");

    static final String BIND_JS = String.join("\n",
            "function bindKey(model, event) {",
            "  return _.result(model, 'url') + ':' + event;",
            "}",
            "");

    static final String MODEL_JS = String.join("\n",
            "Backbone.Model.prototype.ioBindVersion = '@VERSION';",
            "Backbone.Model.prototype.ioBind = function (event, callback) {",
            "  findSocket(this).on(bindKey(this, event), callback);",
            "  return this;",
            "};",
            "");

    static final String COLLECTION_JS = String.join("\n",
            "Backbone.Collection.prototype.ioBindVersion = '@VERSION';",
            "Backbone.Collection.prototype.ioBind = function (event, callback) {",
            "  findSocket(this).on(bindKey(this, event), callback);",
            "  return this;",
            "};",
            "");

    final Path root;
    final Path lib;
    final Path dist;
    final Path state;
    final List<String> infos = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    SampleProject(Path root) {
        this.root = root;
        this.lib = root.resolve("lib");
        this.dist = root.resolve("dist");
        this.state = root.resolve("target/iobind-build");
        write("socket.js", SOCKET_JS);
        write("sync.js", SYNC_JS);
        write("bind.js", BIND_JS);
        write("model.js", MODEL_JS);
        write("collection.js", COLLECTION_JS);
    }

    void write(String libFile, String content) {
        try {
            Files.createDirectories(lib);
            Files.writeString(lib.resolve(libFile), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    BuildSettings.Builder settings() {
        return BuildSettings.builder()
                .sourceDirectory(lib)
                .outputDirectory(dist)
                .reportBaseDirectory(root)
                .stateDirectory(state)
                .version("1.2.3-test")
                .license("MIT")
                .toolVersion("test");
    }

    BundleBuilder builder() {
        return builder(settings().build());
    }

    BundleBuilder builder(BuildSettings settings) {
        return new BundleBuilder(settings, (level, line) -> (level == CoreLog.Level.WARN ? warnings : infos).add(line));
    }

    String dist(String file) {
        try {
            return Files.readString(dist.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
