package dev.rill.platform;

import java.time.Duration;

import dev.rill.shared.Entropy;
import org.redisson.api.RedissonReactiveClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Says in one line which services this instance uses, and in one more line if Redis cannot be reached. */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final RedissonReactiveClient redis;
    private final RedisProperties redisProperties;
    private final Environment environment;

    StartupReport(RedissonReactiveClient redis, RedisProperties redisProperties, Environment environment) {
        this.redis = redis;
        this.redisProperties = redisProperties;
        this.environment = environment;
        // Seeds the DRBG here, on the main thread: seeding reads the OS entropy source, a file read that would
        // otherwise happen on whichever event loop first needs an ID or a token.
        Entropy.fill(new byte[1]);
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        String redisUrl = RedisTopology.parse(redisProperties.url()).display();
        log.info("Rill is using PostgreSQL at {} and Redis at {}",
                environment.getProperty("rill.db.display-url"), redisUrl);
        redis.getBucket(redisProperties.key("health")).isExists()
                .timeout(Duration.ofSeconds(3))
                .subscribe(ok -> { }, e -> log.warn(
                        "Redis at {} is unreachable ({}); Rill runs degraded until it returns", redisUrl,
                        e.getClass().getSimpleName()));
    }
}
