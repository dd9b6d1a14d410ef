package dev.rill.recipe;

/**
 * Tells a picture's format from its first bytes, not from what the image endpoint claims: only PNG, JPEG and WebP
 * are stored and served, so whatever else comes back (an SVG with script, an HTML error page) is never sent to a
 * browser under an image type.
 */
final class ImageFormats {

    static final String PNG = "image/png";
    static final String JPEG = "image/jpeg";
    static final String WEBP = "image/webp";

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] RIFF = {'R', 'I', 'F', 'F'};
    private static final byte[] WEBP_MAGIC = {'W', 'E', 'B', 'P'};

    private ImageFormats() {
    }

    /** {@code image/png}, {@code image/jpeg} or {@code image/webp}, or {@code null} for anything else. */
    static String detect(byte[] bytes) {
        if (matches(bytes, 0, PNG_MAGIC)) {
            return PNG;
        }
        if (matches(bytes, 0, JPEG_MAGIC)) {
            return JPEG;
        }
        // RIFF, a four-byte length, then WEBP.
        if (matches(bytes, 0, RIFF) && matches(bytes, 8, WEBP_MAGIC)) {
            return WEBP;
        }
        return null;
    }

    private static boolean matches(byte[] bytes, int offset, byte[] magic) {
        if (bytes.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (bytes[offset + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
