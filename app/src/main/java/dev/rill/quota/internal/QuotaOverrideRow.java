package dev.rill.quota.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** An admin's per-user allowance, which replaces {@code rill.quota.daily-turns} for that user. */
@Table("quota_overrides")
public record QuotaOverrideRow(@Id UUID userId, int dailyTurns, Instant updatedAt) {
}
