package dev.rill.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rill.support.Jwts;
import dev.rill.support.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static dev.rill.support.Problems.expectProblem;
import static dev.rill.support.Problems.expectUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

/** Which bearer tokens open the API, and which are refused with a 401 problem. */
class BearerTokenSecurityTest extends AuthHttpTest {

    private static final String EVENTS = "/api/chats/chat-0190a0b1-0000-7000-8000-000000000001"
            + "/runs/run-0190a0b1-0000-7000-8000-000000000002/events";

    private Session session;
    /** The {@code kid} Rill puts in its tokens' headers, so forged tokens get past key selection. */
    private String rillKid;

    @BeforeEach
    void signUpUser() {
        session = signUp();
        rillKid = Jwts.keyId(session.accessToken());
    }

    private JWTClaimsSet.Builder validClaims() {
        return Jwts.claims(session.userId(), "rill", "rill");
    }

    private String signedByRill(JWTClaimsSet claims) {
        return Jwts.sign(claims, TestKeys.RILL, rillKid);
    }

    @Test
    void acceptsTokenSignedWithRillKeyWithTheRightClaims() {
        me(signedByRill(validClaims().build()))
                .expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo(session.userId());
    }

    @Test
    void refusesRequestWithoutToken() {
        var response = client.get().uri("/api/me").exchange();
        response.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        Map<String, Object> problem = expectUnauthorized(response);
        assertThat(problem).containsEntry("instance", "/api/me");
    }

    @Test
    void refusesTokenThatIsNotAJwt() {
        var response = me("not-a-jwt");
        response.expectHeader().value(HttpHeaders.WWW_AUTHENTICATE,
                value -> assertThat(value).contains("error=\"invalid_token\""));
        expectUnauthorized(response);
    }

    @Test
    void refusesNonBearerAuthorizationScheme() {
        expectUnauthorized(client.get().uri("/api/me")
                .header(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder()
                        .encodeToString((session.email() + ":" + session.password()).getBytes()))
                .exchange());
    }

    @Test
    void refusesExpiredToken() {
        Instant longAgo = Instant.now().minusSeconds(3600);
        String token = signedByRill(validClaims()
                .issueTime(Date.from(longAgo))
                .notBeforeTime(Date.from(longAgo))
                // Well past the decoder's 60 s clock-skew allowance.
                .expirationTime(Date.from(Instant.now().minusSeconds(300)))
                .build());

        expectUnauthorized(me(token));
    }

    @Test
    void refusesTokenWithoutExpiry() {
        expectUnauthorized(me(signedByRill(validClaims().expirationTime(null).build())));
    }

    @Test
    void refusesTokenNotValidYet() {
        String token = signedByRill(validClaims()
                .notBeforeTime(Date.from(Instant.now().plusSeconds(600)))
                .expirationTime(Date.from(Instant.now().plusSeconds(1200)))
                .build());

        expectUnauthorized(me(token));
    }

    @Test
    void refusesTokenSignedWithStrangersKeyUnderRillsKeyId() {
        expectUnauthorized(me(Jwts.sign(validClaims().build(), TestKeys.generate(), rillKid)));
    }

    @Test
    void refusesTokenSignedWithStrangersKeyUnderItsOwnKeyId() {
        expectUnauthorized(me(Jwts.sign(validClaims().build(), TestKeys.generate())));
    }

    @Test
    void refusesUnsignedToken() {
        expectUnauthorized(me(Jwts.unsigned(validClaims().build())));
    }

    @Test
    void refusesHmacTokenKeyedWithRillsPublicKey() throws JOSEException {
        // Algorithm confusion: the public key is no secret, so an HS256 token "signed" with it proves nothing.
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(rillKid).build(),
                validClaims().build());
        jwt.sign(new MACSigner(TestKeys.publicKey(TestKeys.RILL).getEncoded()));

        expectUnauthorized(me(jwt.serialize()));
    }

    @Test
    void refusesTokenWithTamperedPayload() {
        Session other = signUp();
        String[] parts = session.accessToken().split("\\.");
        String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace(session.userId(), other.userId()).getBytes(StandardCharsets.UTF_8));
        assertThat(forgedPayload).isNotEqualTo(parts[1]);

        expectUnauthorized(me(parts[0] + "." + forgedPayload + "." + parts[2]));
    }

    @Test
    void refusesTokenFromUnknownIssuer() {
        expectUnauthorized(me(signedByRill(Jwts.claims(session.userId(), "https://evil.example", "rill").build())));
    }

    @Test
    void refusesTokenForAnotherAudience() {
        expectUnauthorized(me(signedByRill(Jwts.claims(session.userId(), "rill", "another-service").build())));
    }

    @Test
    void refusesTokenWithoutAudience() {
        expectUnauthorized(me(signedByRill(validClaims().audience((String) null).build())));
    }

    @Test
    void refusesTokenWhoseSubjectIsNotAUserId() {
        UUID id = uuidOf(session.userId());
        expectUnauthorized(me(signedByRill(Jwts.claims("not-a-user", "rill", "rill").build())));
        expectUnauthorized(me(signedByRill(Jwts.claims(id.toString(), "rill", "rill").build())));
        expectUnauthorized(me(signedByRill(Jwts.claims("chat-" + id, "rill", "rill").build())));
    }

    @Test
    void refusesTokenWithoutSubject() {
        expectUnauthorized(me(signedByRill(validClaims().subject(null).build())));
    }

    @Test
    void refusesTokenWithoutIssuedAt() {
        // Without iat a token cannot be compared with the account's last password change.
        expectUnauthorized(me(signedByRill(validClaims().issueTime(null).build())));
    }

    @Test
    void refusesTokenOfUnknownUser() {
        String token = signedByRill(Jwts.claims("user-" + UUID.randomUUID(), "rill", "rill").build());
        expectUnauthorized(me(token));
    }

    @Test
    void refusesTokenOfDeletedUser() {
        deleteMe(session.accessToken()).expectStatus().isNoContent();

        expectUnauthorized(me(session.accessToken()));
        expectUnauthorized(deleteMe(session.accessToken()));
    }

    @Test
    void refusesTokenIssuedBeforePasswordChange() {
        String before = signedByRill(validClaims().issueTime(Date.from(Instant.now())).build());
        me(before).expectStatus().isOk();

        tokenPair(changePassword(session.accessToken(), PASSWORD, NEW_PASSWORD));

        expectUnauthorized(me(before));
        expectUnauthorized(me(session.accessToken()));
    }

    @Test
    void refusesTokenIssuedInTheSameSecondAsALaterPasswordChange() {
        // JWT times are whole seconds: a token minted moments before the change carries the change's second.
        Session fresh = null;
        Map<String, Object> changed = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            awaitStartOfSecond();
            fresh = signUp();
            changed = tokenPair(changePassword(fresh.accessToken(), PASSWORD, NEW_PASSWORD));
            long issued = ((Number) Jwts.payload(fresh.accessToken()).get("iat")).longValue();
            if (issued == Instant.now().getEpochSecond()) {
                break;
            }
        }

        expectUnauthorized(me(fresh.accessToken()));
        me(access(changed)).expectStatus().isOk();
    }

    @Test
    void ignoresRolesClaimInToken() {
        String token = signedByRill(validClaims().claim("roles", List.of("user", "admin")).build());

        me(token).expectStatus().isOk().expectBody().jsonPath("$.roles").isEqualTo(List.of("user"));
        expectProblem(client.get().uri("/actuator/env").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange(), HttpStatus.FORBIDDEN, "forbidden");
    }

    @Test
    void acceptsQueryTokenOnEventStreamPath() {
        // No such route exists yet: a signed-in caller gets 404, an anonymous one 401.
        expectProblem(client.get().uri(EVENTS + "?access_token={t}", session.accessToken()).exchange(),
                HttpStatus.NOT_FOUND, "not-found");
        expectUnauthorized(client.get().uri(EVENTS).exchange());
        expectUnauthorized(client.get().uri(EVENTS + "?access_token=garbage").exchange());
    }

    @Test
    void ignoresQueryTokenEverywhereElse() {
        expectUnauthorized(client.get().uri("/api/me?access_token={t}", session.accessToken()).exchange());
        expectUnauthorized(client.get().uri("/api/chats/x/runs/y/events/extra?access_token={t}",
                session.accessToken()).exchange());
        expectUnauthorized(client.get().uri("/api/chats/x/events?access_token={t}", session.accessToken())
                .exchange());
    }

    @Test
    void headerTokenWorksWhateverTheQueryString() {
        client.get().uri("/api/me?access_token=garbage").header(HttpHeaders.AUTHORIZATION, session.bearer())
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo(session.userId());
    }

    @Test
    void ignoresQueryTokenOnEventStreamPathForOtherMethods() {
        expectUnauthorized(client.post().uri(EVENTS + "?access_token={t}", session.accessToken())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange());
        expectUnauthorized(client.delete().uri(EVENTS + "?access_token={t}", session.accessToken()).exchange());
    }

    @Test
    void refusesQueryTokenInPostBodyForm() {
        // RFC 6750's form-encoded body parameter is a third way in; Rill accepts none but the header.
        expectUnauthorized(client.post().uri("/api/me/password")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("access_token=" + session.accessToken())
                .exchange());
    }
}
