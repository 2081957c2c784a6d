package io.iobind.server.dev;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The commands {@code iobind:serve} sends to its server process, one per line on the process's standard input:
 * <ul>
 *   <li>{@code reload}: open pages reload;</li>
 *   <li>{@code error <json array of {file, line, column, reason}>}: the sources do not compile, pages show it;</li>
 *   <li>{@code clear}: they compile again, pages hide the overlay.</li>
 * </ul>
 * The end of the input means stop: so a Maven that dies, however it dies, never leaves its server running.
 */
public final class ControlChannel {

    /** What the commands act on. */
    public interface Target {
        void reload();

        void error(JsonNode problems);

        void clear();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ControlChannel() {
    }

    /**
     * Reads and applies commands until the end of {@code input}; a line it cannot read is reported to
     * {@code complaints} and skipped.
     */
    public static void run(BufferedReader input, Target target, Consumer<String> complaints) throws IOException {
        String line;
        while ((line = input.readLine()) != null) {
            apply(line.strip(), target, complaints);
        }
    }

    static void apply(String line, Target target, Consumer<String> complaints) {
        if (line.isEmpty()) {
            return;
        }
        int space = line.indexOf(' ');
        String command = space < 0 ? line : line.substring(0, space);
        String argument = space < 0 ? "" : line.substring(space + 1).strip();
        switch (command) {
            case "reload" -> target.reload();
            case "clear" -> target.clear();
            case "error" -> {
                try {
                    JsonNode problems = JSON.readTree(argument);
                    if (problems == null || !problems.isArray()) {
                        complaints.accept("Ignoring control line '" + line + "': error expects a JSON array.");
                    } else {
                        target.error(problems);
                    }
                } catch (JsonProcessingException e) {
                    complaints.accept("Ignoring control line '" + line + "': " + e.getOriginalMessage());
                }
            }
            default -> complaints.accept("Ignoring unknown control line '" + line + "' (known: reload, error <json>, clear).");
        }
    }
}
