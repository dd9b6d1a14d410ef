package dev.rill.shared;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random bytes for secrets. A DRBG is seeded once, here, at class initialisation; the platform's default
 * NativePRNG reads {@code /dev/urandom} on every call, a file read that must not happen on an event loop.
 */
public final class Entropy {

    private static final SecureRandom RANDOM;

    static {
        try {
            RANDOM = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
        RANDOM.nextBytes(new byte[16]);
    }

    private Entropy() {
    }

    public static void fill(byte[] buffer) {
        RANDOM.nextBytes(buffer);
    }

    /** A uniformly distributed int in {@code [0, bound)}. */
    public static int nextInt(int bound) {
        return RANDOM.nextInt(bound);
    }

    public static String urlSafeToken(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }
}
