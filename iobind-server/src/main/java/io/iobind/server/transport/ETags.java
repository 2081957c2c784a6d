package io.iobind.server.transport;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Entity tags of the files the server answers from memory (the client bundle, webjars): derived from their bytes. */
final class ETags {

    private ETags() {
    }

    /** A strong entity tag: {@code "<prefix>-<first 16 hex digits of the bytes' SHA-256>"}. */
    static String of(String prefix, byte[] bytes) {
        return "\"" + prefix + "-" + sha256Prefix(bytes) + "\"";
    }

    /** A strong entity tag: {@code "<first 16 hex digits of the bytes' SHA-256>"}. */
    static String of(byte[] bytes) {
        return "\"" + sha256Prefix(bytes) + "\"";
    }

    /** Whether an {@code If-None-Match} list names {@code etag}, weakly compared as RFC 9110 asks for that header. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static String sha256Prefix(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
