package dev.rill.keys.internal;

import java.time.LocalDate;
import java.util.UUID;

import org.springframework.data.relational.core.mapping.Table;

/** One user's spending on one key and model on one UTC day; {@code keyId} is the nil UUID for Rill's own model. */
@Table("key_usage")
public record KeyUsageRow(UUID userId, UUID keyId, String model, LocalDate day, long promptTokens,
                          long completionTokens, int turns, boolean estimated) {
}
