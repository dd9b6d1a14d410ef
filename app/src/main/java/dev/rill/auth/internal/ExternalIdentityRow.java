package dev.rill.auth.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.relational.core.mapping.Table;

@Table("external_identities")
public record ExternalIdentityRow(String issuer, String subject, UUID userId, Instant createdAt) {
}
