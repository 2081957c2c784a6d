package io.iobind.example;

import com.fasterxml.jackson.databind.JsonNode;
import io.iobind.server.resource.ResourceException;

/**
 * What a client may send about a todo, checked: a {@code title} is a string of 1 to {@value #MAX_TITLE_LENGTH}
 * characters once trimmed, without U+0000 or a lone surrogate (PostgreSQL cannot store either as sent, so they
 * are refused whatever the database), {@code completed} is {@code true} or {@code false}. Anything else in the payload
 * ({@code id}, {@code order}, unknown fields) is ignored: the server owns those. A failure is a 400 whose message
 * names the field, in the form the server uses for payloads that do not map ({@code field 'x': …}).
 *
 * @param title     the trimmed title, or null when the payload has none
 * @param completed the flag, or null when the payload has none
 */
record TodoInput(String title, Boolean completed) {

    /** The longest title, in characters (Unicode code points, so an emoji counts once). */
    static final int MAX_TITLE_LENGTH = 500;

    /** A new todo: a title is required, completed defaults to false. */
    static TodoInput forCreate(JsonNode payload) {
        TodoInput input = read(payload);
        if (input.title == null) {
            throw ResourceException.badRequest("field 'title' is required");
        }
        return new TodoInput(input.title, input.completed != null ? input.completed : Boolean.FALSE);
    }

    /** A full update ({@code model.save()}): both fields, as Backbone sends the whole model. */
    static TodoInput forUpdate(JsonNode payload) {
        TodoInput input = read(payload);
        if (input.title == null) {
            throw ResourceException.badRequest("field 'title' is required");
        }
        if (input.completed == null) {
            throw ResourceException.badRequest("field 'completed' is required");
        }
        return input;
    }

    /** A patch ({@code model.save(attrs, {patch: true})}): at least one of the fields. */
    static TodoInput forPatch(JsonNode payload) {
        TodoInput input = read(payload);
        if (input.title == null && input.completed == null) {
            throw ResourceException.badRequest("nothing to change: give field 'title' or 'completed'");
        }
        return input;
    }

    private static TodoInput read(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            throw ResourceException.badRequest("expected a JSON object with field 'title' and/or 'completed'");
        }
        return new TodoInput(title(payload.get("title")), completed(payload.get("completed")));
    }

    private static String title(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw ResourceException.badRequest("field 'title': must be a string, got " + kind(node));
        }
        String title = node.textValue().strip();
        if (title.isEmpty()) {
            throw ResourceException.badRequest("field 'title': must not be empty");
        }
        if (title.indexOf('\0') >= 0) {
            // PostgreSQL's text types cannot hold U+0000 (H2's can): refused alike on both.
            throw ResourceException.badRequest("field 'title': must not contain U+0000");
        }
        if (!isWellFormed(title)) {
            // A lone surrogate is no character: PostgreSQL's driver would store '?' in its place.
            throw ResourceException.badRequest("field 'title': must be well-formed Unicode (a lone surrogate)");
        }
        int length = title.codePointCount(0, title.length());
        if (length > MAX_TITLE_LENGTH) {
            throw ResourceException.badRequest("field 'title': at most " + MAX_TITLE_LENGTH
                    + " characters, got " + length);
        }
        return title;
    }

    private static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char unit = text.charAt(i);
            boolean pair = Character.isHighSurrogate(unit) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                i++;
            } else if (Character.isSurrogate(unit)) {
                return false;
            }
        }
        return true;
    }

    private static Boolean completed(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw ResourceException.badRequest("field 'completed': must be true or false, got " + kind(node));
        }
        return node.booleanValue();
    }

    private static String kind(JsonNode node) {
        return node.isNull() ? "null" : node.getNodeType().name().toLowerCase();
    }
}
