package dev.rill.durability;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.rill.durability.OutageTraffic.Outcome;
import dev.rill.durability.OutageTraffic.Phase;
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
        try {
            if (rill != null) {
                rill.close();
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Test
    void turnsFailClearlyWhileRedisIsDownAndSucceedAgainWithoutARestartLosingNoAcknowledgedAnswer() {
        try (OutageTraffic traffic = new OutageTraffic(rill.baseUrl(), 3)) {
            traffic.awaitEnded(Phase.BEFORE, 1, Duration.ofSeconds(60));

            traffic.phase(Phase.OUTAGE);
            redis.stop();
            // The outage itself lasts a fixed time: that is the fault being injected, not a wait for a result.
            RillProcess.sleep(OUTAGE);
            redis.startAgain();
            traffic.phase(Phase.AFTER);

            traffic.awaitEnded(Phase.AFTER, 2, Duration.ofSeconds(90));
            List<Outcome> outcomes = traffic.stop();
            System.out.println("Redis outage of " + OUTAGE + ", outcomes by phase:\n" + traffic.summary());

            assertThat(rill.isAlive()).as("the same process, never restarted").isTrue();
            assertThat(outcomes).filteredOn(o -> o.phase() == Phase.OUTAGE && !o.ended())
                    .as("the outage was felt").isNotEmpty();
            assertThat(outcomes).filteredOn(o -> !o.ended() && !o.clearFailure())
                    .as("turns that neither ended nor failed clearly").isEmpty();
            assertThat(outcomes).filteredOn(o -> o.status() != 200)
                    .as("fail-closed quota: refusals before the stream are 503 unavailable")
                    .allMatch(o -> o.problemType().equals(OutageTraffic.PROBLEMS + "unavailable"));
            traffic.assertEveryEndedAnswerIsStored();
        }
    }
}
