package dev.rill.chat.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A stored message. {@code content} and {@code tokenCount} hold the jsonb columns as JSON text: every query here
 * reads them with {@code ::text} and writes them with {@code CAST(… AS jsonb)}, which keeps the driver's own JSON
 * type out of compiled code.
 */
@Table("chat_messages")
public record MessageRow(@Id UUID id, UUID chatId, String role, String content, String status, String tokenCount,
                         UUID runId, Instant createdAt) {
}
