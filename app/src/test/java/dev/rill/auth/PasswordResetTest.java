package dev.rill.auth;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.rill.support.Problems.expectProblem;
import static dev.rill.support.Problems.expectUnauthorized;
import static dev.rill.support.Problems.expectValidation;
import static org.assertj.core.api.Assertions.assertThat;

/** Password reset by a code mailed over SMTP, with its limits and its refusal to say which emails have accounts. */
class PasswordResetTest extends RecoveryHttpTest {

    @Test
    void mailedCodeSetsANewPasswordAndEndsEverySession() throws Exception {
        Session session = signUp();

        String code = resetCode(session.email());
        confirmReset(session.email(), code, NEW_PASSWORD).expectStatus().isNoContent();

        expectProblem(login(session.email(), session.password()), HttpStatus.UNAUTHORIZED, "invalid-credentials");
        tokenPair(login(session.email(), NEW_PASSWORD));
        expectProblem(refresh(session.refreshToken()), HttpStatus.UNAUTHORIZED, "invalid-refresh-token");
        awaitStartOfSecond();
        expectUnauthorized(me(session.accessToken()));

        MimeMessage mail = mailsTo(session.email()).get(0);
        assertThat(mail.getFrom()[0].toString()).isEqualTo("Rill <no-reply@rill.test>");
        assertThat(mail.getSubject()).containsIgnoringCase("password reset");
        assertThat(body(mail)).contains("10 minutes");
    }

    @Test
    void emailIsMatchedWithoutRegardToCase() {
        Session session = signUp();

        String code = resetCode(session.email().toUpperCase());
        confirmReset(session.email().toUpperCase(), code, NEW_PASSWORD).expectStatus().isNoContent();

        tokenPair(login(session.email(), NEW_PASSWORD));
    }

    @Test
    void codeWorksOnlyOnce() {
        Session session = signUp();
        String code = resetCode(session.email());
        confirmReset(session.email(), code, NEW_PASSWORD).expectStatus().isNoContent();

        expectProblem(confirmReset(session.email(), code, "yet another passphrase"), HttpStatus.BAD_REQUEST,
                "invalid-code");
        tokenPair(login(session.email(), NEW_PASSWORD));
    }

    @Test
    void newCodeReplacesTheEarlierOne() {
        Session session = signUp();
        String first = resetCode(session.email());
        String second = resetCode(session.email());

        if (!first.equals(second)) {
            expectProblem(confirmReset(session.email(), first, NEW_PASSWORD), HttpStatus.BAD_REQUEST, "invalid-code");
        }
        confirmReset(session.email(), second, NEW_PASSWORD).expectStatus().isNoContent();
    }

    @Test
    void unknownEmailGetsTheSameAnswerAndNoMail() {
        Session session = signUp();
        String unknown = uniqueEmail();

        WebTestClient.ResponseSpec known = requestReset(session.email());
        WebTestClient.ResponseSpec missing = requestReset(unknown);

        byte[] knownBody = known.expectStatus().isAccepted().expectBody().returnResult().getResponseBody();
        byte[] missingBody = missing.expectStatus().isAccepted().expectBody().returnResult().getResponseBody();
        assertThat(missingBody).isEqualTo(knownBody);
        awaitMail(session.email(), 1);
        pause(Duration.ofMillis(500));
        assertThat(mailsTo(unknown)).isEmpty();
    }

    @Test
    void unknownEmailCannotBeConfirmed() {
        String unknown = uniqueEmail();
        requestReset(unknown).expectStatus().isAccepted();

        expectProblem(confirmReset(unknown, "123456", NEW_PASSWORD), HttpStatus.BAD_REQUEST, "invalid-code");
    }

    @Test
    void accountWithoutAPasswordGetsNoMail() {
        String email = uniqueEmail();
        Session session = signUp(email);
        db.sql("UPDATE users SET password_hash = NULL WHERE id = :id").bind("id", uuidOf(session.userId()))
                .fetch().rowsUpdated().block();

        requestReset(email).expectStatus().isAccepted();

        pause(Duration.ofSeconds(1));
        assertThat(mailsTo(email)).isEmpty();
    }

    @Test
    void wrongCodeIsRefusedAndTheRightOneStillWorks() {
        Session session = signUp();
        String code = resetCode(session.email());

        Map<String, Object> problem = expectProblem(confirmReset(session.email(), otherThan(code), NEW_PASSWORD),
                HttpStatus.BAD_REQUEST, "invalid-code");
        assertThat((String) problem.get("detail")).doesNotContain(code);
        tokenPair(login(session.email(), session.password()));

        confirmReset(session.email(), code, NEW_PASSWORD).expectStatus().isNoContent();
    }

    @Test
    void wrongCodeAnswersTheSameWhetherOrNotTheAccountExists() {
        Session session = signUp();
        resetCode(session.email());
        String unknown = uniqueEmail();
        requestReset(unknown).expectStatus().isAccepted();

        Map<String, Object> existing = expectProblem(confirmReset(session.email(), "000000", NEW_PASSWORD),
                HttpStatus.BAD_REQUEST, "invalid-code");
        Map<String, Object> missing = expectProblem(confirmReset(unknown, "000000", NEW_PASSWORD),
                HttpStatus.BAD_REQUEST, "invalid-code");
        for (String member : List.of("type", "title", "status", "detail")) {
            assertThat(missing.get(member)).as(member).isEqualTo(existing.get(member));
        }
    }

    @Test
    void sixthAttemptIsRefusedEvenWithTheRightCode() {
        Session session = signUp();
        String code = resetCode(session.email());
        for (int i = 0; i < 5; i++) {
            expectProblem(confirmReset(session.email(), otherThan(code), NEW_PASSWORD), HttpStatus.BAD_REQUEST,
                    "invalid-code");
        }

        expectRateLimited(confirmReset(session.email(), code, NEW_PASSWORD), 10 * 60);
        tokenPair(login(session.email(), session.password()));
    }

    @Test
    void attemptsAreLimitedForUnknownEmailsAlike() {
        String unknown = uniqueEmail();
        for (int i = 0; i < 5; i++) {
            expectProblem(confirmReset(unknown, "000000", NEW_PASSWORD), HttpStatus.BAD_REQUEST, "invalid-code");
        }

        expectRateLimited(confirmReset(unknown, "000000", NEW_PASSWORD), 10 * 60);
    }

    @Test
    void weakNewPasswordIsRefusedWithoutUsingUpTheCode() {
        Session session = signUp();
        String code = resetCode(session.email());

        expectValidation(confirmReset(session.email(), code, "short"), "new_password");
        expectValidation(confirmReset(session.email(), code, "password123"), "new_password");
        expectValidation(confirmReset(session.email(), code, session.email() + "-x"), "new_password");

        confirmReset(session.email(), code, NEW_PASSWORD).expectStatus().isNoContent();
    }

    @Test
    void limitsCodesPerEmail() {
        String email = signUp().email();
        for (int i = 0; i < 3; i++) {
            requestReset(email).expectStatus().isAccepted();
        }

        expectRateLimited(requestReset(email), 60 * 60);
        // An email without an account is limited alike.
        String unknown = uniqueEmail();
        for (int i = 0; i < 3; i++) {
            requestReset(unknown).expectStatus().isAccepted();
        }
        expectRateLimited(requestReset(unknown), 60 * 60);
    }

    @Test
    void limitsCodesPerClientAddress() {
        String address = randomAddress();
        for (int i = 0; i < 10; i++) {
            post("/api/auth/password-reset", Map.of("email", uniqueEmail()), address).expectStatus().isAccepted();
        }

        expectRateLimited(post("/api/auth/password-reset", Map.of("email", uniqueEmail()), address), 60 * 60);
        requestReset(uniqueEmail()).expectStatus().isAccepted();
    }

    @Test
    void limitsCodesTriedPerClientAddressAcrossAccounts() {
        String address = randomAddress();
        for (int i = 0; i < 20; i++) {
            expectProblem(post("/api/auth/password-reset/confirm",
                    Map.of("email", uniqueEmail(), "code", "000000", "new_password", NEW_PASSWORD), address),
                    HttpStatus.BAD_REQUEST, "invalid-code");
        }

        expectRateLimited(post("/api/auth/password-reset/confirm",
                Map.of("email", uniqueEmail(), "code", "000000", "new_password", NEW_PASSWORD), address), 15 * 60);
    }

    @Test
    void refusesMalformedResetRequests() {
        expectValidation(post("/api/auth/password-reset", Map.of()), "email");
        expectValidation(requestReset("not an email"), "email");
        expectValidation(requestReset(""), "email");
        expectValidation(requestReset("a".repeat(250) + "@example.com"), "email");
        expectProblem(post("/api/auth/password-reset", Map.of("email", uniqueEmail(), "admin", true)),
                HttpStatus.BAD_REQUEST, "unknown-field");
        expectProblem(raw("/api/auth/password-reset", "{\"email\":"), HttpStatus.BAD_REQUEST, "malformed-body");
        expectProblem(raw("/api/auth/password-reset", ""), HttpStatus.BAD_REQUEST, "malformed-body");
        expectProblem(post("/api/auth/password-reset", Map.of("email", List.of("x@example.com"))),
                HttpStatus.BAD_REQUEST, "validation");
        expectProblem(clientFrom(randomAddress()).post().uri("/api/auth/password-reset")
                .contentType(MediaType.TEXT_PLAIN).bodyValue("email=x@example.com").exchange(),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
    }

    @Test
    void refusesMalformedConfirmations() {
        String email = uniqueEmail();
        expectValidation(post("/api/auth/password-reset/confirm", Map.of()), "code", "email", "new_password");
        expectValidation(confirmReset(email, "12345", NEW_PASSWORD), "code");
        expectValidation(confirmReset(email, "1234567", NEW_PASSWORD), "code");
        expectValidation(confirmReset(email, "12a456", NEW_PASSWORD), "code");
        expectValidation(confirmReset("nobody", "123456", NEW_PASSWORD), "email");
        expectValidation(confirmReset(email, "123456", "x".repeat(257)), "new_password");
        Map<String, Object> withExtra = new HashMap<>(Map.of("email", email, "code", "123456",
                "new_password", NEW_PASSWORD));
        withExtra.put("user_id", "user-1");
        expectProblem(post("/api/auth/password-reset/confirm", withExtra), HttpStatus.BAD_REQUEST, "unknown-field");
        expectProblem(raw("/api/auth/password-reset/confirm", "[1, 2"), HttpStatus.BAD_REQUEST, "malformed-body");
        expectProblem(post("/api/auth/password-reset/confirm",
                Map.of("email", email, "code", Map.of("digits", "123456"), "new_password", NEW_PASSWORD)),
                HttpStatus.BAD_REQUEST, "validation");
    }

    @Test
    void resetRoutesNeedNoSignIn() {
        requestReset(uniqueEmail()).expectStatus().isAccepted();
        expectProblem(confirmReset(uniqueEmail(), "123456", NEW_PASSWORD), HttpStatus.BAD_REQUEST, "invalid-code");
    }

    WebTestClient.ResponseSpec raw(String path, String json) {
        return clientFrom(randomAddress()).post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json).exchange();
    }

    static void expectRateLimited(WebTestClient.ResponseSpec response, long maxSeconds) {
        expectProblem(response, HttpStatus.TOO_MANY_REQUESTS, "rate-limited");
        response.expectHeader().value(HttpHeaders.RETRY_AFTER, value -> assertThat(Long.parseLong(value))
                .isPositive().isLessThanOrEqualTo(maxSeconds));
    }
}
