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
import org.redisson.config.BaseConfig;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SingleServerConfig;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RedisConfiguration implements DisposableBean {


    private volatile ExecutorService callbacks;
    private volatile RedissonClient created;
    private volatile Duration shutdownQuietPeriod = Duration.ofSeconds(2);
    private volatile Duration shutdownTimeout = Duration.ofSeconds(15);

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
        RedisTopology topology;
        try {
            topology = RedisTopology.parse(properties.url());
        } catch (IllegalArgumentException e) {
            throw new StartupStopper("RILL_REDIS_URL is invalid (" + e.getMessage() + "); expected "
                    + RedisTopology.FORMS, "Correct RILL_REDIS_URL; docs/configuration.md lists its forms.", null);
        }
        Config config = new Config();
        // Plain strings keep every key readable from redis-cli and from any other language's client.
        config.setCodec(StringCodec.INSTANCE);
        // Connect on first use: Rill must start, and report itself degraded, while Redis is down. Not for a
        // Cluster: Redisson's lazy start of a cluster client has parked its first caller for good here (one of two
        // runs of RedisClusterTest; redisson/redisson#7196 and #7222 describe it), so it connects now.
        config.setLazyInitialization(topology.mode() != RedisTopology.Mode.CLUSTER);
        config.setExecutor(redissonCallbacks);
        switch (topology.mode()) {
            case SINGLE -> {
                SingleServerConfig server = config.useSingleServer()
                        .setAddress(topology.nodes().get(0))
                        .setDatabase(topology.database())
                        .setConnectionMinimumIdleSize(2)
                        .setConnectionPoolSize(properties.connectionPoolSize());
                common(server, topology, properties);
            }
            case SENTINEL -> {
                SentinelServersConfig sentinel = config.useSentinelServers()
                        .setMasterName(topology.master())
                        .setDatabase(topology.database())
                        // Redisson refuses to start when Sentinel reports fewer than two sentinels. How many
                        // sentinels guard the master is the operator's decision, and one is a valid test setup.
                        .setCheckSentinelsList(false);
                topology.nodes().forEach(sentinel::addSentinelAddress);
                if (topology.sentinelPassword() != null) {
                    sentinel.setSentinelPassword(topology.sentinelPassword());
                }
                masterOnly(sentinel, properties);
                common(sentinel, topology, properties);
            }
            case CLUSTER -> {
                ClusterServersConfig cluster = config.useClusterServers();
                topology.nodes().forEach(cluster::addNodeAddress);
                masterOnly(cluster, properties);
                common(cluster, topology, properties);
            }
        }
        shutdownQuietPeriod = properties.shutdownQuietPeriod();
        shutdownTimeout = properties.shutdownTimeout();
        try {
            created = Redisson.create(config);
        } catch (RuntimeException e) {
            throw new StartupStopper("Cannot reach the Redis Cluster at " + topology.display() + ": "
                    + ServiceUrl.redact(String.valueOf(e.getMessage())).lines().findFirst().orElse(""),
                    "Start the cluster or correct RILL_REDIS_URL. Unlike a single server or Sentinel, a Cluster "
                            + "must be reachable when Rill starts.", e);
        }
        return created;
    }

    /** The same patience and credentials whatever the topology. */
    private static void common(BaseConfig<?> server, RedisTopology topology, RedisProperties properties) {
        server.setTimeout((int) properties.commandTimeout().toMillis())
                .setConnectTimeout((int) properties.connectTimeout().toMillis())
                .setRetryAttempts(1)
                // Redisson waits 1.5 s before a retry by default: longer than a whole command may take here.
                .setRetryInterval((int) properties.commandTimeout().toMillis())
                .setPingConnectionInterval(10_000);
        if (topology.username() != null) {
            server.setUsername(topology.username());
        }
        if (topology.password() != null) {
            server.setPassword(topology.password());
        }
    }

    /**
     * Every command goes to a master. Redisson reads from replicas by default, and a replica lags: a follower
     * reading a run's events there could miss the batch it was just told about, and a quota read could undercount.
     */
    private static void masterOnly(BaseMasterSlaveServersConfig<?> servers, RedisProperties properties) {
        servers.setReadMode(ReadMode.MASTER)
                .setMasterConnectionMinimumIdleSize(2)
                .setMasterConnectionPoolSize(properties.connectionPoolSize());
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
            client.shutdown(shutdownQuietPeriod.toMillis(), shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
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
