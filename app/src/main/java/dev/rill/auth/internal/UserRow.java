package dev.rill.auth.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

@Table("users")
public record UserRow(@Id UUID id, String email, String passwordHash, String nickname, String bio, String role,
                      Instant tokensValidAfter, Instant createdAt, Instant updatedAt, String phone,
                      Instant phoneVerifiedAt) {
}
