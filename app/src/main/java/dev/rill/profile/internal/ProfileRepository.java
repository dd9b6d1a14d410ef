package dev.rill.profile.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Profiles, always looked up together with their owner: another user's profile is simply not found. Pages walk
 * backwards from a cursor (exclusive) over {@code (created_at, id)}, as the chat rooms do.
 */
public interface ProfileRepository extends ReactiveCrudRepository<ProfileRow, UUID> {

    @Query("SELECT * FROM profiles WHERE id = :id AND user_id = :userId")
    Mono<ProfileRow> findOwned(UUID userId, UUID id);

    /** As {@link #findOwned}, and locks the row until the transaction ends, so two updates cannot interleave. */
    @Query("SELECT * FROM profiles WHERE id = :id AND user_id = :userId FOR UPDATE")
    Mono<ProfileRow> lockOwned(UUID userId, UUID id);

    @Query("""
            SELECT * FROM profiles
            WHERE user_id = :userId AND (created_at, id) < (:beforeAt, :beforeId)
            ORDER BY created_at DESC, id DESC
            LIMIT :limit""")
    Flux<ProfileRow> findPage(UUID userId, Instant beforeAt, UUID beforeId, int limit);

    @Query("""
            UPDATE profiles SET name = :name, species = :species, sex = :sex, weight_kg = :weightKg,
                                age_years = :ageYears, activity = :activity, allergies = :allergies,
                                updated_at = :now
            WHERE id = :id AND user_id = :userId
            RETURNING *""")
    Mono<ProfileRow> update(UUID userId, UUID id, String name, String species, String sex, double weightKg,
                            double ageYears, String activity, String[] allergies, Instant now);

    @Query("DELETE FROM profiles WHERE id = :id AND user_id = :userId RETURNING id")
    Mono<UUID> deleteOwned(UUID userId, UUID id);
}
