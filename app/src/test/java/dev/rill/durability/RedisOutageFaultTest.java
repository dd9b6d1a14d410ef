package dev.rill.durability;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.rill.durability.OutageTraffic.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis stops (SIGKILL) for several seconds under a running Rill while three users keep sending turns, then starts
 * again on the same port. Rill runs with the default {@code rill.quota.when-redis-down=fail-closed}: while Redis
 * cannot count turns, new ones are refused with 503 {@code unavailable}; turns already streaming go on from memory.
 * Expected: every turn either ends with {@code end} or fails clearly (a 503 problem document, or an {@code error}
 * event with a problem type); once Redis is back, turns are answered again by the same process; every answer a
 * user saw {@code end} for is in PostgreSQL.
 *
 * <p>The Redis is the test's own ({@link PrivateRedis}); the machine's Redis is never stopped.
 */
@Tag("faults")
class RedisOutageFaultTest {

    private static final Duration OUTAGE = Duration.ofSeconds(6);

    private static PrivateRedis redis;
    private static RillProcess rill;

    @BeforeAll
    static void startRedisAndRill() {
        redis = PrivateRedis.start();
        rill = RillProcess.start("redis-outage", redis.url(), "rill-redis-outage-" + UUID.randomUUID() + ":",
                List.of("--rill.llm.api-key=", "--rill.llm.offline.token-delay=20ms",
                        "--rill.stream.owner-lease=3s", "--rill.quota.when-redis-down=fail-closed"));
    }

    @AfterAll
    static void stopEverything() {
        RillProcess.closeAll(rill, redis);
    }

    @Test
    void turnsFailClearlyWhileRedisIsDownAndSucceedAgainWithoutARestartLosingNoAcknowledgedAnswer() {
        List<Outcome> outcomes = OutageTraffic.throughOutage(rill, redis, OUTAGE, "Redis");

        assertThat(outcomes).filteredOn(o -> o.status() != 200)
                .as("fail-closed quota: refusals before the stream are 503 unavailable")
                .allMatch(o -> o.problemType().equals(OutageTraffic.PROBLEMS + "unavailable"));
    }
}
