package dev.rill.attachment.internal;

import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code attachments} table. Every read and delete takes the owner and the room and applies them itself, so a
 * caller cannot forget the ownership rule. Metadata reads never touch the {@code content} column. Written with
 * {@link DatabaseClient} so that the bytes bind and read as {@code byte[]} (bytea) without a converter.
 */
@Repository
public class AttachmentRepository {

    private static final String COLUMNS = "id, chat_id, user_id, media_type, filename, size_bytes, analysis,"
            + " created_at, run_id, analysis_result";

    private final DatabaseClient db;

    AttachmentRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> insert(AttachmentRow row, byte[] content) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO attachments (id, chat_id, user_id, media_type, filename, size_bytes, analysis,
                                                 content, created_at)
                        VALUES (:id, :chatId, :userId, :mediaType, :filename, :sizeBytes, :analysis, :content,
                                :createdAt)""")
                .bind("id", row.id()).bind("chatId", row.chatId()).bind("userId", row.userId())
                .bind("mediaType", row.mediaType())
                .bind("sizeBytes", row.sizeBytes()).bind("analysis", row.analysis()).bind("content", content)
                .bind("createdAt", row.createdAt());
        spec = row.filename() == null ? spec.bindNull("filename", String.class) : spec.bind("filename", row.filename());
        return spec.then();
    }

    /** The room's attachments in upload order. */
    public Flux<AttachmentRow> findInRoom(UUID userId, UUID chatId, int limit) {
        return db.sql("SELECT " + COLUMNS + " FROM attachments WHERE chat_id = :chatId AND user_id = :userId"
                        + " ORDER BY created_at, id LIMIT :limit")
                .bind("chatId", chatId).bind("userId", userId).bind("limit", limit)
                .map(AttachmentRepository::row).all();
    }

    public Mono<AttachmentRow> findOwned(UUID userId, UUID chatId, UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM attachments WHERE id = :id AND chat_id = :chatId"
                        + " AND user_id = :userId")
                .bind("id", id).bind("chatId", chatId).bind("userId", userId)
                .map(AttachmentRepository::row).one();
    }

    public Mono<byte[]> findContent(UUID userId, UUID chatId, UUID id) {
        return db.sql("SELECT content FROM attachments WHERE id = :id AND chat_id = :chatId AND user_id = :userId")
                .bind("id", id).bind("chatId", chatId).bind("userId", userId)
                .map(row -> row.get("content", byte[].class)).one();
    }

    public Mono<Long> countInRoom(UUID userId, UUID chatId) {
        return db.sql("SELECT count(*) AS n FROM attachments WHERE chat_id = :chatId AND user_id = :userId")
                .bind("chatId", chatId).bind("userId", userId)
                .map(row -> row.get("n", Long.class)).one();
    }

    /** Deletes the attachment; empty when there was none of the user's in that room. */
    public Mono<UUID> deleteOwned(UUID userId, UUID chatId, UUID id) {
        return db.sql("DELETE FROM attachments WHERE id = :id AND chat_id = :chatId AND user_id = :userId"
                        + " RETURNING id")
                .bind("id", id).bind("chatId", chatId).bind("userId", userId)
                .map(row -> row.get("id", UUID.class)).one();
    }

    /**
     * Marks the room's oldest pending attachments (at most {@code limit}) as sent by {@code runId} and returns them
     * with their bytes, in upload order. One statement, so two turns never take the same attachment.
     */
    public Flux<Pending> takePending(UUID userId, UUID chatId, UUID runId, int limit) {
        return db.sql("""
                        UPDATE attachments SET run_id = :runId
                        WHERE id IN (SELECT id FROM attachments
                                     WHERE chat_id = :chatId AND user_id = :userId AND run_id IS NULL
                                     ORDER BY created_at, id LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING\s""" + COLUMNS + ", content")
                .bind("runId", runId).bind("chatId", chatId).bind("userId", userId).bind("limit", limit)
                .map(found -> new Pending(row(found), found.get("content", byte[].class))).all()
                .sort(Comparator.comparing((Pending p) -> p.row().createdAt())
                        .thenComparing(p -> p.row().id()));
    }

    /** Gives the attachments {@code runId} took back to the room's pending ones, analysis and all. */
    public Mono<Long> release(UUID runId) {
        return db.sql("UPDATE attachments SET run_id = NULL, analysis_result = NULL WHERE run_id = :runId")
                .bind("runId", runId).fetch().rowsUpdated();
    }

    /** A row taken by a run, with its bytes. */
    public record Pending(AttachmentRow row, byte[] content) {
    }

    public Mono<Void> saveAnalysis(UUID id, UUID runId, String json) {
        return db.sql("UPDATE attachments SET analysis_result = :json WHERE id = :id AND run_id = :runId")
                .bind("json", json).bind("id", id).bind("runId", runId).then();
    }

    private static AttachmentRow row(Readable row) {
        Integer size = row.get("size_bytes", Integer.class);
        Boolean analysis = row.get("analysis", Boolean.class);
        return new AttachmentRow(row.get("id", UUID.class), row.get("chat_id", UUID.class),
                row.get("user_id", UUID.class), row.get("media_type", String.class), row.get("filename", String.class),
                size == null ? 0 : size, Boolean.TRUE.equals(analysis), row.get("created_at", Instant.class),
                row.get("run_id", UUID.class), row.get("analysis_result", String.class));
    }
}
