package dev.rill.attachment;

import java.time.Instant;
import java.util.UUID;

/**
 * An image attached to a room, without its bytes.
 *
 * @param mediaType {@code image/png} or {@code image/jpeg}, decided from the bytes
 * @param filename  the uploaded file's name for display (its last path segment), or {@code null}
 * @param analysis  whether the uploader asked for a structured extraction
 * @param runId     the run that sent it to the model, or {@code null} while the room's next turn is still to take it
 * @param analysisResult the extraction that run made, as JSON text ({@code {"rows":[…]}}), or {@code null}
 */
public record Attachment(UUID id, UUID chatId, UUID userId, String mediaType, String filename, int sizeBytes,
                         boolean analysis, Instant createdAt, UUID runId, String analysisResult) {
}
