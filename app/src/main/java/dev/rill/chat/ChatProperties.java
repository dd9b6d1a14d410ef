package dev.rill.chat;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Chat rooms and stored messages ({@code rill.chat.*}).
 *
 * @param defaultPageSize        rooms per page of {@code GET /api/chats} when the client gives no {@code limit}
 * @param maxPageSize            largest {@code limit} accepted there
 * @param defaultMessagePageSize messages per page of {@code GET /api/chats/{id}} without {@code messages_limit}
 * @param maxMessagePageSize     largest {@code messages_limit} accepted
 * @param maxTitleLength         longest room title, in characters (code points); titles made from a first message
 *                               are cut to it as well
 * @param maxQueryLength         longest search text {@code q}, in characters
 * @param historyWindow          how many of a room's latest messages a run sends to the model as context; also the
 *                               size of an entered room's window cached in Redis
 * @param activeTtl              how long an entered room's cached window lives without being read or written;
 *                               every access starts it again
 */
@Validated
@ConfigurationProperties("rill.chat")
public record ChatProperties(
        @DefaultValue("20") @Min(1) int defaultPageSize,
        @DefaultValue("50") @Min(1) @Max(500) int maxPageSize,
        @DefaultValue("50") @Min(1) int defaultMessagePageSize,
        @DefaultValue("100") @Min(1) @Max(1000) int maxMessagePageSize,
        @DefaultValue("100") @Min(10) @Max(1000) int maxTitleLength,
        @DefaultValue("200") @Min(1) @Max(1000) int maxQueryLength,
        @DefaultValue("20") @Min(1) @Max(1000) int historyWindow,
        @DefaultValue("30m") @NotNull Duration activeTtl) {

    @AssertTrue(message = "active-ttl must be at least one second")
    boolean isActiveTtlPositive() {
        return activeTtl == null || activeTtl.compareTo(Duration.ofSeconds(1)) >= 0;
    }

    @AssertTrue(message = "default-page-size must not exceed max-page-size")
    boolean isDefaultPageSizeWithinMax() {
        return defaultPageSize <= maxPageSize;
    }

    @AssertTrue(message = "default-message-page-size must not exceed max-message-page-size")
    boolean isDefaultMessagePageSizeWithinMax() {
        return defaultMessagePageSize <= maxMessagePageSize;
    }
}
