package io.iobind.maven.npm;

import io.iobind.maven.bundle.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies chosen files of the project's locked npm packages into a folder a web server serves, as
 * {@code <folder>/<package>/<path in package>}: the browser JavaScript a page loads (Backbone, Underscore, the
 * Socket.IO client), fetched and verified by the {@link PackageCache}, never committed.
 */
public final class VendorFiles {

    /** One file to copy, written {@code <package>/<path>}, e.g. {@code socket.io-client/dist/socket.io.min.js}. */
    public record Entry(String packageName, String path) {

        /** Parses {@code <package>/<path>}; a scoped package takes two segments ({@code @scope/name/file.js}). */
        public static Entry parse(String spec) throws NpmException {
            String text = spec == null ? "" : spec.trim();
            int nameEnd = text.indexOf('/', text.startsWith("@") ? text.indexOf('/') + 1 : 0);
            if (text.isEmpty() || text.contains("\\") || text.startsWith("/") || nameEnd <= 0 || nameEnd == text.length() - 1) {
                throw new NpmException("vendor file '" + spec + "': expected <package>/<path in package>, e.g. backbone/backbone-min.js");
            }
            String path = text.substring(nameEnd + 1);
            for (String segment : path.split("/")) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    throw new NpmException("vendor file '" + spec + "': the path must stay inside the package (no empty, '.' or '..' segments)");
                }
            }
            return new Entry(text.substring(0, nameEnd), path);
        }

        @Override
        public String toString() {
            return packageName + "/" + path;
        }
    }

    private VendorFiles() {
    }

    /**
     * Copies each file to {@code outputDirectory/<package>/<path>}, writing only files whose bytes changed.
     *
     * @return the files written (not those already up to date)
     */
    public static List<Path> copy(NodeModules modules, List<String> specs, Path outputDirectory) throws NpmException, IOException {
        List<Entry> entries = new ArrayList<>();
        for (String spec : specs) {
            entries.add(Entry.parse(spec));
        }
        List<Path> written = new ArrayList<>();
        for (Entry entry : entries) {
            NodeModules.InstalledPackage pkg = modules.lookup("", entry.packageName()).orElseThrow(() -> new NpmException(
                    "vendor file '" + entry + "': package '" + entry.packageName() + "' is not in " + modules.lock().file()
                            + "; add it to package.json and run 'npm install --package-lock-only'."));
            Path source = pkg.folder().resolve(entry.path()).normalize();
            if (!source.startsWith(pkg.folder()) || !Files.isRegularFile(source)) {
                throw new NpmException("vendor file '" + entry + "': " + pkg.locked() + " has no file '" + entry.path() + "'.");
            }
            Path target = outputDirectory.resolve(entry.packageName()).resolve(entry.path());
            if (AtomicFiles.writeIfChanged(target, Files.readAllBytes(source))) {
                written.add(target);
            }
        }
        return written;
    }
}
