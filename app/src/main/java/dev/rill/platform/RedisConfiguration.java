package dev.rill.platform;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.RedissonReactiveClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RedisConfiguration implements DisposableBean {

    /** Redisson's own default for how long a shutdown may take in all. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(15);

    private volatile ExecutorService callbacks;
    private volatile RedissonClient created;
    private volatile Duration shutdownQuietPeriod = Duration.ofSeconds(2);

    /**
     * Redisson runs listener callbacks on this pool. Its default pool uses Netty's thread class, which marks the
     * threads non-blocking, yet they park waiting for work; plain threads say what they are.
     */
    @Bean(destroyMethod = "")
    ExecutorService redissonCallbacks() {
        AtomicInteger count = new AtomicInteger();
        callbacks = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), task -> {
            Thread thread = new Thread(task, "rill-redis-callback-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        return callbacks;
    }

    /** Shut down in {@link #destroy()}, with the configured quiet period, once every bean using it has stopped. */
    @Bean(destroyMethod = "")
    RedissonClient redisson(RedisProperties properties, ExecutorService redissonCallbacks) {
        ServiceUrl url;
        try {
            url = ServiceUrl.parse(properties.url(), 6379);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("RILL_REDIS_URL is invalid (" + e.getMessage()
                    + "); expected redis://[:password@]host:6379[/db]");
        }
        Config config = new Config();
        // Plain strings keep every key readable from redis-cli and from any other language's client.
        config.setCodec(StringCodec.INSTANCE);
        // Connect on first use: Rill must start, and report itself degraded, while Redis is down.
        config.setLazyInitialization(true);
        config.setExecutor(redissonCallbacks);
        SingleServerConfig server = config.useSingleServer()
                .setAddress(url.scheme() + "://" + url.host() + ":" + url.port())
                .setTimeout((int) properties.commandTimeout().toMillis())
                .setConnectTimeout((int) properties.connectTimeout().toMillis())
                .setRetryAttempts(1)
                // Redisson waits 1.5 s before a retry by default: longer than a whole command may take here.
                .setRetryInterval((int) properties.commandTimeout().toMillis())
                .setConnectionMinimumIdleSize(2)
                .setConnectionPoolSize(properties.connectionPoolSize())
                .setPingConnectionInterval(10_000);
        if (url.username() != null) {
            server.setUsername(url.username());
        }
        if (url.password() != null) {
            server.setPassword(url.password());
        }
        if (!url.path().isEmpty()) {
            server.setDatabase(Integer.parseInt(url.path()));
        }
        shutdownQuietPeriod = properties.shutdownQuietPeriod();
        created = Redisson.create(config);
        return created;
    }

    /**
     * Spring destroys a configuration after the beans its methods made, and those after every bean that uses them,
     * so this runs when nothing needs Redis any more. {@code destroyMethod = "shutdown"} could not pass the quiet
     * period.
     */
    @Override
    public void destroy() {
        RedissonClient client = created;
        if (client != null && !client.isShutdown()) {
            client.shutdown(shutdownQuietPeriod.toMillis(), SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        // After Redisson, which runs its last listener callbacks on this pool.
        ExecutorService pool = callbacks;
        if (pool != null) {
            pool.shutdown();
        }
    }

    /**
     * A view of {@link #redisson}, sharing its connections: no destroy method, or Spring would infer
     * {@code shutdown()} and stop the whole client with Redisson's default 2 s quiet period before {@link #destroy()}.
     */
    @Bean(destroyMethod = "")
    RedissonReactiveClient redissonReactive(RedissonClient redisson) {
        return redisson.reactive();
    }
}
