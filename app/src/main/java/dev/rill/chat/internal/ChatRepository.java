package dev.rill.chat.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rooms, always looked up together with their owner: a room of another user is simply not found. Pages walk
 * backwards from a cursor (exclusive) over the tuple {@code (created_at, id)}, so rooms created in the same
 * microsecond still have one fixed order.
 */
public interface ChatRepository extends ReactiveCrudRepository<ChatRow, UUID> {

    @Query("SELECT * FROM chats WHERE id = :id AND user_id = :userId")
    Mono<ChatRow> findOwned(UUID userId, UUID id);

    @Query("""
            SELECT * FROM chats
            WHERE user_id = :userId AND (created_at, id) < (:beforeAt, :beforeId)
            ORDER BY created_at DESC, id DESC
            LIMIT :limit""")
    Flux<ChatRow> findPage(UUID userId, Instant beforeAt, UUID beforeId, int limit);

    /** Rooms whose title or any message's text matches {@code pattern}, an ILIKE pattern escaped with {@code \}. */
    @Query("""
            SELECT * FROM chats c
            WHERE c.user_id = :userId AND (c.created_at, c.id) < (:beforeAt, :beforeId)
              AND (c.title ILIKE :pattern ESCAPE '\\'
                   OR EXISTS (SELECT 1 FROM chat_messages m
                              WHERE m.chat_id = c.id AND m.content ->> 'message' ILIKE :pattern ESCAPE '\\'))
            ORDER BY c.created_at DESC, c.id DESC
            LIMIT :limit""")
    Flux<ChatRow> searchPage(UUID userId, String pattern, Instant beforeAt, UUID beforeId, int limit);

    /** A new title (when not null) moves {@code updated_at}; a new key binding (when {@code setKey}) does not. */
    @Query("""
            UPDATE chats SET title = COALESCE(:title, title),
                             updated_at = CASE WHEN :title IS NULL THEN updated_at ELSE :now END,
                             key_id = CASE WHEN :setKey THEN :keyId ELSE key_id END
            WHERE id = :id AND user_id = :userId
            RETURNING *""")
    Mono<ChatRow> update(UUID userId, UUID id, String title, boolean setKey, UUID keyId, Instant now);

    @Query("SELECT key_id FROM chats WHERE id = :id AND user_id = :userId AND key_id IS NOT NULL")
    Mono<UUID> keyOf(UUID userId, UUID id);

    /**
     * Marks activity on a room and gives it {@code title} if it has none yet. Also the ownership check of an
     * append, and it locks the room row until the transaction ends, so two first messages cannot both title it.
     */
    @Query("""
            UPDATE chats SET updated_at = :now, title = COALESCE(title, :title)
            WHERE id = :id AND user_id = :userId
            RETURNING *""")
    Mono<ChatRow> touch(UUID userId, UUID id, String title, Instant now);

    /**
     * {@link #touch} that also claims the room for run {@code runId} until {@code until}, unless another run holds
     * an unexpired claim: then nothing is updated and nothing returned.
     */
    @Query("""
            UPDATE chats SET updated_at = :now, title = COALESCE(title, :title),
                             active_run_id = :runId, active_run_until = :until
            WHERE id = :id AND user_id = :userId
              AND (active_run_id IS NULL OR active_run_id = :runId OR active_run_until < :now)
            RETURNING *""")
    Mono<ChatRow> touchClaiming(UUID userId, UUID id, String title, Instant now, UUID runId, Instant until);

    /** A new room, already claimed by run {@code runId} until {@code until}. */
    @Query("""
            INSERT INTO chats (id, user_id, title, profile_id, is_shared, created_at, updated_at,
                               active_run_id, active_run_until)
            VALUES (:id, :userId, :title, NULL, false, :now, :now, :runId, :until)
            RETURNING *""")
    Mono<ChatRow> insertClaimed(UUID id, UUID userId, String title, Instant now, UUID runId, Instant until);

    /** {@link #touch} that also drops run {@code runId}'s claim on the room, if it still holds it. */
    @Query("""
            UPDATE chats SET updated_at = :now, title = COALESCE(title, :title),
                             active_run_id = CASE WHEN active_run_id = :runId THEN NULL ELSE active_run_id END,
                             active_run_until = CASE WHEN active_run_id = :runId THEN NULL ELSE active_run_until END
            WHERE id = :id AND user_id = :userId
            RETURNING *""")
    Mono<ChatRow> touchReleasing(UUID userId, UUID id, String title, Instant now, UUID runId);

    /** Drops run {@code runId}'s claim on room {@code id}, if it still holds it. */
    @Query("""
            UPDATE chats SET active_run_id = NULL, active_run_until = NULL
            WHERE id = :id AND active_run_id = :runId""")
    Mono<Long> release(UUID id, UUID runId);

    /** Extends the claims of these runs, where they still hold one; one statement for all of an instance's runs. */
    @Query("UPDATE chats SET active_run_until = :until WHERE active_run_id = ANY(:runIds)")
    Mono<Long> renew(UUID[] runIds, Instant until);

    /**
     * Drops up to {@code limit} claims that lapsed before {@code cutoff} and returns the rooms as they were: the runs
     * whose owner stopped renewing. Rows another instance is sweeping at the same time are skipped, so each lapsed
     * claim is taken by one sweeper.
     */
    @Query("""
            UPDATE chats c SET active_run_id = NULL, active_run_until = NULL
            FROM (SELECT id, active_run_id FROM chats
                  WHERE active_run_id IS NOT NULL AND active_run_until < :cutoff
                  ORDER BY active_run_until LIMIT :limit FOR UPDATE SKIP LOCKED) lapsed
            WHERE c.id = lapsed.id
            RETURNING c.id AS chat_id, c.user_id AS user_id, lapsed.active_run_id AS run_id""")
    Flux<LapsedClaimRow> takeLapsed(Instant cutoff, int limit);

    /** Shares or unshares a room of the user's; sharing is not activity, so {@code updated_at} stays. */
    @Query("UPDATE chats SET is_shared = :shared WHERE id = :id AND user_id = :userId RETURNING *")
    Mono<ChatRow> setShared(UUID userId, UUID id, boolean shared);

    /** A room anyone may read, whoever owns it: found only while it is shared. */
    @Query("SELECT * FROM chats WHERE id = :id AND is_shared")
    Mono<ChatRow> findShared(UUID id);

    @Query("DELETE FROM chats WHERE id = :id AND user_id = :userId RETURNING id")
    Mono<UUID> deleteOwned(UUID userId, UUID id);
}
