package dev.rill.auth;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;

import static dev.rill.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Codes die with their lifetime, shortened here to two seconds (which gives this class a context of its own). */
@TestPropertySource(properties = "rill.auth.recovery.code-ttl=2s")
class RecoveryCodeExpiryTest extends RecoveryHttpTest {

    private static final Duration PAST_EXPIRY = Duration.ofMillis(2_500);

    @Test
    void expiredResetCodeIsRefused() {
        Session session = signUp();
        String code = resetCode(session.email());
        assertThat(body(mailsTo(session.email()).get(0))).contains("2 seconds");

        pause(PAST_EXPIRY);

        expectProblem(confirmReset(session.email(), code, NEW_PASSWORD), HttpStatus.BAD_REQUEST, "invalid-code");
        tokenPair(login(session.email(), session.password()));
    }

    @Test
    void resetCodeWorksUntilItExpires() {
        Session session = signUp();
        String code = resetCode(session.email());

        confirmReset(session.email(), code, NEW_PASSWORD).expectStatus().isNoContent();
    }

    @Test
    void expiredPhoneCodeIsRefused() {
        Session session = signUp();
        String phone = uniquePhone();
        addPhone(session, phone).expectStatus().isAccepted();
        String code = codeIn(SMS.awaitText(phone, 1, DELIVERY).body());

        pause(PAST_EXPIRY);

        expectProblem(verifyPhone(session, code), HttpStatus.BAD_REQUEST, "invalid-code");
        me(session.accessToken()).expectStatus().isOk().expectBody().jsonPath("$.phone_verified").isEqualTo(false);
    }
}
