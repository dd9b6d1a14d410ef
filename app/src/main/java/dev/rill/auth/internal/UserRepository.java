package dev.rill.auth.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

import reactor.core.publisher.Mono;

public interface UserRepository extends ReactiveCrudRepository<UserRow, UUID> {

    Mono<UserRow> findByEmail(String email);

    Mono<Boolean> existsByEmail(String email);

    @Modifying
    @Query("UPDATE users SET nickname = :nickname, bio = :bio, updated_at = :now WHERE id = :id")
    Mono<Integer> updateProfile(UUID id, String nickname, String bio, Instant now);

    /** Sets a new password; access tokens issued before {@code tokensValidAfter} are refused from then on. */
    @Modifying
    @Query("UPDATE users SET password_hash = :hash, tokens_valid_after = :tokensValidAfter, updated_at = :now"
            + " WHERE id = :id")
    Mono<Integer> updatePassword(UUID id, String hash, Instant tokensValidAfter, Instant now);
}
