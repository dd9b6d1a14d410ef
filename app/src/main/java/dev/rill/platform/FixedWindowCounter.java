package dev.rill.platform;

import java.time.Duration;
import java.util.List;

import org.redisson.api.RScript;
import org.redisson.api.RedissonReactiveClient;
import org.redisson.client.codec.LongCodec;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Counts events per key in fixed time windows held in Redis, so that every instance of Rill sees the same count.
 * The increment and the window's expiry are set in one Lua script: two round trips could leave a key that
 * never expires if the process died between them.
 */
@Component
public class FixedWindowCounter {

    private static final String INCREMENT = """
            local count = redis.call('INCR', KEYS[1])
            if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
            return {count, ttl}
            """;

    private static final String PEEK = """
            local count = redis.call('GET', KEYS[1])
            if not count then return {0, 0} end
            return {tonumber(count), redis.call('PTTL', KEYS[1])}
            """;

    /** How many events a window has seen, and how long until it resets. */
    public record Window(long count, Duration resetsIn) {
    }

    private final RedissonReactiveClient redis;
    private final RedisProperties properties;

    public FixedWindowCounter(RedissonReactiveClient redis, RedisProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** Adds one event to the window of {@code key}, starting a window of {@code length} if none is open. */
    public Mono<Window> increment(String key, Duration length) {
        return run(INCREMENT, key, List.of(length.toMillis()));
    }

    /** Reads the window of {@code key} without counting anything. */
    public Mono<Window> peek(String key) {
        return run(PEEK, key, List.of());
    }

    public Mono<Void> reset(String key) {
        return redis.getBucket(properties.key(key)).delete().timeout(properties.deadline()).then();
    }


    private Mono<Window> run(String script, String key, List<Object> args) {
        return redis.getScript(LongCodec.INSTANCE)
                .<List<Long>>eval(RScript.Mode.READ_WRITE, script, RScript.ReturnType.LIST,
                        List.of(properties.key(key)), args.toArray())
                .timeout(properties.deadline())
                .map(result -> new Window(result.get(0), Duration.ofMillis(Math.max(0, result.get(1)))));
    }
}
