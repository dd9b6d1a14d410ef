package dev.rill.auth;

import java.security.KeyPair;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.rill.support.Jwts;
import dev.rill.support.TestKeys;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.rill.support.Problems.expectProblem;
import static dev.rill.support.Problems.expectUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens from a trusted external OIDC issuer, whose keys a mock IdP publishes. This class configures the issuer,
 * so it has a Spring context of its own.
 */
class ExternalIssuerTest extends AuthHttpTest {

    static final String ISSUER = "https://idp.example.test";
    static final String AUDIENCE = "rill-web";
    static final KeyPair IDP_KEY = TestKeys.generate();
    static final MockWebServer IDP = startIdp(IDP_KEY);

    @DynamicPropertySource
    static void trustIdp(DynamicPropertyRegistry registry) {
        registry.add("rill.auth.trusted-issuers[0].issuer", () -> ISSUER);
        registry.add("rill.auth.trusted-issuers[0].jwk-set-uri", () -> IDP.url("/jwks.json").toString());
        registry.add("rill.auth.trusted-issuers[0].audiences[0]", () -> AUDIENCE);
    }

    @AfterAll
    static void stopIdp() {
        IDP.close();
    }

    /** A mock IdP that publishes {@code key} at {@code /jwks.json}, under its thumbprint as kid. */
    static MockWebServer startIdp(KeyPair key) {
        String jwks = new JWKSet(new RSAKey.Builder(TestKeys.publicKey(key)).keyID(Jwts.thumbprint(key))
                .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build()).toString();
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if ("/jwks.json".equals(request.getUrl().encodedPath())) {
                    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                            .body(jwks).build();
                }
                return new MockResponse.Builder().code(404).build();
            }
        });
        try {
            server.start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return server;
    }

    private static JWTClaimsSet.Builder idpClaims(String subject, String email, Boolean verified) {
        JWTClaimsSet.Builder claims = Jwts.claims(subject, ISSUER, AUDIENCE).claim("email", email)
                .claim("name", "Ada Lovelace");
        return verified == null ? claims : claims.claim("email_verified", verified);
    }

    private static String idpToken(JWTClaimsSet.Builder claims) {
        return Jwts.sign(claims.build(), IDP_KEY);
    }

    private static String newSubject() {
        return "idp-" + UUID.randomUUID();
    }

    private Map<String, Object> account(String token) {
        return me(token).expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
    }

    @Test
    void createsAccountOnFirstSight() {
        String email = uniqueEmail();

        Map<String, Object> account = account(idpToken(idpClaims(newSubject(), email.toUpperCase(), true)));

        assertThat(account).containsEntry("email", email)
                .containsEntry("has_password", false)
                .containsEntry("nickname", "Ada Lovelace");
        String id = (String) account.get("id");
        assertThat(id).startsWith("user-");
        assertThat(rowsOf("external_identities", id)).isEqualTo(1);
    }

    @Test
    void nicknameFromIdpFollowsTheNicknameRules() {
        // The IdP's name claim is outside input: no control characters, at most 40 characters, never blank.
        Map<String, Object> controlled = account(idpToken(idpClaims(newSubject(), uniqueEmail(), true)
                .claim("name", "Ada\u0000 Love\u001b[31mlace\n")));
        assertThat((String) controlled.get("nickname")).isEqualTo("Ada Love[31mlace");

        Map<String, Object> long_ = account(idpToken(idpClaims(newSubject(), uniqueEmail(), true)
                .claim("name", "N".repeat(39) + "\uD83D\uDE00 tail")));
        // 39 + 2 UTF-16 units would exceed 40: the emoji goes whole rather than in half.
        assertThat((String) long_.get("nickname")).isEqualTo("N".repeat(39));

        Map<String, Object> blank = account(idpToken(idpClaims(newSubject(), "grace@example.org".replace("grace",
                "grace" + UUID.randomUUID().toString().substring(0, 8)), true).claim("name", "\u0007\u0008")));
        assertThat((String) blank.get("nickname")).startsWith("grace");
    }

    @Test
    void sameSubjectMapsToTheSameAccount() {
        String subject = newSubject();
        String email = uniqueEmail();

        String first = (String) account(idpToken(idpClaims(subject, email, true))).get("id");
        // The subject, not the email, identifies the user: a changed email at the IdP keeps the account.
        Map<String, Object> second = account(idpToken(idpClaims(subject, uniqueEmail(), true)));

        assertThat(second).containsEntry("id", first).containsEntry("email", email);
        assertThat(rowsOf("external_identities", first)).isEqualTo(1);
    }

    @Test
    void differentSubjectsGetDifferentAccounts() {
        String a = (String) account(idpToken(idpClaims(newSubject(), uniqueEmail(), true))).get("id");
        String b = (String) account(idpToken(idpClaims(newSubject(), uniqueEmail(), true))).get("id");

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void refusesTokenForAnotherAudience() {
        String email = uniqueEmail();
        String token = idpToken(Jwts.claims(newSubject(), ISSUER, "someone-else").claim("email", email)
                .claim("email_verified", true));

        expectUnauthorized(me(token));
        assertThat(emailAvailable(email)).isTrue();
    }

    @Test
    void refusesTokenWithoutAudience() {
        expectUnauthorized(me(idpToken(idpClaims(newSubject(), uniqueEmail(), true).audience((String) null))));
    }

    @Test
    void refusesTokenSignedWithAnotherKey() {
        String email = uniqueEmail();
        String forged = Jwts.sign(idpClaims(newSubject(), email, true).build(), TestKeys.generate(),
                Jwts.thumbprint(IDP_KEY));

        expectUnauthorized(me(forged));
        expectUnauthorized(me(Jwts.sign(idpClaims(newSubject(), email, true).build(), TestKeys.RILL)));
        expectUnauthorized(me(Jwts.unsigned(idpClaims(newSubject(), email, true).build())));
        assertThat(emailAvailable(email)).isTrue();
    }

    @Test
    void refusesExpiredToken() {
        Instant longAgo = Instant.now().minusSeconds(3600);
        String token = idpToken(idpClaims(newSubject(), uniqueEmail(), true)
                .issueTime(Date.from(longAgo)).notBeforeTime(Date.from(longAgo))
                .expirationTime(Date.from(Instant.now().minusSeconds(300))));

        expectUnauthorized(me(token));
    }

    @Test
    void refusesTokenWithoutExpiry() {
        expectUnauthorized(me(idpToken(idpClaims(newSubject(), uniqueEmail(), true).expirationTime(null))));
    }

    @Test
    void refusesTokenWithoutEmail() {
        expectUnauthorized(me(idpToken(Jwts.claims(newSubject(), ISSUER, AUDIENCE).claim("email_verified", true))));
        expectUnauthorized(me(idpToken(idpClaims(newSubject(), "no-at-sign", true))));
    }

    @Test
    void refusesFirstSightOfAnUnverifiedEmail() {
        String email = uniqueEmail();

        expectUnauthorized(me(idpToken(idpClaims(newSubject(), email, false))));
        expectUnauthorized(me(idpToken(idpClaims(newSubject(), email, null))));
        assertThat(emailAvailable(email)).as("no account was created").isTrue();
    }

    @Test
    void refusesUnverifiedEmailOfExistingLocalAccount() {
        Session local = signUp();

        expectUnauthorized(me(idpToken(idpClaims(newSubject(), local.email(), false))));
        expectUnauthorized(me(idpToken(idpClaims(newSubject(), local.email().toUpperCase(), null))));

        assertThat(rowsOf("external_identities", local.userId())).isZero();
        me(local.accessToken()).expectStatus().isOk().expectBody().jsonPath("$.has_password").isEqualTo(true);
        tokenPair(login(local.email(), local.password()));
    }

    @Test
    void linksVerifiedEmailToExistingLocalAccount() {
        Session local = signUp();

        Map<String, Object> account = account(idpToken(idpClaims(newSubject(), local.email(), true)));

        assertThat(account).containsEntry("id", local.userId()).containsEntry("has_password", true);
        assertThat(rowsOf("external_identities", local.userId())).isEqualTo(1);
    }

    @Test
    void externalAccountHasNoPassword() {
        String email = uniqueEmail();
        String token = idpToken(idpClaims(newSubject(), email, true));
        account(token);

        expectProblem(changePassword(token, "anything at all", NEW_PASSWORD), HttpStatus.CONFLICT, "no-password");
        expectProblem(login(email, "anything at all"), HttpStatus.UNAUTHORIZED, "invalid-credentials");
        expectProblem(login(email, ""), HttpStatus.UNAUTHORIZED, "invalid-credentials");
    }

    @Test
    void deletingExternalAccountRemovesItsIdentity() {
        String token = idpToken(idpClaims(newSubject(), uniqueEmail(), true));
        String id = (String) account(token).get("id");
        assertThat(rowsOf("external_identities", id)).isEqualTo(1);

        deleteMe(token).expectStatus().isNoContent();

        assertThat(userExists(id)).isFalse();
        assertThat(rowsOf("external_identities", id)).isZero();
    }

    private boolean emailAvailable(String email) {
        Map<String, Object> body = client.get()
                .uri(b -> b.path("/api/auth/email-available").queryParam("email", "{e}").build(email))
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        return Boolean.TRUE.equals(body.get("available"));
    }
}
