package dev.rill.shared.web;

import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database that cannot be reached is a 503 {@code unavailable} that tells the client to retry, not a 500: the
 * PostgreSQL outage test (docs/reliability.md) saw every turn refused with {@code internal} while it was down.
 */
class StorageOutageProblemTest {

    @Test
    void noConnectionFromThePoolIsA503Unavailable() {
        assertUnavailable(new DataAccessResourceFailureException("Failed to obtain R2DBC Connection",
                new IllegalStateException("Connection refused")));
    }

    @Test
    void noConnectionForATransactionIsA503Unavailable() {
        assertUnavailable(new CannotCreateTransactionException("Could not open R2DBC Connection for transaction",
                new R2dbcNonTransientResourceException("Connection validation failed")));
    }

    @Test
    void connectionClosedMidQueryIsA503Unavailable() {
        assertUnavailable(new RuntimeException(new R2dbcNonTransientResourceException("Connection closed")));
    }

    @Test
    void otherFailuresStayInternal() {
        assertThat(ProblemExceptionHandler.toProblem(new IllegalStateException("bug")).type())
                .isEqualTo(ProblemType.INTERNAL);
    }

    private static void assertUnavailable(Throwable failure) {
        RillException problem = ProblemExceptionHandler.toProblem(failure);
        assertThat(problem.type()).isEqualTo(ProblemType.UNAVAILABLE);
        assertThat(problem.type().status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }
}
