/**
 * Daily turn quotas. Owns the {@code quota_overrides} table, the per-user per-day counters in Redis, and the
 * {@code /api/quota} and {@code /api/admin/users/{userId}/quota} routes.
 *
 * <p>{@link dev.rill.quota.QuotaService} reserves one unit of a user's allowance when a turn starts and refunds it
 * when the turn fails before an answer exists; the stream feature calls it and puts the {@code RateLimit-*}
 * headers on each turn's response. Allowances reset at local midnight in {@code rill.quota.zone}. Overrides
 * cascade from {@code users}.
 */
package dev.rill.quota;
