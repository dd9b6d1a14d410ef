package dev.rill.rag;

import java.time.Instant;
import java.util.UUID;

/**
 * A document of the knowledge base, without its text. IDs are plain UUIDs here; the web layer shows them prefixed
 * ({@code doc-…}).
 *
 * @param ownerId        the user it belongs to, or {@code null} for a global document
 * @param mediaType      {@code text/plain}, {@code text/markdown} or {@code application/pdf}
 * @param source         {@code upload}, or {@code knowledge_request} for an applied submission
 * @param sizeBytes      size of what was uploaded (a PDF's bytes, not its text)
 * @param chunkCount     how many chunks it was split into for search
 * @param embeddingModel the model that embedded its chunks
 */
public record KnowledgeDocument(UUID id, UUID ownerId, String title, String mediaType, String source, long sizeBytes,
                                int chunkCount, String embeddingModel, Instant createdAt) {

    public DocumentScope scope() {
        return ownerId == null ? DocumentScope.GLOBAL : DocumentScope.USER;
    }
}
