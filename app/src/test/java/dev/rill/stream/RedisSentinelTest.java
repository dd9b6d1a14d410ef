package dev.rill.stream;

import dev.rill.support.PrivateRedis;
import org.junit.jupiter.api.BeforeAll;

/** Rill on a master found through Redis Sentinel ({@code redis-sentinel://}). */
class RedisSentinelTest extends RedisTopologyTest {

    @BeforeAll
    static void startSentinel() {
        start(PrivateRedis::sentinel);
    }
}
