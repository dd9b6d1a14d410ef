package dev.rill.quota.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

import reactor.core.publisher.Mono;

/** Admins' per-user allowances, keyed by user; a row cascades away with its user. */
public interface QuotaOverrideRepository extends ReactiveCrudRepository<QuotaOverrideRow, UUID> {

    @Query("""
            INSERT INTO quota_overrides (user_id, daily_turns, updated_at) VALUES (:userId, :dailyTurns, :now)
            ON CONFLICT (user_id) DO UPDATE SET daily_turns = EXCLUDED.daily_turns, updated_at = EXCLUDED.updated_at
            RETURNING *""")
    Mono<QuotaOverrideRow> upsert(UUID userId, int dailyTurns, Instant now);
}
