package dev.rill.attachment.internal;

import java.time.Instant;
import java.util.UUID;

/** An {@code attachments} row without its bytes, which only {@link AttachmentRepository#findContent} reads. */
public record AttachmentRow(UUID id, UUID chatId, UUID userId, String mediaType, String filename, int sizeBytes,
                            boolean analysis, Instant createdAt, UUID runId, String analysisResult) {

    /** A new, pending row: no run has sent it yet. */
    public AttachmentRow(UUID id, UUID chatId, UUID userId, String mediaType, String filename, int sizeBytes,
                         boolean analysis, Instant createdAt) {
        this(id, chatId, userId, mediaType, filename, sizeBytes, analysis, createdAt, null, null);
    }
}
