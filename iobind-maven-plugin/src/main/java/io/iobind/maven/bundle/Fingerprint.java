package io.iobind.maven.bundle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A SHA-256 over named parts, written with their lengths so that no two different inputs run together. */
final class Fingerprint {

    private final MessageDigest digest;

    Fingerprint() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    Fingerprint add(String name, String value) {
        return add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a named value; null (e.g. an absent file) is distinct from empty. */
    Fingerprint add(String name, byte[] value) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        digest.update(lengthBytes(nameBytes.length));
        digest.update(nameBytes);
        if (value == null) {
            digest.update(lengthBytes(-1));
        } else {
            digest.update(lengthBytes(value.length));
            digest.update(value);
        }
        return this;
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(byte[] content) {
        return new Fingerprint().add("content", content).hex();
    }

    private static byte[] lengthBytes(int length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }
}
