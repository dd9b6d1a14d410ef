package dev.rill.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.rill.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed-login throttling per account (the default 5 per 15 minutes) and per client address, and the
 * per-address limit on email-availability checks. The address limits are lowered here, which gives this class a
 * Spring context of its own; every test acts from fresh client addresses so that tests do not share counters.
 */
@TestPropertySource(properties = {
        "rill.auth.throttle.login-failures-per-address=" + LoginThrottleTest.ADDRESS_LIMIT,
        "rill.auth.throttle.email-checks-per-address=" + LoginThrottleTest.EMAIL_CHECK_LIMIT})
class LoginThrottleTest extends AuthHttpTest {

    static final int ACCOUNT_LIMIT = 5;
    static final int ADDRESS_LIMIT = 8;
    static final int EMAIL_CHECK_LIMIT = 3;

    @Test
    void locksAccountAfterFiveFailuresEvenForTheRightPassword() {
        Session session = signUp();
        String address = randomAddress();
        for (int i = 0; i < ACCOUNT_LIMIT; i++) {
            expectProblem(login(session.email(), "wrong password " + i, address), HttpStatus.UNAUTHORIZED,
                    "invalid-credentials");
        }

        expectRateLimited(login(session.email(), session.password(), address));
    }

    @Test
    void countsAccountFailuresAcrossAddressesAndLetterCase() {
        Session session = signUp();
        for (int i = 0; i < ACCOUNT_LIMIT; i++) {
            String email = i % 2 == 0 ? session.email().toUpperCase() : session.email();
            expectProblem(login(email, "wrong password", randomAddress()), HttpStatus.UNAUTHORIZED,
                    "invalid-credentials");
        }

        expectRateLimited(login(session.email(), session.password(), randomAddress()));
    }

    @Test
    void concurrentGuessesCannotOutrunTheAccountLimit() throws Exception {
        Session session = signUp();
        int guesses = 4 * ACCOUNT_LIMIT;
        ExecutorService pool = Executors.newFixedThreadPool(guesses);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < guesses; i++) {
                WebTestClient from = clientFrom(randomAddress());
                String guess = "guess number " + i;
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return from.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(Map.of("email", session.email(), "password", guess))
                            .exchange().returnResult(Void.class).getStatus().value();
                }, pool));
            }
            start.countDown();
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }

        List<Integer> statuses = calls.stream().map(CompletableFuture::join).toList();
        assertThat(statuses).containsOnly(401, 429);
        assertThat(statuses).filteredOn(s -> s == 401).as("password checks made").hasSizeLessThanOrEqualTo(ACCOUNT_LIMIT);
        expectRateLimited(login(session.email(), session.password()));
    }

    @Test
    void successfulLoginResetsTheAccountCount() {
        Session session = signUp();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < ACCOUNT_LIMIT - 1; i++) {
                expectProblem(login(session.email(), "wrong password", randomAddress()), HttpStatus.UNAUTHORIZED,
                        "invalid-credentials");
            }
            tokenPair(login(session.email(), session.password(), randomAddress()));
        }
    }

    @Test
    void lockingOneAccountLeavesOthersAlone() {
        Session locked = signUp();
        Session other = signUp();
        String address = randomAddress();
        for (int i = 0; i < ACCOUNT_LIMIT; i++) {
            login(locked.email(), "wrong password", address).expectStatus().isUnauthorized();
        }
        expectRateLimited(login(locked.email(), locked.password(), address));

        tokenPair(login(other.email(), other.password(), address));
    }

    @Test
    void failureForUnknownEmailLooksLikeWrongPassword() {
        Session session = signUp();

        Map<String, Object> wrongPassword = expectProblem(login(session.email(), "wrong password"),
                HttpStatus.UNAUTHORIZED, "invalid-credentials");
        Map<String, Object> noAccount = expectProblem(login(uniqueEmail(), "wrong password"),
                HttpStatus.UNAUTHORIZED, "invalid-credentials");

        assertSameProblem(noAccount, wrongPassword);
    }

    @Test
    void overlongPasswordIsJustAWrongPassword() {
        // Longer than BCrypt's 72 bytes, which no stored password can be.
        Session session = signUp();
        String overlong = session.password() + " ".repeat(60) + "and more";

        Map<String, Object> existing = expectProblem(login(session.email(), overlong), HttpStatus.UNAUTHORIZED,
                "invalid-credentials");
        Map<String, Object> missing = expectProblem(login(uniqueEmail(), overlong), HttpStatus.UNAUTHORIZED,
                "invalid-credentials");
        assertSameProblem(missing, existing);
    }

    @Test
    void lockoutLooksTheSameWhetherOrNotTheAccountExists() {
        Session session = signUp();
        String unknown = uniqueEmail();
        for (int i = 0; i < ACCOUNT_LIMIT; i++) {
            login(session.email(), "wrong password", randomAddress()).expectStatus().isUnauthorized();
            login(unknown, "wrong password", randomAddress()).expectStatus().isUnauthorized();
        }

        Map<String, Object> existing = expectRateLimited(login(session.email(), "wrong password", randomAddress()));
        Map<String, Object> missing = expectRateLimited(login(unknown, "wrong password", randomAddress()));

        assertSameProblem(missing, existing);
    }

    @Test
    void locksAddressAfterFailuresAcrossAccounts() {
        Session victim = signUp();
        String attacker = randomAddress();
        for (int i = 0; i < ADDRESS_LIMIT; i++) {
            // A different email each time, so that no account limit is reached.
            expectProblem(login(uniqueEmail(), "guess", attacker), HttpStatus.UNAUTHORIZED, "invalid-credentials");
        }

        expectRateLimited(login(victim.email(), victim.password(), attacker));
        expectRateLimited(login(uniqueEmail(), "guess", attacker));

        // Another client is unaffected, and so is the account itself.
        tokenPair(login(victim.email(), victim.password(), randomAddress()));
    }

    @Test
    void throttlesForwardedClientsSeparatelyBehindAProxy() {
        Session victim = signUp();
        String attacker = "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255);
        for (int i = 0; i < ADDRESS_LIMIT; i++) {
            forwardedLogin(uniqueEmail(), "guess", attacker).expectStatus().isUnauthorized();
        }
        expectRateLimited(forwardedLogin(uniqueEmail(), "guess", attacker));

        tokenPair(forwardedLogin(victim.email(), victim.password(), "192.0.2.10"));
    }

    @Test
    void successfulLoginsDoNotCountTowardsTheAddressLimit() {
        Session session = signUp();
        String address = randomAddress();
        for (int i = 0; i < ADDRESS_LIMIT + 2; i++) {
            tokenPair(login(session.email(), session.password(), address));
        }
    }

    @Test
    void limitsEmailChecksPerAddress() {
        String address = randomAddress();
        for (int i = 0; i < EMAIL_CHECK_LIMIT; i++) {
            emailAvailable(uniqueEmail(), address).expectStatus().isOk()
                    .expectBody().jsonPath("$.available").isEqualTo(true);
        }

        Map<String, Object> problem = expectRateLimited(emailAvailable(uniqueEmail(), address));
        assertThat((String) problem.get("detail")).doesNotContain("@");

        emailAvailable(uniqueEmail(), randomAddress()).expectStatus().isOk();
    }

    /** A login through a reverse proxy (the test profile trusts X-Forwarded-For) on behalf of {@code address}. */
    private WebTestClient.ResponseSpec forwardedLogin(String email, String password, String address) {
        return client.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .header("X-Forwarded-For", address)
                .bodyValue(Map.of("email", email, "password", password))
                .exchange();
    }

    private WebTestClient.ResponseSpec emailAvailable(String email, String address) {
        return clientFrom(address).get()
                .uri(b -> b.path("/api/auth/email-available").queryParam("email", "{e}").build(email))
                .exchange();
    }

    private static Map<String, Object> expectRateLimited(WebTestClient.ResponseSpec response) {
        Map<String, Object> problem = expectProblem(response, HttpStatus.TOO_MANY_REQUESTS, "rate-limited");
        response.expectHeader().value(HttpHeaders.RETRY_AFTER, value -> assertThat(Long.parseLong(value))
                .isPositive()
                .isLessThanOrEqualTo(15 * 60));
        return problem;
    }

    private static void assertSameProblem(Map<String, Object> actual, Map<String, Object> expected) {
        for (String member : new String[] {"type", "title", "status", "detail"}) {
            assertThat(actual.get(member)).as(member).isEqualTo(expected.get(member));
        }
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
    }
}
