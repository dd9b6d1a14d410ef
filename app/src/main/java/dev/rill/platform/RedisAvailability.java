package dev.rill.platform;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.redisson.api.RedissonReactiveClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Remembers that Redis has just failed, so that hot paths (a run's event writes, its start) stop waiting for it:
 * a Redis call while Redis is down takes up to {@link RedisProperties#deadline()} to fail, and a run that paid
 * that on every batch would stall. After a failure, Redis counts as down until a probe, sent once a second in
 * the background, gets an answer. Callers on a path that can do without Redis ask {@link #up()} first and report
 * failures with {@link #failed}.
 */
@Component
public class RedisAvailability implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisAvailability.class);
    private static final Duration PROBE_EVERY = Duration.ofSeconds(1);

    private final RedissonReactiveClient redis;
    private final RedisProperties properties;
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile Disposable probe;

    RedisAvailability(RedissonReactiveClient redis, RedisProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** False from a reported failure until Redis answers again. */
    public boolean up() {
        return !down.get();
    }

    /** Reports that a Redis call failed; Redis counts as down until a probe succeeds. */
    public void failed(Throwable cause) {
        if (down.compareAndSet(false, true)) {
            log.warn("Redis is not answering ({}); serving from PostgreSQL and this instance's memory until it does",
                    cause.getClass().getSimpleName());
            probe = Flux.interval(PROBE_EVERY, PROBE_EVERY)
                    // A probe still waiting when the next tick comes skips that tick.
                    .onBackpressureDrop()
                    .concatMap(tick -> redis.getBucket(properties.key("health")).isExists()
                            .timeout(PROBE_EVERY)
                            .map(ignored -> true)
                            .onErrorReturn(false), 1)
                    .filter(answered -> answered)
                    .next()
                    .subscribe(answered -> {
                        down.set(false);
                        log.info("Redis answers again");
                    });
        }
    }

    @Override
    public void destroy() {
        Disposable current = probe;
        if (current != null) {
            current.dispose();
        }
    }
}
