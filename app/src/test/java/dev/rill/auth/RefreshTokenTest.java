package dev.rill.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static dev.rill.support.Problems.expectProblem;
import static dev.rill.support.Problems.expectValidation;
import static org.assertj.core.api.Assertions.assertThat;

/** Refresh tokens: single use, rotated within a family, reuse revokes the family, logout revokes it too. */
class RefreshTokenTest extends AuthHttpTest {

    @Test
    void refreshRotatesThePair() {
        Session session = signUp();

        Map<String, Object> first = tokenPair(refresh(session.refreshToken()));
        assertThat(refreshOf(first)).startsWith("rt_").isNotEqualTo(session.refreshToken());
        assertThat(access(first)).isNotEqualTo(session.accessToken());
        assertThat(first).extracting("user").extracting("id").isEqualTo(session.userId());
        me(access(first)).expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(session.userId());

        Map<String, Object> second = tokenPair(refresh(refreshOf(first)));
        assertThat(refreshOf(second)).isNotEqualTo(refreshOf(first));
        me(access(second)).expectStatus().isOk();
    }

    @Test
    void reusingARotatedTokenIsRefusedAndRevokesTheFamily() {
        Session session = signUp();
        Map<String, Object> rotated = tokenPair(refresh(session.refreshToken()));

        expectProblem(refresh(session.refreshToken()), HttpStatus.UNAUTHORIZED, "refresh-token-reused");

        // The legitimate holder's newest token dies with the family: whoever copied the old one gains nothing.
        expectProblem(refresh(refreshOf(rotated)), HttpStatus.UNAUTHORIZED, "invalid-refresh-token");
    }

    @Test
    void reuseDeepInTheChainRevokesTheNewestToken() {
        Session session = signUp();
        Map<String, Object> second = tokenPair(refresh(session.refreshToken()));
        Map<String, Object> third = tokenPair(refresh(refreshOf(second)));

        expectProblem(refresh(refreshOf(second)), HttpStatus.UNAUTHORIZED, "refresh-token-reused");
        expectProblem(refresh(refreshOf(third)), HttpStatus.UNAUTHORIZED, "invalid-refresh-token");
    }

    @Test
    void reuseInOneFamilyLeavesOtherSignInsAlone() {
        Session session = signUp();
        Map<String, Object> otherDevice = tokenPair(login(session.email(), session.password()));
        tokenPair(refresh(session.refreshToken()));

        expectProblem(refresh(session.refreshToken()), HttpStatus.UNAUTHORIZED, "refresh-token-reused");

        Map<String, Object> stillAlive = tokenPair(refresh(refreshOf(otherDevice)));
        me(access(stillAlive)).expectStatus().isOk();
    }

    @Test
    void concurrentUseOfOneTokenCountsAsReuse() throws Exception {
        Session session = signUp();
        int callers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<EntityExchangeResult<Map<String, Object>>>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return refresh(session.refreshToken()).expectBody(MAP).returnResult();
                }, pool));
            }
            start.countDown();
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }

        List<EntityExchangeResult<Map<String, Object>>> results = calls.stream().map(CompletableFuture::join).toList();
        List<EntityExchangeResult<Map<String, Object>>> won = results.stream()
                .filter(r -> r.getStatus().value() == 200).toList();
        assertThat(won).as("exactly one caller rotates the token").hasSize(1);
        List<EntityExchangeResult<Map<String, Object>>> lost = results.stream()
                .filter(r -> r.getStatus().value() != 200).toList();
        // The first loser detects reuse and revokes the family; later ones may find the token already revoked.
        assertThat(lost).allSatisfy(r -> {
            assertThat(r.getStatus().value()).isEqualTo(401);
            assertThat(r.getResponseBody()).extractingByKey("type").isIn(
                    "https://rill.dev/problems/refresh-token-reused",
                    "https://rill.dev/problems/invalid-refresh-token");
        });
        assertThat(lost).extracting(r -> r.getResponseBody().get("type"))
                .contains("https://rill.dev/problems/refresh-token-reused");
        // Reuse revoked the family, including the token the winner just received.
        expectProblem(refresh(refreshOf(won.get(0).getResponseBody())), HttpStatus.UNAUTHORIZED,
                "invalid-refresh-token");
    }

    @Test
    void logoutRevokesTheRefreshToken() {
        Session session = signUp();

        logout(session.refreshToken()).expectStatus().isNoContent();

        expectProblem(refresh(session.refreshToken()), HttpStatus.UNAUTHORIZED, "invalid-refresh-token");
    }

    @Test
    void logoutWithAnOlderTokenOfTheFamilyRevokesTheNewest() {
        Session session = signUp();
        Map<String, Object> rotated = tokenPair(refresh(session.refreshToken()));

        logout(session.refreshToken()).expectStatus().isNoContent();

        expectProblem(refresh(refreshOf(rotated)), HttpStatus.UNAUTHORIZED, "invalid-refresh-token");
    }

    @Test
    void logoutLeavesOtherSignInsAlone() {
        Session session = signUp();
        Map<String, Object> otherDevice = tokenPair(login(session.email(), session.password()));

        logout(session.refreshToken()).expectStatus().isNoContent();

        tokenPair(refresh(refreshOf(otherDevice)));
    }

    @Test
    void logoutIsIdempotent() {
        Session session = signUp();

        logout(session.refreshToken()).expectStatus().isNoContent().expectBody().isEmpty();
        logout(session.refreshToken()).expectStatus().isNoContent().expectBody().isEmpty();
        logout("rt_never-issued").expectStatus().isNoContent();
    }

    @Test
    void refusesUnknownRefreshToken() {
        expectProblem(refresh("rt_" + "A".repeat(43)), HttpStatus.UNAUTHORIZED, "invalid-refresh-token");
        expectProblem(refresh("garbage"), HttpStatus.UNAUTHORIZED, "invalid-refresh-token");
    }

    @Test
    void refusesAnAccessTokenInPlaceOfARefreshToken() {
        Session session = signUp();
        // An access token is far longer than any refresh token, so it fails validation before any lookup.
        expectValidation(refresh(session.accessToken()), "refresh_token");
        expectProblem(logout(session.accessToken()), HttpStatus.BAD_REQUEST, "validation");
        tokenPair(refresh(session.refreshToken()));
    }

    @Test
    void refusesExpiredRefreshToken() {
        Session session = signUp();
        db.sql("UPDATE refresh_tokens SET expires_at = now() - interval '1 minute' WHERE token_hash = :hash")
                .bind("hash", sha256(session.refreshToken()))
                .fetch().rowsUpdated().block();

        expectProblem(refresh(session.refreshToken()), HttpStatus.UNAUTHORIZED, "invalid-refresh-token");
    }

    @Test
    void refusesRefreshTokenOfDeletedAccount() {
        Session session = signUp();
        deleteMe(session.accessToken()).expectStatus().isNoContent();

        expectProblem(refresh(session.refreshToken()), HttpStatus.UNAUTHORIZED, "invalid-refresh-token");
    }

    @Test
    void refusesMissingRefreshToken() {
        expectValidation(client.post().uri("/api/auth/refresh").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange(), "refresh_token");
        expectValidation(client.post().uri("/api/auth/refresh").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("refresh_token", " ")).exchange(), "refresh_token");
        expectProblem(client.post().uri("/api/auth/refresh").contentType(MediaType.APPLICATION_JSON)
                .exchange(), HttpStatus.BAD_REQUEST, "malformed-body");
        expectValidation(client.post().uri("/api/auth/logout").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange(), "refresh_token");
    }

    @Test
    void refusesMalformedRefreshRequests() {
        expectProblem(client.post().uri("/api/auth/refresh").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"refresh_token\":").exchange(), HttpStatus.BAD_REQUEST, "malformed-body");
        expectProblem(client.post().uri("/api/auth/refresh").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("refresh_token", "rt_x", "user_id", "user-1")).exchange(),
                HttpStatus.BAD_REQUEST, "unknown-field");
        expectValidation(client.post().uri("/api/auth/refresh").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("refresh_token", "rt_" + "x".repeat(300))).exchange(), "refresh_token");
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
