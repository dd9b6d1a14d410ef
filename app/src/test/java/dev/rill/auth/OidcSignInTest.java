package dev.rill.auth;

import java.security.KeyPair;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.rill.support.Jwts;
import dev.rill.support.TestKeys;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.rill.support.Problems.expectProblem;
import static dev.rill.support.Problems.expectUnauthorized;
import static dev.rill.support.Problems.expectValidation;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/auth/oidc/{provider}} against a mock provider whose keys the test publishes. The provider is
 * not a trusted issuer, so its ID tokens are good for the exchange only, never as bearer tokens.
 */
class OidcSignInTest extends AuthHttpTest {

    static final String PROVIDER = "acme";
    static final String ISSUER = "https://accounts.acme.test";
    static final String CLIENT_ID = "rill-acme-client";
    static final KeyPair PROVIDER_KEY = TestKeys.generate();
    static final MockWebServer IDP = ExternalIssuerTest.startIdp(PROVIDER_KEY);

    @DynamicPropertySource
    static void configureProvider(DynamicPropertyRegistry registry) {
        registry.add("rill.auth.oidc.providers." + PROVIDER + ".issuer", () -> ISSUER);
        registry.add("rill.auth.oidc.providers." + PROVIDER + ".client-id", () -> CLIENT_ID);
        registry.add("rill.auth.oidc.providers." + PROVIDER + ".jwk-set-uri", () -> IDP.url("/jwks.json").toString());
        // A provider whose key URL answers 404, as when the provider is down or misconfigured.
        // Small, to test the throttle; every other test signs in from an address of its own.
        registry.add("rill.auth.throttle.oidc-sign-ins-per-address", () -> "5");
        registry.add("rill.auth.oidc.providers.offline.issuer", () -> ISSUER);
        registry.add("rill.auth.oidc.providers.offline.client-id", () -> CLIENT_ID);
        registry.add("rill.auth.oidc.providers.offline.jwk-set-uri", () -> IDP.url("/gone.json").toString());
    }

    @AfterAll
    static void stopIdp() {
        IDP.close();
    }

    private static JWTClaimsSet.Builder idClaims(String subject, String email, Boolean verified) {
        JWTClaimsSet.Builder claims = Jwts.claims(subject, ISSUER, CLIENT_ID).claim("email", email)
                .claim("name", "Grace Hopper");
        return verified == null ? claims : claims.claim("email_verified", verified);
    }

    private static String idToken(JWTClaimsSet.Builder claims) {
        return Jwts.sign(claims.build(), PROVIDER_KEY);
    }

    private static String newSubject() {
        return "acme-" + UUID.randomUUID();
    }

    private WebTestClient.ResponseSpec signIn(String provider, Map<String, ?> body) {
        return signInFrom(randomAddress(), provider, body);
    }

    private WebTestClient.ResponseSpec signInFrom(String address, String provider, Map<String, ?> body) {
        return clientFrom(address).post().uri("/api/auth/oidc/{provider}", provider)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec signIn(String idToken) {
        return signIn(PROVIDER, Map.of("id_token", idToken));
    }

    private WebTestClient.ResponseSpec signIn(String idToken, String nonce) {
        return signIn(PROVIDER, Map.of("id_token", idToken, "nonce", nonce));
    }

    @SuppressWarnings("unchecked")
    private static String userIdOf(Map<String, Object> pair) {
        return (String) ((Map<String, Object>) pair.get("user")).get("id");
    }

    private void expectInvalidIdToken(WebTestClient.ResponseSpec response, String... mustNotLeak) {
        Map<String, Object> problem = expectProblem(response, HttpStatus.UNAUTHORIZED, "invalid-id-token");
        for (String secret : mustNotLeak) {
            assertThat((String) problem.get("detail")).doesNotContain(secret);
        }
    }

    private boolean emailAvailable(String email) {
        Map<String, Object> body = clientFrom(randomAddress()).get()
                .uri(b -> b.path("/api/auth/email-available").queryParam("email", "{e}").build(email))
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        return Boolean.TRUE.equals(body.get("available"));
    }

    @Test
    void firstSignInCreatesTheUserAndReturnsAWorkingTokenPair() {
        String email = uniqueEmail();
        String idToken = idToken(idClaims(newSubject(), email.toUpperCase(), true));

        Map<String, Object> pair = tokenPair(signIn(idToken));

        String userId = userIdOf(pair);
        me(access(pair)).expectStatus().isOk().expectBody()
                .jsonPath("$.id").isEqualTo(userId)
                .jsonPath("$.email").isEqualTo(email)
                .jsonPath("$.nickname").isEqualTo("Grace Hopper")
                .jsonPath("$.has_password").isEqualTo(false);
        assertThat(rowsOf("external_identities", userId)).isEqualTo(1);
        // The refresh token is Rill's own, so it rotates like one from a password login.
        assertThat(userIdOf(tokenPair(refresh(refreshOf(pair))))).isEqualTo(userId);
        // The provider is not a trusted issuer: its ID token is for the exchange, not a bearer token.
        expectUnauthorized(me(idToken));
    }

    @Test
    void secondSignInReturnsTheSameUser() {
        String subject = newSubject();
        String first = userIdOf(tokenPair(signIn(idToken(idClaims(subject, uniqueEmail(), true)))));

        // The subject identifies the user, even if the email at the provider changed since.
        Map<String, Object> second = tokenPair(signIn(idToken(idClaims(subject, uniqueEmail(), true))));

        assertThat(userIdOf(second)).isEqualTo(first);
        assertThat(rowsOf("external_identities", first)).isEqualTo(1);
    }

    @Test
    void verifiedEmailLinksToTheExistingPasswordAccount() {
        Session local = signUp();

        Map<String, Object> pair = tokenPair(signIn(idToken(idClaims(newSubject(), local.email(), true))));

        assertThat(userIdOf(pair)).isEqualTo(local.userId());
        me(access(pair)).expectStatus().isOk().expectBody().jsonPath("$.has_password").isEqualTo(true);
        assertThat(rowsOf("external_identities", local.userId())).isEqualTo(1);
    }

    @Test
    void unverifiedEmailOfAnExistingAccountIsRefusedAndNothingIsLinked() {
        Session local = signUp();

        expectProblem(signIn(idToken(idClaims(newSubject(), local.email(), false))), HttpStatus.FORBIDDEN,
                "email-not-verified");
        expectProblem(signIn(idToken(idClaims(newSubject(), local.email().toUpperCase(), null))),
                HttpStatus.FORBIDDEN, "email-not-verified");

        assertThat(rowsOf("external_identities", local.userId())).isZero();
        tokenPair(login(local.email(), local.password()));
    }

    @Test
    void unverifiedEmailOfANewUserIsRefusedAndNoAccountIsCreated() {
        String email = uniqueEmail();

        // The same answer as for a registered email, so the route does not reveal which emails have accounts.
        expectProblem(signIn(idToken(idClaims(newSubject(), email, false))), HttpStatus.FORBIDDEN,
                "email-not-verified");

        assertThat(emailAvailable(email)).isTrue();
    }

    @Test
    void audienceMayListOtherClientsWhenTheAuthorizedPartyIsRill() {
        String email = uniqueEmail();
        tokenPair(signIn(idToken(idClaims(newSubject(), email, true).audience(List.of("another-app", CLIENT_ID))
                .claim("azp", CLIENT_ID))));
    }

    @Test
    void refusesATokenIssuedToAnotherPartyOfTheSameProvider() {
        String email = uniqueEmail();

        // Several audiences and no azp: which application was it issued to?
        expectInvalidIdToken(signIn(idToken(idClaims(newSubject(), email, true)
                .audience(List.of("another-app", CLIENT_ID)))));
        // Issued to another application that merely lists Rill among its audiences.
        expectInvalidIdToken(signIn(idToken(idClaims(newSubject(), email, true)
                .audience(List.of("another-app", CLIENT_ID)).claim("azp", "another-app"))), "another-app");
        expectInvalidIdToken(signIn(idToken(idClaims(newSubject(), email, true).claim("azp", "another-app"))));
        assertThat(emailAvailable(email)).isTrue();
    }

    @Test
    void signInsFromOneAddressAreThrottled() {
        String address = randomAddress();
        String token = idToken(idClaims(newSubject(), uniqueEmail(), true).audience(CLIENT_ID));
        for (int i = 0; i < 5; i++) {
            signInFrom(address, PROVIDER, Map.of("id_token", token)).expectStatus().isOk();
        }

        Map<String, Object> problem = expectProblem(signInFrom(address, PROVIDER, Map.of("id_token", token)),
                HttpStatus.TOO_MANY_REQUESTS, "rate-limited");

        assertThat((String) problem.get("detail")).contains("Too many sign-ins");
        signInFrom(randomAddress(), PROVIDER, Map.of("id_token", token)).expectStatus().isOk();
    }

    @Test
    void refusesTokenForAnotherAudience() {
        String email = uniqueEmail();

        expectInvalidIdToken(signIn(idToken(idClaims(newSubject(), email, true).audience("someone-else"))),
                "someone-else");
        expectInvalidIdToken(signIn(idToken(idClaims(newSubject(), email, true).audience((String) null))));
        assertThat(emailAvailable(email)).isTrue();
    }

    @Test
    void refusesTokenFromAnotherIssuer() {
        String email = uniqueEmail();
        JWTClaimsSet.Builder claims = idClaims(newSubject(), email, true).issuer("https://evil.example.test");

        expectInvalidIdToken(signIn(idToken(claims)), "evil.example.test");
        assertThat(emailAvailable(email)).isTrue();
    }

    @Test
    void refusesExpiredToken() {
        Instant longAgo = Instant.now().minusSeconds(3600);
        expectInvalidIdToken(signIn(idToken(idClaims(newSubject(), uniqueEmail(), true)
                .issueTime(Date.from(longAgo)).notBeforeTime(Date.from(longAgo))
                .expirationTime(Date.from(Instant.now().minusSeconds(300))))));
        expectInvalidIdToken(signIn(idToken(idClaims(newSubject(), uniqueEmail(), true).expirationTime(null))));
    }

    @Test
    void refusesTokenWithoutIssuedAtOrIssuedInTheFuture() {
        expectInvalidIdToken(signIn(idToken(idClaims(newSubject(), uniqueEmail(), true).issueTime(null))));
        expectInvalidIdToken(signIn(idToken(idClaims(newSubject(), uniqueEmail(), true)
                .issueTime(Date.from(Instant.now().plusSeconds(3600))))));
    }

    @Test
    void refusesTokenWithABadSignature() {
        String email = uniqueEmail();
        JWTClaimsSet claims = idClaims(newSubject(), email, true).build();

        expectInvalidIdToken(signIn(Jwts.sign(claims, TestKeys.generate(), Jwts.thumbprint(PROVIDER_KEY))));
        expectInvalidIdToken(signIn(Jwts.sign(claims, TestKeys.RILL)));
        expectInvalidIdToken(signIn(Jwts.unsigned(claims)));
        expectInvalidIdToken(signIn("not-a-jwt"));
        assertThat(emailAvailable(email)).isTrue();
    }

    @Test
    void refusesTokenWithoutEmail() {
        expectInvalidIdToken(signIn(idToken(Jwts.claims(newSubject(), ISSUER, CLIENT_ID)
                .claim("email_verified", true))));
    }

    @Test
    void checksTheNonceWhenTheRequestCarriesOne() {
        String subject = newSubject();
        String withNonce = idToken(idClaims(subject, uniqueEmail(), true).claim("nonce", "n-0S6_WzA2Mj"));

        expectInvalidIdToken(signIn(withNonce, "another-nonce"), "n-0S6_WzA2Mj");
        expectInvalidIdToken(signIn(idToken(idClaims(subject, uniqueEmail(), true)), "n-0S6_WzA2Mj"));
        tokenPair(signIn(withNonce, "n-0S6_WzA2Mj"));
        // A client that used no nonce sends none, and then none is checked.
        tokenPair(signIn(withNonce));
    }

    @Test
    void unknownProviderIsNotFound() {
        String idToken = idToken(idClaims(newSubject(), uniqueEmail(), true));

        expectProblem(signIn("nosuch", Map.of("id_token", idToken)), HttpStatus.NOT_FOUND, "unknown-oidc-provider");
    }

    @Test
    void unreachableProviderKeysAreAServerSideFailureNotABadToken() {
        String idToken = idToken(idClaims(newSubject(), uniqueEmail(), true));

        expectProblem(signIn("offline", Map.of("id_token", idToken)), HttpStatus.SERVICE_UNAVAILABLE, "unavailable");
    }

    @Test
    void malformedBodyIsABadRequest() {
        expectValidation(signIn(PROVIDER, Map.of()), "id_token");
        expectValidation(signIn(PROVIDER, Map.of("id_token", " ")), "id_token");
        Map<String, Object> emptyNonce = new HashMap<>();
        emptyNonce.put("id_token", idToken(idClaims(newSubject(), uniqueEmail(), true)));
        emptyNonce.put("nonce", "");
        expectValidation(signIn(PROVIDER, emptyNonce), "nonce");
        expectProblem(client.post().uri("/api/auth/oidc/{provider}", PROVIDER).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id_token\":").exchange(), HttpStatus.BAD_REQUEST, "malformed-body");
    }
}
