package dev.rill.auth.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

@Table("refresh_tokens")
public record RefreshTokenRow(@Id UUID id, UUID userId, UUID familyId, String tokenHash, Instant createdAt,
                              Instant expiresAt, Instant usedAt, Instant revokedAt) {
}
