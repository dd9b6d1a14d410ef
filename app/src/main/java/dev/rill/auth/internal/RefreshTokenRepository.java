package dev.rill.auth.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

import reactor.core.publisher.Mono;

public interface RefreshTokenRepository extends ReactiveCrudRepository<RefreshTokenRow, UUID> {

    Mono<RefreshTokenRow> findByTokenHash(String tokenHash);

    /** Marks a token used; 0 rows means someone else used or revoked it first. */
    @Modifying
    @Query("UPDATE refresh_tokens SET used_at = :now WHERE id = :id AND used_at IS NULL AND revoked_at IS NULL")
    Mono<Integer> markUsed(UUID id, Instant now);

    @Modifying
    @Query("UPDATE refresh_tokens SET revoked_at = :now WHERE family_id = :familyId AND revoked_at IS NULL")
    Mono<Integer> revokeFamily(UUID familyId, Instant now);

    @Modifying
    @Query("UPDATE refresh_tokens SET revoked_at = :now WHERE user_id = :userId AND revoked_at IS NULL")
    Mono<Integer> revokeAllOfUser(UUID userId, Instant now);
}
