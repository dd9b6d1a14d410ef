package dev.rill.stream;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Streaming runs ({@code rill.stream.*}).
 *
 * @param resumeWindow    how long a finished run's events stay resumable
 * @param maxRunDuration  longest a run may take; its events are kept at least this long while it runs
 * @param maxEventsPerRun cap on a run's stored event batches (Redis trims beyond it, approximately)
 * @param batchWindow     events produced within this window are written to Redis in one command
 * @param maxBatchSize    a batch is written early once it holds this many events
 * @param readPageSize    events read from Redis per round trip while a follower catches up
 * @param pollInterval    followers re-check for new events at least this often, in case a notification was lost
 * @param heartbeat       interval of SSE comment lines that keep idle connections open through proxies
 * @param contextBudget   how many tokens (estimated at four characters each) of recent history go to the model
 * @param maxMessageChars longest message a user may send
 * @param ownerLease      how long a run's owner counts as alive without renewing; after that, followers close
 *                        the run with an error and the room is free again
 * @param followUpWindow  how long a run's stream stays open after {@code end} for its follow-up events (a
 *                        recipe's picture); a follow-up that is not ready by then is closed with its fallback event
 */
@Validated
@ConfigurationProperties("rill.stream")
public record StreamProperties(
        @DefaultValue("10m") @NotNull Duration resumeWindow,
        @DefaultValue("15m") @NotNull Duration maxRunDuration,
        @DefaultValue("20000") @Min(100) int maxEventsPerRun,
        @DefaultValue("5ms") @NotNull Duration batchWindow,
        @DefaultValue("64") @Min(1) @Max(1024) int maxBatchSize,
        @DefaultValue("256") @Min(1) @Max(4096) int readPageSize,
        @DefaultValue("2s") @NotNull Duration pollInterval,
        @DefaultValue("15s") @NotNull Duration heartbeat,
        @DefaultValue("3000") @Min(100) int contextBudget,
        @DefaultValue("8000") @Min(1) @Max(100000) int maxMessageChars,
        @DefaultValue("15s") @NotNull Duration ownerLease,
        @DefaultValue("2m") @NotNull Duration followUpWindow) {
}
