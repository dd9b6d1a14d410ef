package dev.rill.stream;

import dev.rill.support.PrivateRedis;
import org.junit.jupiter.api.BeforeAll;

/** Rill on a three-master Redis Cluster ({@code redis-cluster://}). */
class RedisClusterTest extends RedisTopologyTest {

    @BeforeAll
    static void startCluster() {
        start(PrivateRedis::cluster);
    }
}
