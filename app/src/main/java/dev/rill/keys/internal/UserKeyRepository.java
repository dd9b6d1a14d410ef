package dev.rill.keys.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Every query names the owner, so that another user's key is simply not found. */
public interface UserKeyRepository extends ReactiveCrudRepository<UserKeyRow, UUID> {

    // IDs are made by the application, so save() would try an UPDATE; an explicit INSERT says what is meant.
    @Query("""
            INSERT INTO user_keys (id, user_id, provider, label, base_url, last4, kek_id, secret, is_default, created_at,
                                   model)
            VALUES (:id, :userId, :provider, :label, :baseUrl, :last4, :kekId, :secret, false, :createdAt, :model)
            RETURNING *""")
    Mono<UserKeyRow> insert(UUID id, UUID userId, String provider, String label, String baseUrl, String last4,
                            String kekId, byte[] secret, Instant createdAt, String model);

    @Query("SELECT * FROM user_keys WHERE user_id = :userId ORDER BY created_at, id")
    Flux<UserKeyRow> findAllOf(UUID userId);

    @Query("SELECT * FROM user_keys WHERE id = :id AND user_id = :userId")
    Mono<UserKeyRow> findOwned(UUID id, UUID userId);

    @Query("SELECT * FROM user_keys WHERE user_id = :userId AND is_default")
    Mono<UserKeyRow> findDefault(UUID userId);

    @Query("UPDATE user_keys SET label = :label WHERE id = :id AND user_id = :userId RETURNING *")
    Mono<UserKeyRow> relabel(UUID id, UUID userId, String label);

    /** An empty {@code model} clears it, so the key's turns ask for Rill's configured model again. */
    @Query("UPDATE user_keys SET model = NULLIF(:model, '') WHERE id = :id AND user_id = :userId RETURNING *")
    Mono<UserKeyRow> setModel(UUID id, UUID userId, String model);

    @Query("UPDATE user_keys SET is_default = false WHERE user_id = :userId AND is_default AND id <> :id")
    Mono<Long> clearDefaultExcept(UUID userId, UUID id);

    @Query("UPDATE user_keys SET is_default = :isDefault WHERE id = :id AND user_id = :userId RETURNING *")
    Mono<UserKeyRow> markDefault(UUID id, UUID userId, boolean isDefault);

    @Query("DELETE FROM user_keys WHERE id = :id AND user_id = :userId RETURNING id")
    Mono<UUID> deleteOwned(UUID id, UUID userId);
}
