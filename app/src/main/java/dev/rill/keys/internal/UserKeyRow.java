package dev.rill.keys.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/** One stored provider key; {@code secret} is nonce || AES-GCM ciphertext under the key-encryption key {@code kekId}. */
@Table("user_keys")
public record UserKeyRow(@Id UUID id, UUID userId, String provider, String label, String baseUrl, String last4,
                         String kekId, byte[] secret, @Column("is_default") boolean isDefault, Instant createdAt,
                         String model) {
}
