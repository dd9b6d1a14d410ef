package dev.rill.chat.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

@Table("chats")
public record ChatRow(@Id UUID id, UUID userId, String title, String profileId, @Column("is_shared") boolean shared,
                      Instant createdAt, Instant updatedAt, UUID keyId) {
}
