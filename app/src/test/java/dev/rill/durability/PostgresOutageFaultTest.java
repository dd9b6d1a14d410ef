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
 * PostgreSQL stops ({@code pg_ctl -m immediate}: every backend killed, as in a crash) for several seconds under a
 * running Rill while three users keep sending turns, then starts again on the same port. Expected: every turn
 * either ends with {@code end} or fails clearly (a 503 problem document before the stream, or an {@code error}
 * event with a problem type once it has started); once PostgreSQL is back the same process answers again, its
 * connection pool having replaced the dead connections; every answer a user saw {@code end} for is in PostgreSQL.
 *
 * <p>The cluster is the test's own ({@link PrivatePostgres}); the machine's PostgreSQL is never stopped.
 */
@Tag("faults")
class PostgresOutageFaultTest {

    private static final Duration OUTAGE = Duration.ofSeconds(6);

    private static PrivatePostgres postgres;
    private static RillProcess rill;

    @BeforeAll
    static void startPostgresAndRill() {
        postgres = PrivatePostgres.start();
        rill = RillProcess.start("postgres-outage", postgres.url(), RillProcess.redisUrl(),
                "rill-postgres-outage-" + UUID.randomUUID() + ":",
                List.of("--rill.llm.api-key=", "--rill.llm.offline.token-delay=20ms",
                        "--rill.stream.owner-lease=3s"));
    }

    @AfterAll
    static void stopEverything() {
        try {
            if (rill != null) {
                rill.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    @Test
    void turnsFailClearlyWhilePostgresIsDownAndSucceedAgainWithoutARestartLosingNoAcknowledgedAnswer() {
        try (OutageTraffic traffic = new OutageTraffic(rill.baseUrl(), 3)) {
            traffic.awaitEnded(Phase.BEFORE, 1, Duration.ofSeconds(60));

            traffic.phase(Phase.OUTAGE);
            postgres.stop();
            // The outage itself lasts a fixed time: that is the fault being injected, not a wait for a result.
            RillProcess.sleep(OUTAGE);
            postgres.startAgain();
            traffic.phase(Phase.AFTER);

            traffic.awaitEnded(Phase.AFTER, 2, Duration.ofSeconds(90));
            List<Outcome> outcomes = traffic.stop();
            System.out.println("PostgreSQL outage of " + OUTAGE + ", outcomes by phase:\n" + traffic.summary());

            assertThat(rill.isAlive()).as("the same process, never restarted").isTrue();
            assertThat(outcomes).filteredOn(o -> o.phase() == Phase.OUTAGE && !o.ended())
                    .as("the outage was felt").isNotEmpty();
            assertThat(outcomes).filteredOn(o -> !o.ended() && !o.clearFailure())
                    .as("turns that neither ended nor failed clearly").isEmpty();
            traffic.assertEveryEndedAnswerIsStored();
        }
    }
}
