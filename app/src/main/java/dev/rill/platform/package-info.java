/**
 * Infrastructure that every feature stands on and none owns: turning the one-variable service URLs
 * ({@code RILL_DB_URL}, {@code RILL_REDIS_URL}) into driver settings, the Redisson client, Redis-backed
 * counters, start-up diagnostics and the OpenAPI document's frame. No business logic lives here.
 */
package dev.rill.platform;
