package dev.rill.auth;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.rill.support.Problems.errorFields;
import static dev.rill.support.Problems.expectProblem;
import static dev.rill.support.Problems.expectUnauthorized;
import static dev.rill.support.Problems.expectValidation;
import static org.assertj.core.api.Assertions.assertThat;

/** The signed-in user's own account: read, update, change password, delete. */
class AccountTest extends AuthHttpTest {

    @Test
    void showsOwnAccountWithoutSecrets() {
        Session session = signUp();

        Map<String, Object> account = me(session.accessToken()).expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();

        assertThat(account).containsEntry("id", session.userId())
                .containsEntry("email", session.email())
                .containsEntry("nickname", "Tester")
                .containsEntry("bio", "")
                .containsEntry("roles", List.of("user"))
                .containsEntry("has_password", true)
                .containsKey("created_at")
                .doesNotContainKeys("password_hash", "passwordHash", "tokens_valid_after", "role");
    }

    @Test
    void accountRoutesRequireSignIn() {
        expectUnauthorized(client.get().uri("/api/me").exchange());
        expectUnauthorized(client.patch().uri("/api/me").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("nickname", "x")).exchange());
        expectUnauthorized(client.delete().uri("/api/me").exchange());
        expectUnauthorized(client.post().uri("/api/me/password").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("current_password", PASSWORD, "new_password", NEW_PASSWORD)).exchange());
    }

    @Test
    void updatesNicknameAndBio() {
        Session session = signUp();

        patchMe(session, Map.of("nickname", "  Ada  ", "bio", "Counts things")).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.nickname").isEqualTo("Ada")
                .jsonPath("$.bio").isEqualTo("Counts things");
        patchMe(session, Map.of("bio", "")).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.nickname").isEqualTo("Ada")
                .jsonPath("$.bio").isEqualTo("");

        me(session.accessToken()).expectStatus().isOk().expectBody()
                .jsonPath("$.nickname").isEqualTo("Ada")
                .jsonPath("$.email").isEqualTo(session.email());
    }

    @Test
    void bioMayHaveSeveralLines() {
        Session session = signUp();

        patchMe(session, Map.of("bio", "First line\nSecond line\twith a tab")).expectStatus().isOk()
                .expectBody().jsonPath("$.bio").isEqualTo("First line\nSecond line\twith a tab");
    }

    @Test
    void refusesEmptyProfileUpdate() {
        Session session = signUp();

        Map<String, Object> problem = expectProblem(patchMe(session, Map.of()), HttpStatus.BAD_REQUEST, "validation");
        assertThat(errorFields(problem)).isNotEmpty();
    }

    @Test
    void refusesNullOnlyProfileUpdate() {
        Session session = signUp();
        Map<String, Object> nulls = new LinkedHashMap<>();
        nulls.put("nickname", null);
        nulls.put("bio", null);

        expectProblem(patchMe(session, nulls), HttpStatus.BAD_REQUEST, "validation");
    }

    @Test
    void refusesInvalidNickname() {
        Session session = signUp();

        expectValidation(patchMe(session, Map.of("nickname", "x".repeat(41))), "nickname");
        expectValidation(patchMe(session, Map.of("nickname", "")), "nickname");
        expectValidation(patchMe(session, Map.of("nickname", "   ")), "nickname");
        expectValidation(patchMe(session, Map.of("nickname", "bell\u0007")), "nickname");
        expectValidation(patchMe(session, Map.of("bio", "b".repeat(501))), "bio");
        expectValidation(patchMe(session, Map.of("bio", "nul\u0000byte")), "bio");
        expectValidation(patchMe(session, Map.of("bio", "escape\u001b[2J")), "bio");

        me(session.accessToken()).expectStatus().isOk().expectBody().jsonPath("$.nickname").isEqualTo("Tester");
    }

    @Test
    void refusesUnknownFieldsInProfileUpdate() {
        Session session = signUp();

        Map<String, Object> problem = expectProblem(patchMe(session, Map.of("nickname", "Eve", "role", "admin")),
                HttpStatus.BAD_REQUEST, "unknown-field");
        assertThat(errorFields(problem)).containsExactly("role");
        expectProblem(patchMe(session, Map.of("email", "other@example.com")), HttpStatus.BAD_REQUEST,
                "unknown-field");

        me(session.accessToken()).expectStatus().isOk().expectBody()
                .jsonPath("$.nickname").isEqualTo("Tester")
                .jsonPath("$.roles").isEqualTo(List.of("user"))
                .jsonPath("$.email").isEqualTo(session.email());
    }

    @Test
    void refusesMalformedProfileUpdate() {
        Session session = signUp();

        expectProblem(client.patch().uri("/api/me").header(HttpHeaders.AUTHORIZATION, session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{nickname:").exchange(),
                HttpStatus.BAD_REQUEST, "malformed-body");
        expectValidation(patchMe(session, Map.of("nickname", Map.of("first", "Ada"))), "nickname");
    }

    @Test
    void refusesPasswordChangeWithWrongCurrentPassword() {
        Session session = signUp();

        Map<String, Object> problem = expectProblem(changePassword(session.accessToken(), "not my password",
                NEW_PASSWORD), HttpStatus.BAD_REQUEST, "wrong-password");
        assertThat(errorFields(problem)).containsExactly("current_password");

        tokenPair(login(session.email(), PASSWORD));
        login(session.email(), NEW_PASSWORD).expectStatus().isUnauthorized();
        me(session.accessToken()).expectStatus().isOk();
    }

    @Test
    void throttlesGuessesOfTheCurrentPassword() {
        // Someone holding a stolen access token must not get unlimited tries at the password it protects.
        Session session = signUp();
        for (int i = 0; i < 5; i++) {
            expectProblem(changePassword(session.accessToken(), "guess " + i, NEW_PASSWORD), HttpStatus.BAD_REQUEST,
                    "wrong-password");
        }

        var response = changePassword(session.accessToken(), PASSWORD, NEW_PASSWORD);
        expectProblem(response, HttpStatus.TOO_MANY_REQUESTS, "rate-limited");
        response.expectHeader().value(HttpHeaders.RETRY_AFTER, v -> assertThat(Long.parseLong(v)).isPositive());
        // The guesses count against the account like failed logins do, and the password is unchanged.
        expectProblem(login(session.email(), PASSWORD), HttpStatus.TOO_MANY_REQUESTS, "rate-limited");
        me(session.accessToken()).expectStatus().isOk();
    }

    @Test
    void successfulPasswordChangeClearsEarlierMistakes() {
        Session session = signUp();
        for (int i = 0; i < 4; i++) {
            changePassword(session.accessToken(), "guess " + i, NEW_PASSWORD).expectStatus().isBadRequest();
        }
        Map<String, Object> fresh = tokenPair(changePassword(session.accessToken(), PASSWORD, NEW_PASSWORD));

        for (int i = 0; i < 4; i++) {
            login(session.email(), "wrong " + i).expectStatus().isUnauthorized();
        }
        tokenPair(login(session.email(), NEW_PASSWORD));
        me(access(fresh)).expectStatus().isOk();
    }

    @Test
    void overlongCurrentPasswordIsJustAWrongOne() {
        Session session = signUp();

        expectProblem(changePassword(session.accessToken(), PASSWORD + " ".repeat(60) + "and more", NEW_PASSWORD),
                HttpStatus.BAD_REQUEST, "wrong-password");
        tokenPair(login(session.email(), PASSWORD));
    }

    @Test
    void refusesWeakNewPassword() {
        Session session = signUp();

        expectValidation(changePassword(session.accessToken(), PASSWORD, "short"), "new_password");
        expectValidation(changePassword(session.accessToken(), PASSWORD, "password123"), "new_password");
        expectValidation(changePassword(session.accessToken(), PASSWORD,
                "my " + session.email() + " password"), "new_password");
        expectValidation(client.post().uri("/api/me/password").header(HttpHeaders.AUTHORIZATION, session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("current_password", PASSWORD))
                .exchange(), "new_password");

        tokenPair(login(session.email(), PASSWORD));
    }

    @Test
    void passwordChangeEndsEveryOtherSession() {
        Session session = signUp();
        Map<String, Object> otherDevice = tokenPair(login(session.email(), PASSWORD));

        Map<String, Object> fresh = tokenPair(changePassword(session.accessToken(), PASSWORD, NEW_PASSWORD));
        assertThat(fresh).extracting("user").extracting("id").isEqualTo(session.userId());

        // Old refresh tokens (this session's and the other device's) and old access tokens are dead.
        expectProblem(refresh(session.refreshToken()), HttpStatus.UNAUTHORIZED, "invalid-refresh-token");
        expectProblem(refresh(refreshOf(otherDevice)), HttpStatus.UNAUTHORIZED, "invalid-refresh-token");
        expectUnauthorized(me(session.accessToken()));
        expectUnauthorized(me(access(otherDevice)));

        // The pair returned by the change carries on.
        me(access(fresh)).expectStatus().isOk();
        Map<String, Object> rotated = tokenPair(refresh(refreshOf(fresh)));
        me(access(rotated)).expectStatus().isOk();

        expectProblem(login(session.email(), PASSWORD), HttpStatus.UNAUTHORIZED, "invalid-credentials");
        me(access(tokenPair(login(session.email(), NEW_PASSWORD)))).expectStatus().isOk();
    }

    @Test
    void deletionRemovesTheAccountAndEverythingItOwns() {
        Session session = signUp();
        tokenPair(login(session.email(), PASSWORD));
        db.sql("INSERT INTO external_identities (issuer, subject, user_id, created_at)"
                        + " VALUES ('https://idp.example.test', :subject, :user, :now)")
                .bind("subject", "sub-" + session.userId())
                .bind("user", uuidOf(session.userId()))
                .bind("now", Instant.now())
                .fetch().rowsUpdated().block();
        assertThat(rowsOf("refresh_tokens", session.userId())).isEqualTo(2);
        assertThat(rowsOf("external_identities", session.userId())).isEqualTo(1);

        deleteMe(session.accessToken()).expectStatus().isNoContent().expectBody().isEmpty();

        assertThat(userExists(session.userId())).isFalse();
        assertThat(rowsOf("refresh_tokens", session.userId())).isZero();
        assertThat(rowsOf("external_identities", session.userId())).isZero();
    }

    @Test
    void deletedAccountCannotSignInAndFreesTheEmail() {
        Session session = signUp();

        deleteMe(session.accessToken()).expectStatus().isNoContent();

        expectProblem(login(session.email(), PASSWORD), HttpStatus.UNAUTHORIZED, "invalid-credentials");
        expectProblem(refresh(session.refreshToken()), HttpStatus.UNAUTHORIZED, "invalid-refresh-token");
        expectUnauthorized(me(session.accessToken()));
        client.get().uri(b -> b.path("/api/auth/email-available").queryParam("email", "{e}").build(session.email()))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.available").isEqualTo(true);

        Session again = signUp(session.email());
        assertThat(again.userId()).isNotEqualTo(session.userId());
    }

    private WebTestClient.ResponseSpec patchMe(Session session, Map<String, ?> body) {
        return client.patch().uri("/api/me").header(HttpHeaders.AUTHORIZATION, session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
