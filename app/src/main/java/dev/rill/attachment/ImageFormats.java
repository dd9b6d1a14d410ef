package dev.rill.attachment;

import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;

/**
 * Decides what an upload is from its first bytes. Only PNG and JPEG are accepted; what the client declares (the
 * part's content type, the file name) is not consulted, so a script renamed {@code .png} is refused and a PNG sent
 * as {@code application/octet-stream} is taken. A few bytes are compared, which is no work for an event loop.
 */
final class ImageFormats {

    static final String PNG = "image/png";
    static final String JPEG = "image/jpeg";

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    private ImageFormats() {
    }

    /** {@code image/png} or {@code image/jpeg}, or a 415 {@code unsupported-media-type} problem. */
    static String detect(byte[] bytes) {
        if (startsWith(bytes, PNG_MAGIC)) {
            return PNG;
        }
        if (startsWith(bytes, JPEG_MAGIC)) {
            return JPEG;
        }
        throw new RillException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                "The file is neither a PNG nor a JPEG image (judged by its content, not its name or declared type)");
    }

    private static boolean startsWith(byte[] bytes, byte[] magic) {
        if (bytes.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (bytes[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
