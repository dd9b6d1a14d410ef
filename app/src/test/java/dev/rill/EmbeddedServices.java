package dev.rill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Real PostgreSQL and Redis servers, started in-process from Maven Central artifacts when the environment names
 * none. This is what lets {@code ./mvnw verify} and the zero-config run work on a machine with only a JDK. It
 * lives on the test class path only, so the production jar never carries the server binaries.
 */
public final class EmbeddedServices {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServices.class);

    private static EmbeddedPostgres postgres;
    private static RedisServer redis;

    private EmbeddedServices() {
    }

    /** Starts whichever service is not configured and points {@code rill.db.url} / {@code rill.redis.url} at it. */
    public static synchronized void startIfUnconfigured() {
        boolean needDb = !configured("RILL_DB_URL", "rill.db.url") && postgres == null;
        boolean needRedis = !configured("RILL_REDIS_URL", "rill.redis.url") && redis == null;
        if (needDb && LoggerFactory.getLogger("io.zonky") instanceof ch.qos.logback.classic.Logger zonky) {
            // initdb's progress, line by line, before Spring has configured logging; one summary line follows.
            zonky.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        try {
            if (needDb) {
                postgres = EmbeddedPostgres.builder().start();
                System.setProperty("rill.db.url",
                        "postgresql://postgres:postgres@localhost:" + postgres.getPort() + "/postgres");
            }
            if (needRedis) {
                int port = freePort();
                redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                        .setting("save \"\"").setting("appendonly no").onShutdownForceStop(true).build();
                redis.start();
                System.setProperty("rill.redis.url", "redis://127.0.0.1:" + port);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (needDb || needRedis) {
            log.info("No {} configured: started embedded {} (set RILL_DB_URL / RILL_REDIS_URL to use your own)",
                    needDb && needRedis ? "database or Redis" : needDb ? "database" : "Redis",
                    (needDb ? "PostgreSQL on port " + postgres.getPort() : "")
                            + (needDb && needRedis ? " and " : "")
                            + (needRedis ? "Redis at " + System.getProperty("rill.redis.url") : ""));
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedServices::stop, "embedded-services-stop"));
        }
    }

    public static synchronized void stop() {
        try {
            if (redis != null) {
                redis.stop();
                redis = null;
            }
            if (postgres != null) {
                postgres.close();
                postgres = null;
            }
        } catch (IOException e) {
            log.warn("Stopping embedded services failed", e);
        }
    }

    private static boolean configured(String env, String property) {
        String fromEnv = System.getenv(env);
        return (fromEnv != null && !fromEnv.isBlank()) || System.getProperty(property) != null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
