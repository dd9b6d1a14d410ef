package dev.rill.platform;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where Redis lives and how patiently Rill talks to it.
 *
 * @param url            {@code redis://[:password@]host:port[/db]} or {@code rediss://…}; {@code RILL_REDIS_URL}
 * @param keyPrefix      prepended to every key Rill writes, so several deployments (or test runs) can share a server
 * @param commandTimeout how long one command may take before Rill treats Redis as unavailable
 * @param connectTimeout how long to wait for a connection
 * @param connectionPoolSize connections to Redis per instance; every follower's read and every run's write takes
 *                       one for the length of a command, so thousands of streams need more than Redisson's 64
 * @param shutdownQuietPeriod how long Redisson's event loops wait for stray tasks when Rill stops (Redisson's own
 *                       default, 2 s); the test suite, which stops some thirty contexts at once, sets 0
 * @param shutdownTimeout how long Redisson may take to stop in all (Redisson's default, 15 s); a client whose server
 *                       is gone can use all of it, so the test suite sets 1 s
 */
@Validated
@ConfigurationProperties("rill.redis")
public record RedisProperties(
        @DefaultValue("redis://localhost:6379") @NotBlank String url,
        @DefaultValue("rill:") @Pattern(regexp = "[A-Za-z0-9:_\\-.]*") String keyPrefix,
        @DefaultValue("2s") @NotNull Duration commandTimeout,
        @DefaultValue("2s") @NotNull Duration connectTimeout,
        @DefaultValue("256") @Min(1) @Max(10000) int connectionPoolSize,
        @DefaultValue("2s") @NotNull Duration shutdownQuietPeriod,
        @DefaultValue("15s") @NotNull Duration shutdownTimeout) {

    public String key(String suffix) {
        return keyPrefix + suffix;
    }

    /**
     * How long any one Redis call may take in all, retry included. Redisson's own timeouts do not cover every
     * path while it cannot connect (a lazily started client has been seen never to answer), so callers put this
     * deadline on each call and decide what a missing answer means.
     */
    public Duration deadline() {
        return connectTimeout.plus(commandTimeout).multipliedBy(2);
    }
}
