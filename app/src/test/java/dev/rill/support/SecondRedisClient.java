package dev.rill.support;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.rill.platform.RedisProperties;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.RedissonReactiveClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * A Redisson client of its own, as another instance of Rill would have, on the same Redis. Its callbacks run on
 * plain threads, like the application's (see RedisConfiguration), so that BlockHound judges both alike.
 */
public final class SecondRedisClient implements AutoCloseable {

    private final ExecutorService callbacks = Executors.newFixedThreadPool(2);
    private final RedissonClient client;

    public SecondRedisClient(RedisProperties properties) {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.setExecutor(callbacks);
        config.useSingleServer().setAddress(properties.url());
        this.client = Redisson.create(config);
    }

    public RedissonReactiveClient reactive() {
        return client.reactive();
    }

    @Override
    public void close() {
        client.shutdown();
        callbacks.shutdown();
    }
}
