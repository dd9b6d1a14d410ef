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

    /** Replaces the phone number with an unverified one. */
    @Modifying
    @Query("UPDATE users SET phone = :phone, phone_verified_at = NULL, updated_at = :now WHERE id = :id")
    Mono<Integer> updatePhone(UUID id, String phone, Instant now);

    /**
     * Marks the phone verified if it is still {@code phone}; 0 rows means it changed meanwhile. Fails with a
     * unique violation when another account has verified the same number.
     */
    @Modifying
    @Query("UPDATE users SET phone_verified_at = :now, updated_at = :now WHERE id = :id AND phone = :phone")
    Mono<Integer> markPhoneVerified(UUID id, String phone, Instant now);

    @Query("SELECT * FROM users WHERE phone = :phone AND phone_verified_at IS NOT NULL")
    Mono<UserRow> findByVerifiedPhone(String phone);
}
