package dev.rill.auth;

import java.time.Duration;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.rill.support.FakeSmsGateway;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static dev.rill.support.Problems.expectProblem;
import static dev.rill.support.Problems.expectUnauthorized;
import static dev.rill.support.Problems.expectValidation;
import static org.assertj.core.api.Assertions.assertThat;

/** A phone number on the account, verified by a texted code, and finding one's account from a verified number. */
class PhoneTest extends RecoveryHttpTest {

    @Test
    void addedNumberIsShownUnverifiedAndGetsACodeThroughTheGateway() {
        Session session = signUp();
        String phone = uniquePhone();

        addPhone(session, phone).expectStatus().isAccepted();

        me(session.accessToken()).expectStatus().isOk().expectBody()
                .jsonPath("$.phone").isEqualTo(phone)
                .jsonPath("$.phone_verified").isEqualTo(false);
        FakeSmsGateway.Text text = SMS.awaitText(phone, 1, DELIVERY);
        assertThat(text.from()).isEqualTo("+15005550006");
        assertThat(text.contentType()).startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE);
        assertThat(text.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("AC-test:sms-secret-token".getBytes(StandardCharsets.UTF_8)));
        assertThat(text.body()).contains("10 minutes");
        codeIn(text.body());
    }

    @Test
    void accountWithoutAPhoneShowsNone() {
        Session session = signUp();

        me(session.accessToken()).expectStatus().isOk().expectBody()
                .jsonPath("$.phone").doesNotExist()
                .jsonPath("$.phone_verified").isEqualTo(false);
    }

    @Test
    void textedCodeVerifiesTheNumber() {
        Session session = signUp();
        String phone = uniquePhone();
        addPhone(session, phone).expectStatus().isAccepted();
        String code = codeIn(SMS.awaitText(phone, 1, DELIVERY).body());

        verifyPhone(session, code).expectStatus().isOk().expectBody()
                .jsonPath("$.id").isEqualTo(session.userId())
                .jsonPath("$.phone").isEqualTo(phone)
                .jsonPath("$.phone_verified").isEqualTo(true);
        me(session.accessToken()).expectStatus().isOk().expectBody().jsonPath("$.phone_verified").isEqualTo(true);
        expectProblem(verifyPhone(session, code), HttpStatus.BAD_REQUEST, "invalid-code");
    }

    @Test
    void wrongCodeLeavesTheNumberUnverified() {
        Session session = signUp();
        String phone = uniquePhone();
        addPhone(session, phone).expectStatus().isAccepted();
        String code = codeIn(SMS.awaitText(phone, 1, DELIVERY).body());

        expectProblem(verifyPhone(session, otherThan(code)), HttpStatus.BAD_REQUEST, "invalid-code");

        me(session.accessToken()).expectStatus().isOk().expectBody().jsonPath("$.phone_verified").isEqualTo(false);
        verifyPhone(session, code).expectStatus().isOk();
    }

    @Test
    void sixthVerificationAttemptIsRefusedEvenWithTheRightCode() {
        Session session = signUp();
        String phone = uniquePhone();
        addPhone(session, phone).expectStatus().isAccepted();
        String code = codeIn(SMS.awaitText(phone, 1, DELIVERY).body());
        for (int i = 0; i < 5; i++) {
            expectProblem(verifyPhone(session, otherThan(code)), HttpStatus.BAD_REQUEST, "invalid-code");
        }

        PasswordResetTest.expectRateLimited(verifyPhone(session, code), 10 * 60);
        me(session.accessToken()).expectStatus().isOk().expectBody().jsonPath("$.phone_verified").isEqualTo(false);
    }

    @Test
    void codeSentToAnEarlierNumberDoesNotVerifyALaterOne() {
        Session session = signUp();
        String first = uniquePhone();
        String second = uniquePhone();
        addPhone(session, first).expectStatus().isAccepted();
        String firstCode = codeIn(SMS.awaitText(first, 1, DELIVERY).body());
        addPhone(session, second).expectStatus().isAccepted();
        String secondCode = codeIn(SMS.awaitText(second, 1, DELIVERY).body());

        if (!firstCode.equals(secondCode)) {
            expectProblem(verifyPhone(session, firstCode), HttpStatus.BAD_REQUEST, "invalid-code");
        }
        verifyPhone(session, secondCode).expectStatus().isOk().expectBody().jsonPath("$.phone").isEqualTo(second);
    }

    @Test
    void changingTheNumberDropsTheVerification() {
        Session session = signUp();
        addVerifiedPhone(session, uniquePhone());
        String next = uniquePhone();

        addPhone(session, next).expectStatus().isAccepted();

        me(session.accessToken()).expectStatus().isOk().expectBody()
                .jsonPath("$.phone").isEqualTo(next)
                .jsonPath("$.phone_verified").isEqualTo(false);
    }

    @Test
    void verifyingWithoutAPendingNumberIsAnInvalidCode() {
        Session session = signUp();

        expectProblem(verifyPhone(session, "123456"), HttpStatus.BAD_REQUEST, "invalid-code");
    }

    @Test
    void numberVerifiedByOneAccountCannotBeVerifiedByAnother() {
        Session owner = signUp();
        Session other = signUp();
        String phone = uniquePhone();
        addVerifiedPhone(owner, phone);

        // Anyone may type the number: the conflict is told only to whoever proves they hold the phone.
        addPhone(other, phone).expectStatus().isAccepted();
        String code = codeIn(SMS.awaitText(phone, 2, DELIVERY).body());
        expectProblem(verifyPhone(other, code), HttpStatus.CONFLICT, "phone-taken");

        me(other.accessToken()).expectStatus().isOk().expectBody().jsonPath("$.phone_verified").isEqualTo(false);
        me(owner.accessToken()).expectStatus().isOk().expectBody()
                .jsonPath("$.phone").isEqualTo(phone)
                .jsonPath("$.phone_verified").isEqualTo(true);
    }

    @Test
    void findAccountTextsTheMaskedEmailToAVerifiedNumber() {
        String email = "jane-" + System.nanoTime() + "@example.com";
        Session session = signUp(email);
        String phone = uniquePhone();
        addVerifiedPhone(session, phone);

        findAccount(phone).expectStatus().isAccepted();

        FakeSmsGateway.Text hint = SMS.awaitText(phone, 2, DELIVERY);
        assertThat(hint.body()).contains("j***@e******.com").doesNotContain(email).doesNotContain("jane");
    }

    @Test
    void findAccountTextsNothingToAnUnverifiedOrUnknownNumber() {
        Session session = signUp();
        String unverified = uniquePhone();
        addPhone(session, unverified).expectStatus().isAccepted();
        SMS.awaitText(unverified, 1, DELIVERY);
        String unknown = uniquePhone();

        byte[] forUnverified = findAccount(unverified).expectStatus().isAccepted().expectBody().returnResult()
                .getResponseBody();
        byte[] forUnknown = findAccount(unknown).expectStatus().isAccepted().expectBody().returnResult()
                .getResponseBody();

        assertThat(forUnknown).isEqualTo(forUnverified);
        assertThat(SMS.textsAfter(unverified, Duration.ofMillis(500))).hasSize(1);
        assertThat(SMS.textsTo(unknown)).isEmpty();
    }

    @Test
    void findAccountIsLimitedPerNumber() {
        String phone = uniquePhone();
        for (int i = 0; i < 3; i++) {
            findAccount(phone).expectStatus().isAccepted();
        }

        PasswordResetTest.expectRateLimited(findAccount(phone), 60 * 60);
    }

    @Test
    void codesAreLimitedPerAccount() {
        Session session = signUp();
        for (int i = 0; i < 3; i++) {
            addPhone(session, uniquePhone()).expectStatus().isAccepted();
        }

        PasswordResetTest.expectRateLimited(addPhone(session, uniquePhone()), 60 * 60);
    }

    @Test
    void refusesNumbersThatAreNotE164() {
        Session session = signUp();
        for (String bad : List.of("", "4915112345678", "+0123456789", "+1234567", "+1234567890123456",
                "+49 151 1234567", "+49-151-1234567", "+4915112345678x", "++4915112345678", "+٤٩١٥١١٢٣٤٥٦٧")) {
            expectValidation(addPhone(session, bad), "phone");
            expectValidation(findAccount(bad), "phone");
        }
        expectValidation(postAs(session, "/api/me/phone", Map.of()), "phone");
    }

    @Test
    void acceptsTheShortestAndLongestE164Numbers() {
        String digits = uniquePhone().substring(1) + uniquePhone().substring(1);
        addPhone(signUp(), "+1" + digits.substring(0, 7)).expectStatus().isAccepted();
        addPhone(signUp(), "+9" + digits.substring(0, 14)).expectStatus().isAccepted();
    }

    @Test
    void refusesMalformedPhoneBodies() {
        Session session = signUp();
        expectProblem(postAs(session, "/api/me/phone", Map.of("phone", uniquePhone(), "verified", true)),
                HttpStatus.BAD_REQUEST, "unknown-field");
        expectProblem(postAs(session, "/api/me/phone", "{\"phone\":"), HttpStatus.BAD_REQUEST, "malformed-body");
        expectValidation(postAs(session, "/api/me/phone/verify", Map.of()), "code");
        expectValidation(verifyPhone(session, "12345"), "code");
        expectValidation(verifyPhone(session, "abcdef"), "code");
        expectProblem(postAs(session, "/api/me/phone/verify", Map.of("code", "123456", "phone", uniquePhone())),
                HttpStatus.BAD_REQUEST, "unknown-field");
        expectProblem(postAs(session, "/api/me/phone/verify", "not json"), HttpStatus.BAD_REQUEST,
                "malformed-body");
        expectProblem(post("/api/auth/find-account", Map.of("phone", uniquePhone(), "email", "x@example.com")),
                HttpStatus.BAD_REQUEST, "unknown-field");
        expectProblem(post("/api/auth/find-account", "{"), HttpStatus.BAD_REQUEST, "malformed-body");
        expectValidation(post("/api/auth/find-account", Map.of()), "phone");
    }

    @Test
    void phoneRoutesRequireSignInButFindAccountDoesNot() {
        expectUnauthorized(client.post().uri("/api/me/phone").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("phone", uniquePhone())).exchange());
        expectUnauthorized(client.post().uri("/api/me/phone/verify").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("code", "123456")).exchange());
        findAccount(uniquePhone()).expectStatus().isAccepted();
    }
}
