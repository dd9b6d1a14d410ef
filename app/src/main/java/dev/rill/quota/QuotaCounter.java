package dev.rill.quota;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.rill.platform.RedisProperties;
import org.redisson.api.RScript;
import org.redisson.api.RedissonReactiveClient;
import org.redisson.client.codec.LongCodec;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * The per-user, per-day turn counts in Redis. Each operation is one Lua script, so the check and the change are
 * atomic across every instance: a read-then-increment in two calls let concurrent turns all see room for one
 * more, which is how the login throttle once overran its limit.
 */
@Component
class QuotaCounter {

    /** Counts one turn unless the count has reached the limit; {1, count} when taken, {0, count} when refused. */
    private static final String TAKE = """
            local count = tonumber(redis.call('GET', KEYS[1]) or '0')
            if count >= tonumber(ARGV[1]) then return {0, count} end
            count = redis.call('INCR', KEYS[1])
            redis.call('PEXPIREAT', KEYS[1], ARGV[2])
            return {1, count}
            """;

    /** Gives one turn back, never below zero; a key that already expired stays absent. */
    private static final String GIVE_BACK = """
            local count = tonumber(redis.call('GET', KEYS[1]) or '0')
            if count <= 0 then return {0, 0} end
            return {1, redis.call('DECR', KEYS[1])}
            """;

    private static final String READ = """
            return {1, tonumber(redis.call('GET', KEYS[1]) or '0')}
            """;

    /**
     * A day's key outlives the day by this much, so that a turn started just before midnight can still be
     * refunded to the day it was counted in, and clocks a little apart between instances do not drop a count.
     */
    static final Duration SLACK = Duration.ofHours(1);

    /** The outcome of a script: whether it changed the count, and the count after it. */
    record Count(boolean changed, long count) {
    }

    private final RedissonReactiveClient redis;
    private final RedisProperties properties;

    QuotaCounter(RedissonReactiveClient redis, RedisProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    Mono<Count> take(String key, int limit, Instant resetsAt) {
        return run(TAKE, key, limit, resetsAt.plus(SLACK).toEpochMilli());
    }

    Mono<Count> giveBack(String key) {
        return run(GIVE_BACK, key);
    }

    Mono<Count> read(String key) {
        return run(READ, key);
    }

    private Mono<Count> run(String script, String key, Object... args) {
        return redis.getScript(LongCodec.INSTANCE)
                .<List<Long>>eval(RScript.Mode.READ_WRITE, script, RScript.ReturnType.LIST,
                        List.of(properties.key(key)), args)
                .timeout(properties.deadline())
                .map(result -> new Count(result.get(0) == 1, result.get(1)));
    }
}
