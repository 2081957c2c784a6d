package io.iobind.maven.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bundle's code as concatenated (wrapper prefix, sources, wrapper suffix; no banner), with, for every line,
 * where it came from. That record is what turns a position in the bundle back into {@code lib/model.js:12:5}
 * for messages and source maps.
 */
public final class AssembledBundle {

    private static final Pattern VERSION_TOKEN = Pattern.compile("@VERSION\\b");

    /**
     * Something the bundle's lines come from.
     *
     * @param label     shown in messages: a path relative to the project, or a wrapper's label
     * @param file      true for a source file (mapped in source maps), false for wrapper text
     */
    public record Origin(String label, boolean file) {
    }

    /**
     * One line of the bundle: its origin, its 0-based line there, and where {@code @VERSION} was replaced on
     * it (replacements shift the columns after them).
     */
    record LineOrigin(int originIndex, int originalLine, List<Replacement> replacements) {
        int originalColumn(int bundleColumn) {
            int shift = 0;
            for (Replacement replacement : replacements) {
                if (bundleColumn < replacement.bundleStart()) {
                    break;
                }
                if (bundleColumn < replacement.bundleEnd()) {
                    return replacement.originalStart();
                }
                shift = replacement.originalEnd() - replacement.bundleEnd();
            }
            return bundleColumn + shift;
        }
    }

    record Replacement(int bundleStart, int bundleEnd, int originalStart, int originalEnd) {
    }

    private final String text;
    private final List<Origin> origins;
    private final List<LineOrigin> lines;

    private AssembledBundle(String text, List<Origin> origins, List<LineOrigin> lines) {
        this.text = text;
        this.origins = List.copyOf(origins);
        this.lines = List.copyOf(lines);
    }

    /** The code, lines ending in {@code \n}. */
    public String text() {
        return text;
    }

    public List<Origin> origins() {
        return origins;
    }

    public int lineCount() {
        return lines.size();
    }

    /** The 0-based bundle lines that came from one origin, first and last inclusive; null when it gave none. */
    int[] lineRange(int originIndex) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).originIndex() == originIndex) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        return first < 0 ? null : new int[] {first, last};
    }

    /** Origin index, 0-based original line and 0-based original column of a 0-based bundle position. */
    public int[] locate(int bundleLine, int bundleColumn) {
        LineOrigin line = lines.get(bundleLine);
        return new int[] {line.originIndex(), line.originalLine(), line.originalColumn(Math.max(bundleColumn, 0))};
    }

    /** Concatenates the parts in order, replacing {@code @VERSION} by the version. */
    static final class Assembler {
        private final String version;
        private final StringBuilder text = new StringBuilder(16 * 1024);
        private final List<Origin> origins = new ArrayList<>();
        private final List<LineOrigin> lines = new ArrayList<>();

        Assembler(String version) {
            this.version = version;
        }

        Assembler append(Origin origin, String content) {
            int originIndex = origins.size();
            origins.add(origin);
            String normalized = normalizeLineEnds(content);
            String[] parts = normalized.split("\n", -1);
            // A final "\n" leaves an empty last part that is not a line of its own.
            int count = normalized.endsWith("\n") ? parts.length - 1 : parts.length;
            for (int i = 0; i < count; i++) {
                appendLine(originIndex, i, parts[i]);
            }
            return this;
        }

        private void appendLine(int originIndex, int originalLine, String line) {
            List<Replacement> replacements = new ArrayList<>();
            Matcher matcher = VERSION_TOKEN.matcher(line);
            StringBuilder replaced = new StringBuilder(line.length() + 16);
            int copied = 0;
            while (matcher.find()) {
                replaced.append(line, copied, matcher.start());
                int bundleStart = replaced.length();
                replaced.append(version);
                replacements.add(new Replacement(bundleStart, replaced.length(), matcher.start(), matcher.end()));
                copied = matcher.end();
            }
            replaced.append(line, copied, line.length());
            text.append(replaced).append('\n');
            lines.add(new LineOrigin(originIndex, originalLine, replacements));
        }

        AssembledBundle build() {
            return new AssembledBundle(text.toString(), origins, lines);
        }
    }

    /** LF line ends and no byte order mark, so output bytes do not depend on how a checkout stored the files. */
    static String normalizeLineEnds(String content) {
        String withoutBom = content.startsWith("\uFEFF") ? content.substring(1) : content;
        return withoutBom.replace("\r\n", "\n").replace('\r', '\n');
    }
}
