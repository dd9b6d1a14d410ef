package dev.rill.durability;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;


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
        RillProcess.closeAll(rill, postgres);
    }

    @Test
    void turnsFailClearlyWhilePostgresIsDownAndSucceedAgainWithoutARestartLosingNoAcknowledgedAnswer() {
        OutageTraffic.throughOutage(rill, postgres, OUTAGE, "PostgreSQL");
    }
}
