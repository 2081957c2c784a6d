package io.iobind.maven.npm;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A Subresource Integrity string as npm writes it ({@code sha512-<base64>}, possibly several hashes separated by
 * spaces). Checks use the strongest algorithm present, like npm's ssri.
 */
public final class Integrity {

    private static final List<String> STRONGEST_FIRST = List.of("sha512", "sha384", "sha256", "sha1");

    private final String text;
    private final String algorithm;
    private final byte[] expected;

    private Integrity(String text, String algorithm, byte[] expected) {
        this.text = text;
        this.algorithm = algorithm;
        this.expected = expected;
    }

    public static Integrity parse(String text) throws NpmException {
        List<String[]> hashes = new ArrayList<>();
        for (String token : text.trim().split("\\s+")) {
            int dash = token.indexOf('-');
            if (dash > 0) {
                hashes.add(new String[] {token.substring(0, dash).toLowerCase(Locale.ROOT), token.substring(dash + 1)});
            }
        }
        for (String algorithm : STRONGEST_FIRST) {
            for (String[] hash : hashes) {
                if (hash[0].equals(algorithm)) {
                    String base64 = hash[1].contains("?") ? hash[1].substring(0, hash[1].indexOf('?')) : hash[1];
                    try {
                        return new Integrity(text, algorithm, Base64.getDecoder().decode(base64));
                    } catch (IllegalArgumentException e) {
                        throw new NpmException("Integrity '" + text + "' has a malformed " + algorithm + " hash.");
                    }
                }
            }
        }
        throw new NpmException("Integrity '" + text + "' has no sha512, sha384, sha256 or sha1 hash.");
    }

    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(switch (algorithm) {
                case "sha1" -> "SHA-1";
                case "sha256" -> "SHA-256";
                case "sha384" -> "SHA-384";
                default -> "SHA-512";
            });
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK lacks " + algorithm, e);
        }
    }

    /** True when {@code digest} (from {@link #newDigest()}) matches the expected hash. */
    public boolean matches(byte[] digest) {
        return MessageDigest.isEqual(expected, digest);
    }

    public String algorithm() {
        return algorithm;
    }

    /** The SRI form of a digest computed with this algorithm, for error messages. */
    public String describe(byte[] digest) {
        return algorithm + "-" + Base64.getEncoder().encodeToString(digest);
    }

    /** A short, file-name-safe key of the expected hash, so a cache folder is tied to the exact bytes. */
    public String shortKey() {
        return algorithm + "-" + HexFormat.of().formatHex(expected, 0, Math.min(8, expected.length));
    }

    @Override
    public String toString() {
        return text;
    }
}
