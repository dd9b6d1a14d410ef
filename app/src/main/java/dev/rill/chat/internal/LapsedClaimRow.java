package dev.rill.chat.internal;

import java.util.UUID;

/** A room whose run stopped renewing its claim. */
public record LapsedClaimRow(UUID chatId, UUID userId, UUID runId) {
}
