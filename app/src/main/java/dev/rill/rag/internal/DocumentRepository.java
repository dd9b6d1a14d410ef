package dev.rill.rag.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.Repository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Knowledge-base documents. A user sees their own documents and the global ones ({@code owner_id IS NULL}); every
 * read takes the user's ID and applies that rule itself. Pages walk backwards from a cursor (exclusive) over
 * {@code (created_at, id)}. Not a CRUD repository: the derived methods would read the large {@code content} column
 * with every row.
 */
public interface DocumentRepository extends Repository<DocumentRow, UUID> {

    String COLUMNS = "id, owner_id, created_by, title, media_type, source, size_bytes, chunk_count, embedding_model,"
            + " created_at";

    @Modifying
    @Query("""
            INSERT INTO rag_documents (id, owner_id, created_by, title, media_type, source, size_bytes, content,
                                       chunk_count, embedding_model, created_at)
            VALUES (:id, :ownerId, :createdBy, :title, :mediaType, :source, :sizeBytes, :content, :chunkCount,
                    :embeddingModel, :createdAt)""")
    Mono<Integer> insert(UUID id, UUID ownerId, UUID createdBy, String title, String mediaType, String source,
                         long sizeBytes, String content, int chunkCount, String embeddingModel, Instant createdAt);

    @Query("SELECT " + COLUMNS + " FROM rag_documents WHERE id = :id AND (owner_id IS NULL OR owner_id = :userId)")
    Mono<DocumentRow> findVisible(UUID userId, UUID id);

    @Query("SELECT content FROM rag_documents WHERE id = :id")
    Mono<String> findContent(UUID id);

    /** The user's own and the global documents, newest first. */
    @Query("SELECT " + COLUMNS + " FROM rag_documents"
            + " WHERE (owner_id IS NULL OR owner_id = :userId) AND (created_at, id) < (:beforeAt, :beforeId)"
            + " ORDER BY created_at DESC, id DESC LIMIT :limit")
    Flux<DocumentRow> findVisiblePage(UUID userId, Instant beforeAt, UUID beforeId, int limit);

    @Query("SELECT " + COLUMNS + " FROM rag_documents"
            + " WHERE owner_id = :userId AND (created_at, id) < (:beforeAt, :beforeId)"
            + " ORDER BY created_at DESC, id DESC LIMIT :limit")
    Flux<DocumentRow> findOwnPage(UUID userId, Instant beforeAt, UUID beforeId, int limit);

    @Query("SELECT " + COLUMNS + " FROM rag_documents"
            + " WHERE owner_id IS NULL AND (created_at, id) < (:beforeAt, :beforeId)"
            + " ORDER BY created_at DESC, id DESC LIMIT :limit")
    Flux<DocumentRow> findGlobalPage(Instant beforeAt, UUID beforeId, int limit);

    @Query("DELETE FROM rag_documents WHERE id = :id AND owner_id = :userId RETURNING id")
    Mono<UUID> deleteOwned(UUID userId, UUID id);

    @Query("DELETE FROM rag_documents WHERE id = :id AND owner_id IS NULL RETURNING id")
    Mono<UUID> deleteGlobal(UUID id);

    /** Documents whose chunks another model embedded: their vectors are not comparable with new queries. */
    @Query("SELECT count(*) FROM rag_documents WHERE embedding_model <> :model")
    Mono<Long> countEmbeddedByOtherModels(String model);
}
