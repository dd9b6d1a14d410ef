package dev.rill.keys.internal;

import java.time.LocalDate;
import java.util.UUID;

import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.Repository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Daily token counters; one upsert per finished turn keeps concurrent turns from losing each other's counts. */
public interface KeyUsageRepository extends Repository<KeyUsageRow, UUID> {

    @Query("""
            INSERT INTO key_usage (user_id, key_id, model, day, prompt_tokens, completion_tokens, turns, estimated)
            VALUES (:userId, :keyId, :model, :day, :prompt, :completion, 1, :estimated)
            ON CONFLICT (user_id, key_id, model, day) DO UPDATE SET
                prompt_tokens = key_usage.prompt_tokens + EXCLUDED.prompt_tokens,
                completion_tokens = key_usage.completion_tokens + EXCLUDED.completion_tokens,
                turns = key_usage.turns + 1,
                estimated = key_usage.estimated OR EXCLUDED.estimated""")
    Mono<Void> add(UUID userId, UUID keyId, String model, LocalDate day, long prompt, long completion,
                   boolean estimated);

    @Query("""
            SELECT * FROM key_usage WHERE user_id = :userId AND key_id = :keyId AND day BETWEEN :from AND :to
            ORDER BY day, model""")
    Flux<KeyUsageRow> findForKey(UUID userId, UUID keyId, LocalDate from, LocalDate to);

    @Query("SELECT * FROM key_usage WHERE user_id = :userId AND day BETWEEN :from AND :to ORDER BY day, key_id, model")
    Flux<KeyUsageRow> findForUser(UUID userId, LocalDate from, LocalDate to);
}
