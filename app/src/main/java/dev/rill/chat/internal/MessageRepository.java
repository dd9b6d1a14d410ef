package dev.rill.chat.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.Repository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Messages of a room, ordered by {@code (created_at, id)}. Not a CRUD repository on purpose: the derived
 * {@code findById}/{@code save} would read and write the jsonb columns as the driver's JSON type, not as text.
 * Callers check that the room belongs to the user first; {@link #update} checks it itself.
 */
public interface MessageRepository extends Repository<MessageRow, UUID> {

    String COLUMNS = "m.id, m.chat_id, m.role, m.content::text AS content, m.status, "
            + "m.token_count::text AS token_count, m.run_id, m.created_at";

    @Modifying
    @Query("""
            INSERT INTO chat_messages (id, chat_id, role, content, status, token_count, run_id, created_at)
            VALUES (:id, :chatId, :role, CAST(:content AS jsonb), :status, CAST(:tokenCount AS jsonb), :runId,
                    :createdAt)""")
    Mono<Integer> insert(UUID id, UUID chatId, String role, String content, String status, String tokenCount,
                         UUID runId, Instant createdAt);

    /** Up to {@code limit} messages older than the cursor (exclusive), newest first. */
    @Query("SELECT " + COLUMNS + " FROM chat_messages m"
            + " WHERE m.chat_id = :chatId AND (m.created_at, m.id) < (:beforeAt, :beforeId)"
            + " ORDER BY m.created_at DESC, m.id DESC LIMIT :limit")
    Flux<MessageRow> findPage(UUID chatId, Instant beforeAt, UUID beforeId, int limit);

    /** The {@code limit} most recent messages, oldest first. */
    @Query("SELECT * FROM (SELECT " + COLUMNS + " FROM chat_messages m WHERE m.chat_id = :chatId"
            + " ORDER BY m.created_at DESC, m.id DESC LIMIT :limit) recent ORDER BY created_at, id")
    Flux<MessageRow> findRecent(UUID chatId, int limit);

    /**
     * {@link #findPage} for a shared room's public view: only messages with one of {@code roles} that are no longer
     * being written, and nothing at all once the room is unshared (checked here, in the same statement, so an
     * unshare that lands between the room check and this read still hides the messages).
     */
    @Query("SELECT " + COLUMNS + " FROM chat_messages m JOIN chats c ON c.id = m.chat_id AND c.is_shared"
            + " WHERE m.chat_id = :chatId AND m.role = ANY(:roles) AND m.status <> 'streaming'"
            + " AND (m.created_at, m.id) < (:beforeAt, :beforeId)"
            + " ORDER BY m.created_at DESC, m.id DESC LIMIT :limit")
    Flux<MessageRow> findSharedPage(UUID chatId, String[] roles, Instant beforeAt, UUID beforeId, int limit);

    /**
     * The next {@code limit} messages after the cursor that {@link #findSharedPage} would show, oldest first, without
     * their content or token counts: a fork copies them a page at a time with {@link #copyInto}, so that a long
     * room never has to fit in memory.
     */
    @Query("SELECT m.id, m.chat_id, m.role, NULL AS content, m.status, NULL AS token_count, m.run_id, m.created_at"
            + " FROM chat_messages m JOIN chats c ON c.id = m.chat_id AND c.is_shared"
            + " WHERE m.chat_id = :chatId AND m.role = ANY(:roles) AND m.status <> 'streaming'"
            + " AND (m.created_at, m.id) > (:afterAt, :afterId)"
            + " ORDER BY m.created_at, m.id LIMIT :limit")
    Flux<MessageRow> findSharedRefs(UUID chatId, String[] roles, Instant afterAt, UUID afterId, int limit);

    /** The first user message {@link #findSharedPage} would show: it names a fork of an untitled room. */
    @Query("SELECT " + COLUMNS + " FROM chat_messages m JOIN chats c ON c.id = m.chat_id AND c.is_shared"
            + " WHERE m.chat_id = :chatId AND m.role = 'user' AND m.status <> 'streaming'"
            + " ORDER BY m.created_at, m.id LIMIT 1")
    Mono<MessageRow> findFirstSharedUserMessage(UUID chatId);

    /**
     * Copies the messages {@code sourceIds} of {@code sourceChatId} into {@code forkId} under the new IDs {@code ids}
     * (same order), as complete, without token counts or run IDs, {@code start} plus one microsecond per position
     * apart. The content is copied inside PostgreSQL, never read into the application.
     */
    @Modifying
    @Query("""
            INSERT INTO chat_messages (id, chat_id, role, content, status, token_count, run_id, created_at)
            SELECT n.id, :forkId, m.role, m.content, 'complete', NULL, NULL, :start + n.ord * INTERVAL '1 microsecond'
            FROM unnest(CAST(:ids AS uuid[]), CAST(:sourceIds AS uuid[])) WITH ORDINALITY AS n(id, source_id, ord)
            JOIN chat_messages m ON m.id = n.source_id AND m.chat_id = :sourceChatId
            ORDER BY n.ord""")
    Mono<Integer> copyInto(UUID forkId, UUID sourceChatId, UUID[] ids, UUID[] sourceIds, Instant start);

    /** Replaces the non-null fields of a message of a room the user owns, and returns the result. */
    @Query("UPDATE chat_messages m SET"
            + " content = COALESCE(CAST(:content AS jsonb), m.content),"
            + " status = COALESCE(:status, m.status),"
            + " token_count = COALESCE(CAST(:tokenCount AS jsonb), m.token_count)"
            + " FROM chats c"
            + " WHERE m.id = :id AND m.chat_id = :chatId AND c.id = m.chat_id AND c.user_id = :userId"
            + " RETURNING " + COLUMNS)
    Mono<MessageRow> update(UUID userId, UUID chatId, UUID id, String content, String status, String tokenCount);
}
