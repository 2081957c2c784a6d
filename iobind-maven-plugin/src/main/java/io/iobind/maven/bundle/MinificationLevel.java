package io.iobind.maven.bundle;

import java.util.Locale;

import com.google.javascript.jscomp.CompilationLevel;

/** How hard Closure Compiler works on the {@code .min.js}; the names follow Closure's own levels. */
public enum MinificationLevel {
    /** Removes whitespace and comments only. */
    WHITESPACE_ONLY(CompilationLevel.WHITESPACE_ONLY),
    /** Also renames local names and simplifies code; keeps every public name. The default. */
    SIMPLE(CompilationLevel.SIMPLE_OPTIMIZATIONS),
    /** Also renames properties and removes unused code: only for code written for it, with externs. */
    ADVANCED(CompilationLevel.ADVANCED_OPTIMIZATIONS);

    private final CompilationLevel closureLevel;

    MinificationLevel(CompilationLevel closureLevel) {
        this.closureLevel = closureLevel;
    }

    CompilationLevel closureLevel() {
        return closureLevel;
    }

    /** Accepts {@code SIMPLE}, {@code simple}, {@code SIMPLE_OPTIMIZATIONS}, {@code whitespace-only}, ... */
    public static MinificationLevel parse(String text) {
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (normalized.endsWith("_OPTIMIZATIONS")) {
            normalized = normalized.substring(0, normalized.length() - "_OPTIMIZATIONS".length());
        }
        for (MinificationLevel level : values()) {
            if (level.name().equals(normalized)) {
                return level;
            }
        }
        throw new IllegalArgumentException("Unknown compilation level '" + text
                + "': use WHITESPACE_ONLY, SIMPLE or ADVANCED.");
    }
}
