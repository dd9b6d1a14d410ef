package dev.rill.auth;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;

import static dev.rill.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Codes live only in Redis, so without it recovery refuses with 503 instead of mailing a code that could never be
 * checked, and the same for every email.
 */
@TestPropertySource(properties = {
        "rill.redis.url=redis://127.0.0.1:1",
        "rill.redis.connect-timeout=200ms",
        "rill.redis.command-timeout=300ms"})
class RecoveryRedisDownTest extends RecoveryHttpTest {

    @Test
    void passwordResetAnswers503AndMailsNothing() {
        Session session = signUp();

        expectProblem(requestReset(session.email()), HttpStatus.SERVICE_UNAVAILABLE, "unavailable");
        expectProblem(requestReset(uniqueEmail()), HttpStatus.SERVICE_UNAVAILABLE, "unavailable");
        expectProblem(confirmReset(session.email(), "123456", NEW_PASSWORD), HttpStatus.SERVICE_UNAVAILABLE,
                "unavailable");

        pause(Duration.ofMillis(500));
        assertThat(mailsTo(session.email())).isEmpty();
        tokenPair(login(session.email(), session.password()));
    }
}
