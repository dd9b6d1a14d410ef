package dev.rill.attachment;

import java.util.Objects;

/**
 * An image as it arrived, before any check.
 *
 * @param filename the uploaded file's name as the client sent it, or {@code null}; shown, never used as a path
 * @param bytes    the file's content
 * @param analysis whether a structured extraction is wanted
 */
public record AttachmentUpload(String filename, byte[] bytes, boolean analysis) {

    public AttachmentUpload {
        Objects.requireNonNull(bytes, "bytes");
    }
}
