package dev.rill.rag;

import java.util.Objects;

/**
 * A document as it arrived, before any check.
 *
 * @param title        the title given, or {@code null} to take it from the file name
 * @param filename     the uploaded file's name, or {@code null}
 * @param declaredType the media type the client declared, or {@code null}; checked against the bytes
 * @param bytes        the file's content
 * @param scope        {@link DocumentScope#USER}, or {@link DocumentScope#GLOBAL} (admins only)
 */
public record DocumentUpload(String title, String filename, String declaredType, byte[] bytes, DocumentScope scope) {

    public DocumentUpload {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(scope, "scope");
    }
}
