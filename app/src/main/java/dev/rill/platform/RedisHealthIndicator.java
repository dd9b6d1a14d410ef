package dev.rill.platform;

import java.time.Duration;

import org.redisson.api.RedissonReactiveClient;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Reports Redis as {@code DEGRADED} rather than {@code DOWN} when it cannot be reached: Rill keeps serving from
 * PostgreSQL without it, so taking the instance out of the load balancer would turn a slowdown into an outage.
 */
@Component("redis")
class RedisHealthIndicator extends AbstractReactiveHealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "Redis is unreachable; serving from PostgreSQL only");

    private final RedissonReactiveClient redis;
    private final RedisProperties properties;

    RedisHealthIndicator(RedissonReactiveClient redis, RedisProperties properties) {
        super("Redis health check failed");
        this.redis = redis;
        this.properties = properties;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return redis.getBucket(properties.key("health")).isExists()
                .timeout(Duration.ofSeconds(2))
                .map(ignored -> builder.up().build())
                .onErrorResume(e -> Mono.just(builder.status(DEGRADED)
                        .withDetail("error", e.getClass().getSimpleName()).build()));
    }
}
