package dev.rill.rag.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A {@code rag_documents} row without its text, which only {@link DocumentRepository#findContent} reads. */
@Table("rag_documents")
public record DocumentRow(@Id UUID id, UUID ownerId, UUID createdBy, String title, String mediaType, String source,
                          long sizeBytes, int chunkCount, String embeddingModel, Instant createdAt) {
}
