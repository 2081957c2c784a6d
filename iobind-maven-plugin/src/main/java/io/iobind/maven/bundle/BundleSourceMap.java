package io.iobind.maven.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.google.debugging.sourcemap.FilePosition;
import com.google.debugging.sourcemap.SourceMapConsumerV3;
import com.google.debugging.sourcemap.SourceMapGeneratorV3;
import com.google.debugging.sourcemap.SourceMapParseException;

/**
 * Turns Closure's source map of a minified bundle (minified → concatenated bundle) into the one we ship
 * (minified → the user's source files), with Closure's own source-map reader and writer. The writer's output
 * depends only on the mappings added, in order, so equal builds give equal bytes.
 */
final class BundleSourceMap {

    private BundleSourceMap() {
    }

    /**
     * @param closureMapJson Closure's map; its one source is the concatenated bundle
     * @param bundle         what each line of the concatenated bundle came from
     * @param sourceNames    the map's name of each source file, by the file's origin label
     * @param unminifiedName the unminified bundle next to the map; wrapper lines, which have no file of their own,
     *                       point there
     * @param bannerLines    lines put above the minified code (and above the unminified bundle's code)
     * @param fileName       the minified file the map belongs to
     * @return the map's JSON, ending in a newline
     */
    static String compose(String closureMapJson, AssembledBundle bundle, Map<String, String> sourceNames,
                          String unminifiedName, int bannerLines, String fileName) {
        SourceMapConsumerV3 closureMap = new SourceMapConsumerV3();
        try {
            closureMap.parse(closureMapJson);
        } catch (SourceMapParseException e) {
            throw new IllegalStateException("Closure Compiler wrote a source map that cannot be read: " + e.getMessage(), e);
        }
        SourceMapGeneratorV3 map = new SourceMapGeneratorV3();
        // The banner moves every generated line down.
        map.setStartingPosition(bannerLines, 0);
        closureMap.visitMappings((bundleName, symbolName, bundlePosition, start, end) -> {
            if (bundlePosition.getLine() < 0 || bundlePosition.getLine() >= bundle.lineCount()) {
                return;
            }
            int[] origin = bundle.locate(bundlePosition.getLine(), bundlePosition.getColumn());
            AssembledBundle.Origin from = bundle.origins().get(origin[0]);
            if (from.file()) {
                map.addMapping(sourceNames.get(from.label()), symbolName, new FilePosition(origin[1], origin[2]), start, end);
            } else {
                map.addMapping(unminifiedName, symbolName,
                        new FilePosition(bundlePosition.getLine() + bannerLines, bundlePosition.getColumn()), start, end);
            }
        });
        StringBuilder json = new StringBuilder(closureMapJson.length() + 256);
        try {
            map.appendTo(json, fileName);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return json.toString();
    }
}
