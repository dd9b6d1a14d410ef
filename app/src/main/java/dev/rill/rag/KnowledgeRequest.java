package dev.rill.rag;

import java.time.Instant;
import java.util.UUID;

/**
 * Knowledge a user proposes for the global knowledge base.
 *
 * @param title      title of the document it would become, or {@code null} (the first line of the content)
 * @param documentId the global document it became once applied; {@code null} before, or if that was deleted
 * @param reviewedAt when an admin applied or rejected it
 * @param appliedAt  when it was applied; {@code null} unless {@link KnowledgeRequestStatus#APPLIED}
 */
public record KnowledgeRequest(UUID id, UUID userId, String title, String content, String reason,
                               KnowledgeRequestStatus status, UUID documentId, Instant reviewedAt, Instant appliedAt,
                               Instant createdAt, Instant updatedAt) {

    public boolean applied() {
        return status == KnowledgeRequestStatus.APPLIED;
    }
}
