package io.iobind.maven.bundle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A decoded source map (revision 3): the generated file's lines, each a list of segments in column order.
 * We decode Closure's map and write our own so the result does not depend on Closure's internal (shaded)
 * source-map classes, and so the JSON is byte-for-byte ours: fixed key order, no timestamps.
 */
public record SourceMapV3(String file, List<String> sources, List<String> names, List<List<Segment>> lines) {

    /** No source: a generated range that maps to nothing (a field of -1 means absent). */
    public static final int NONE = -1;

    /**
     * One mapping: generated column → (source index, original line, original column[, name index]).
     * Lines and columns are 0-based, as in the format.
     */
    public record Segment(int generatedColumn, int sourceIndex, int originalLine, int originalColumn, int nameIndex) {
        public boolean hasSource() {
            return sourceIndex != NONE;
        }
    }

    public SourceMapV3 {
        sources = List.copyOf(sources);
        names = List.copyOf(names);
        List<List<Segment>> copy = new ArrayList<>(lines.size());
        for (List<Segment> line : lines) {
            copy.add(List.copyOf(line));
        }
        lines = Collections.unmodifiableList(copy);
    }

    /** Parses the JSON of a version 3 source map (no index maps, no section support: Closure writes neither). */
    public static SourceMapV3 parse(String json) {
        try {
            JsonNode root = new ObjectMapper().readTree(json);
            if (root.path("version").asInt() != 3) {
                throw new IllegalArgumentException("Not a version 3 source map: " + abbreviate(json));
            }
            List<String> sources = new ArrayList<>();
            root.path("sources").forEach(node -> sources.add(node.asText()));
            List<String> names = new ArrayList<>();
            root.path("names").forEach(node -> names.add(node.asText()));
            return new SourceMapV3(root.path("file").asText(""), sources, names,
                    Vlq.decodeMappings(root.path("mappings").asText("")));
        } catch (IOException e) {
            throw new IllegalArgumentException("Unreadable source map: " + abbreviate(json), e);
        }
    }

    /** The map as JSON with a fixed key order, ending without a newline. */
    public String toJson() {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"version\":3,\"file\":");
        appendString(json, file);
        json.append(",\"sources\":");
        appendStrings(json, sources);
        json.append(",\"names\":");
        appendStrings(json, names);
        json.append(",\"mappings\":");
        appendString(json, Vlq.encodeMappings(lines));
        json.append('}');
        return json.toString();
    }

    /** The last segment at or before the generated position, or null when the line has none there. */
    public Segment segmentAt(int generatedLine, int generatedColumn) {
        if (generatedLine < 0 || generatedLine >= lines.size()) {
            return null;
        }
        Segment found = null;
        for (Segment segment : lines.get(generatedLine)) {
            if (segment.generatedColumn() > generatedColumn) {
                break;
            }
            found = segment;
        }
        return found;
    }

    private static void appendStrings(StringBuilder json, List<String> values) {
        json.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            appendString(json, values.get(i));
        }
        json.append(']');
    }

    private static void appendString(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    /** Base64 VLQ coding of the "mappings" field, with its running (delta) fields. */
    static final class Vlq {
        private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        private static final int SHIFT = 5;
        private static final int CONTINUATION = 1 << SHIFT;
        private static final int DIGIT_MASK = CONTINUATION - 1;

        private Vlq() {
        }

        static String encodeMappings(List<List<Segment>> lines) {
            StringBuilder out = new StringBuilder();
            int previousSource = 0;
            int previousLine = 0;
            int previousColumn = 0;
            int previousName = 0;
            for (int lineIndex = 0; lineIndex < lines.size(); lineIndex++) {
                if (lineIndex > 0) {
                    out.append(';');
                }
                int previousGeneratedColumn = 0;
                boolean first = true;
                for (Segment segment : lines.get(lineIndex)) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    encode(out, segment.generatedColumn() - previousGeneratedColumn);
                    previousGeneratedColumn = segment.generatedColumn();
                    if (!segment.hasSource()) {
                        continue;
                    }
                    encode(out, segment.sourceIndex() - previousSource);
                    previousSource = segment.sourceIndex();
                    encode(out, segment.originalLine() - previousLine);
                    previousLine = segment.originalLine();
                    encode(out, segment.originalColumn() - previousColumn);
                    previousColumn = segment.originalColumn();
                    if (segment.nameIndex() != NONE) {
                        encode(out, segment.nameIndex() - previousName);
                        previousName = segment.nameIndex();
                    }
                }
            }
            return out.toString();
        }

        static List<List<Segment>> decodeMappings(String mappings) {
            List<List<Segment>> lines = new ArrayList<>();
            int previousSource = 0;
            int previousLine = 0;
            int previousColumn = 0;
            int previousName = 0;
            for (String lineText : mappings.split(";", -1)) {
                List<Segment> line = new ArrayList<>();
                int previousGeneratedColumn = 0;
                for (String segmentText : lineText.split(",")) {
                    if (segmentText.isEmpty()) {
                        continue;
                    }
                    int[] fields = new int[5];
                    int count = 0;
                    int position = 0;
                    while (position < segmentText.length()) {
                        if (count == fields.length) {
                            throw new IllegalArgumentException("Source map segment with more than 5 fields: " + segmentText);
                        }
                        int[] decoded = decode(segmentText, position);
                        fields[count++] = decoded[0];
                        position = decoded[1];
                    }
                    if (count != 1 && count != 4 && count != 5) {
                        throw new IllegalArgumentException("Source map segment with " + count + " fields: " + segmentText);
                    }
                    previousGeneratedColumn += fields[0];
                    if (count == 1) {
                        line.add(new Segment(previousGeneratedColumn, NONE, NONE, NONE, NONE));
                        continue;
                    }
                    previousSource += fields[1];
                    previousLine += fields[2];
                    previousColumn += fields[3];
                    int name = NONE;
                    if (count == 5) {
                        previousName += fields[4];
                        name = previousName;
                    }
                    line.add(new Segment(previousGeneratedColumn, previousSource, previousLine, previousColumn, name));
                }
                lines.add(line);
            }
            return lines;
        }

        static void encode(StringBuilder out, int value) {
            int vlq = value < 0 ? ((-value) << 1) | 1 : value << 1;
            do {
                int digit = vlq & DIGIT_MASK;
                vlq >>>= SHIFT;
                if (vlq > 0) {
                    digit |= CONTINUATION;
                }
                out.append(ALPHABET.charAt(digit));
            } while (vlq > 0);
        }

        /** Returns {value, next position}. */
        static int[] decode(String text, int start) {
            int result = 0;
            int shift = 0;
            int position = start;
            boolean more;
            do {
                if (position >= text.length()) {
                    throw new IllegalArgumentException("Truncated VLQ value at " + start);
                }
                int digit = ALPHABET.indexOf(text.charAt(position++));
                if (digit < 0) {
                    throw new IllegalArgumentException("Not a base64 digit '" + text.charAt(position - 1) + "' at " + (position - 1));
                }
                more = (digit & CONTINUATION) != 0;
                result += (digit & DIGIT_MASK) << shift;
                shift += SHIFT;
            } while (more);
            boolean negative = (result & 1) == 1;
            result >>>= 1;
            return new int[] {negative ? -result : result, position};
        }
    }
}
