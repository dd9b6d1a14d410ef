package dev.rill.rag.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Knowledge requests. A user's own are looked up together with their owner, so another user's request is simply
 * not found; the review queries are for admins and the service checks that first. Changes to a request's text
 * and its review both require it to be pending in the same statement, so two admins (or an admin and the author)
 * cannot both act on one request.
 */
public interface KnowledgeRequestRepository extends ReactiveCrudRepository<KnowledgeRequestRow, UUID> {

    @Query("SELECT * FROM rag_knowledge_requests WHERE id = :id AND user_id = :userId")
    Mono<KnowledgeRequestRow> findOwned(UUID userId, UUID id);

    @Query("""
            SELECT * FROM rag_knowledge_requests
            WHERE user_id = :userId AND (CAST(:status AS text) IS NULL OR status = :status)
              AND (created_at, id) < (:beforeAt, :beforeId)
            ORDER BY created_at DESC, id DESC
            LIMIT :limit""")
    Flux<KnowledgeRequestRow> findOwnPage(UUID userId, String status, Instant beforeAt, UUID beforeId, int limit);

    @Query("""
            SELECT * FROM rag_knowledge_requests
            WHERE (CAST(:status AS text) IS NULL OR status = :status) AND (created_at, id) < (:beforeAt, :beforeId)
            ORDER BY created_at DESC, id DESC
            LIMIT :limit""")
    Flux<KnowledgeRequestRow> findPage(String status, Instant beforeAt, UUID beforeId, int limit);

    /** Replaces the non-null fields of a pending request of the user's; empty if none matches. */
    @Query("""
            UPDATE rag_knowledge_requests
            SET title = COALESCE(:title, title), content = COALESCE(:content, content),
                reason = COALESCE(:reason, reason), updated_at = :now
            WHERE id = :id AND user_id = :userId AND status = 'pending'
            RETURNING *""")
    Mono<KnowledgeRequestRow> editPending(UUID userId, UUID id, String title, String content, String reason,
                                          Instant now);

    @Query("DELETE FROM rag_knowledge_requests WHERE id = :id AND user_id = :userId RETURNING id")
    Mono<UUID> deleteOwned(UUID userId, UUID id);

    @Query("""
            UPDATE rag_knowledge_requests
            SET status = 'applied', document_id = :documentId, reviewed_by = :adminId, reviewed_at = :now,
                applied_at = :now, updated_at = :now
            WHERE id = :id AND status = 'pending'
            RETURNING *""")
    Mono<KnowledgeRequestRow> markApplied(UUID id, UUID adminId, UUID documentId, Instant now);

    @Query("""
            UPDATE rag_knowledge_requests
            SET status = 'rejected', reviewed_by = :adminId, reviewed_at = :now, updated_at = :now
            WHERE id = :id AND status = 'pending'
            RETURNING *""")
    Mono<KnowledgeRequestRow> markRejected(UUID id, UUID adminId, Instant now);
}
