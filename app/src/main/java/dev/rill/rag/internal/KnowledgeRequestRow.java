package dev.rill.rag.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

@Table("rag_knowledge_requests")
public record KnowledgeRequestRow(@Id UUID id, UUID userId, String title, String content, String reason,
                                  String status, UUID documentId, UUID reviewedBy, Instant reviewedAt,
                                  Instant appliedAt, Instant createdAt, Instant updatedAt) {
}
