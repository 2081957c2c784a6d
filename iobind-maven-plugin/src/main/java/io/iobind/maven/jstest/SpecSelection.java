package io.iobind.maven.jstest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.iobind.maven.util.PathNames;

/**
 * Which spec files run and which of their tests: Ant-style include/exclude patterns relative to a base folder
 * ({@code test/**}{@code /*.spec.js}), narrowed by the {@code iobind.test} pattern. That pattern is
 * {@code <file>[#<title>]}: {@code <file>} picks files whose path contains it (or matches it as a glob when it has
 * {@code *}); {@code <title>} keeps the tests whose full title contains it. A pattern without {@code #} that
 * matches no file is taken as a title.
 *
 * @param files       the spec files, sorted by path
 * @param titleFilter text the full titles must contain, or null
 */
public record SpecSelection(List<Path> files, String titleFilter) {

    public static SpecSelection select(Path baseDirectory, List<String> includes, List<String> excludes, String testPattern)
            throws IOException {
        List<Pattern> include = includes.stream().map(SpecSelection::antPattern).toList();
        List<Pattern> exclude = excludes.stream().map(SpecSelection::antPattern).toList();
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(baseDirectory)) {
            try (Stream<Path> walk = Files.walk(baseDirectory)) {
                walk.filter(Files::isRegularFile).forEach(file -> {
                    String relative = relative(baseDirectory, file);
                    if (relative.contains("node_modules/") || relative.startsWith("target/")) {
                        return;
                    }
                    if (include.stream().anyMatch(p -> p.matcher(relative).matches())
                            && exclude.stream().noneMatch(p -> p.matcher(relative).matches())) {
                        candidates.add(file);
                    }
                });
            }
        }
        candidates.sort(null);
        if (testPattern == null || testPattern.isBlank()) {
            return new SpecSelection(List.copyOf(candidates), null);
        }
        String pattern = testPattern.trim();
        int hash = pattern.indexOf('#');
        String filePart = hash < 0 ? pattern : pattern.substring(0, hash);
        String titlePart = hash < 0 ? null : pattern.substring(hash + 1);
        List<Path> files = candidates;
        if (!filePart.isEmpty()) {
            Pattern glob = filePart.contains("*") || filePart.contains("?") ? antPattern("**/" + filePart) : null;
            files = candidates.stream().filter(file -> {
                String relative = relative(baseDirectory, file);
                return glob != null ? glob.matcher(relative).matches() : relative.contains(filePart);
            }).toList();
            if (files.isEmpty() && hash < 0) {
                return new SpecSelection(List.copyOf(candidates), filePart);
            }
        }
        return new SpecSelection(List.copyOf(files), titlePart == null || titlePart.isEmpty() ? null : titlePart);
    }

    static String relative(Path base, Path file) {
        return PathNames.relative(base, file);
    }

    /** Ant's pattern rules: {@code **}{@code /} any folders (or none), {@code *} within a name, {@code ?} one character. */
    static Pattern antPattern(String pattern) {
        String p = pattern.replace('\\', '/');
        if (p.endsWith("/")) {
            p = p + "**";
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '*' && p.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 2;
            } else if (c == '*' && p.startsWith("**", i)) {
                regex.append(".*");
                i += 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
