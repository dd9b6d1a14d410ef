package dev.rill.security;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rill.support.HttpTest;
import dev.rill.support.Jwts;
import dev.rill.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.rill.support.Problems.expectUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OWASP API2 (broken authentication): every kind of bad bearer token, sent to every protected operation in the OpenAPI
 * document, is a 401 problem. BearerTokenSecurityTest checks each kind in depth on one route; this checks that no
 * route is wired past the resource server. Refresh-token reuse and rotation are in RefreshTokenTest.
 */
class TokenAttackTest extends HttpTest {

    private static final KeyPair STRANGER = TestKeys.generate();
    private static final Map<String, String> PREFIXES = Map.of("chatId", "chat", "runId", "run",
            "attachmentId", "att", "profileId", "pet", "recipeId", "recipe", "documentId", "doc",
            "requestId", "kreq", "keyId", "key", "userId", "user", "provider", "google");

    @Test
    void everyBadTokenIsRefusedOnEveryProtectedRoute() {
        Session session = signUp();
        Session other = signUp();
        Map<String, String> attacks = attacks(session, other);
        List<String[]> operations = protectedOperations();
        assertThat(operations).as("protected operations in /v3/api-docs").hasSizeGreaterThan(40);

        List<String> failures = new ArrayList<>();
        for (String[] operation : operations) {
            String uri = fill(operation[1]);
            attacks.forEach((name, token) -> {
                try {
                    expectUnauthorized(send(operation[0], uri, "Bearer " + token));
                } catch (AssertionError e) {
                    failures.add(operation[0] + " " + operation[1] + " with " + name + ": " + e.getMessage());
                }
            });
        }
        assertThat(failures).isEmpty();
        // The genuine token still works, so the refusals above are about the tokens, not the routes.
        client.get().uri("/api/me").header("Authorization", session.bearer()).exchange().expectStatus().isOk();
    }

    @Test
    void everyBadTokenIsRefusedInTheEventStreamQuery() {
        Session session = signUp();
        Map<String, String> attacks = attacks(session, signUp());
        String events = fill("/api/chats/{chatId}/runs/{runId}/events");
        attacks.forEach((name, token) -> expectUnauthorized(client.get()
                .uri(events + "?access_token={t}", token).exchange()));
    }

    /** Attack name → token. Each would be accepted if Rill skipped the check the name describes. */
    private Map<String, String> attacks(Session session, Session other) {
        String kid = Jwts.keyId(session.accessToken());
        Instant now = Instant.now();
        Map<String, String> attacks = new LinkedHashMap<>();
        attacks.put("alg none", Jwts.unsigned(valid(session).build()));
        attacks.put("alg None", noneVariant(valid(session).build(), "None"));
        attacks.put("stranger's key under Rill's kid", Jwts.sign(valid(session).build(), STRANGER, kid));
        attacks.put("stranger's key with its JWK embedded", embeddedJwk(valid(session).build()));
        attacks.put("expired", Jwts.sign(valid(session).issueTime(Date.from(now.minusSeconds(3600)))
                .notBeforeTime(Date.from(now.minusSeconds(3600)))
                .expirationTime(Date.from(now.minusSeconds(1800))).build(), TestKeys.RILL, kid));
        attacks.put("not yet valid", Jwts.sign(valid(session).notBeforeTime(Date.from(now.plusSeconds(1800)))
                .expirationTime(Date.from(now.plusSeconds(3600))).build(), TestKeys.RILL, kid));
        attacks.put("wrong issuer", Jwts.sign(Jwts.claims(session.userId(), "https://evil.example", "rill").build(),
                TestKeys.RILL, kid));
        attacks.put("wrong audience", Jwts.sign(Jwts.claims(session.userId(), "rill", "other-app").build(),
                TestKeys.RILL, kid));
        attacks.put("refresh token as access token", session.refreshToken());
        attacks.put("payload swapped to another user", swapSubject(session, other));
        String[] parts = session.accessToken().split("\\.");
        attacks.put("signature stripped", parts[0] + "." + parts[1] + ".");
        attacks.put("signature truncated", parts[0] + "." + parts[1] + "." + parts[2].substring(0, 20));
        attacks.put("unknown user", Jwts.sign(Jwts.claims("user-" + UUID.randomUUID(), "rill", "rill").build(),
                TestKeys.RILL, kid));
        return attacks;
    }

    private static JWTClaimsSet.Builder valid(Session session) {
        return Jwts.claims(session.userId(), "rill", "rill");
    }

    private static String noneVariant(JWTClaimsSet claims, String alg) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** CVE-2018-0114's trick: the token carries the key to check it with. */
    private static String embeddedJwk(JWTClaimsSet claims) {
        try {
            RSAKey jwk = new RSAKey.Builder(TestKeys.publicKey(STRANGER)).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).jwk(jwk).build(), claims);
            jwt.sign(new RSASSASigner(TestKeys.privateKey(STRANGER)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String swapSubject(Session session, Session other) {
        String[] parts = session.accessToken().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(session.userId(), other.userId());
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    /** Method and path of every operation the OpenAPI document marks as needing a bearer token. */
    @SuppressWarnings("unchecked")
    private List<String[]> protectedOperations() {
        Map<String, Object> api = Estate.json(client, client.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk());
        List<String[]> operations = new ArrayList<>();
        ((Map<String, Map<String, Object>>) api.get("paths")).forEach((path, ops) -> ops.forEach((method, op) -> {
            if (op instanceof Map<?, ?> operation && operation.get("security") instanceof List<?> security
                    && !security.isEmpty()) {
                operations.add(new String[] {method.toUpperCase(), path});
            }
        }));
        return operations;
    }

    private static String fill(String template) {
        String uri = template;
        for (Map.Entry<String, String> entry : PREFIXES.entrySet()) {
            uri = uri.replace("{" + entry.getKey() + "}", entry.getValue() + "-" + UUID.randomUUID());
        }
        assertThat(uri).as("every path variable filled").doesNotContain("{");
        return uri;
    }

    private WebTestClient.ResponseSpec send(String method, String uri, String authorization) {
        WebTestClient.RequestBodySpec spec = client.method(HttpMethod.valueOf(method)).uri(uri)
                .header("Authorization", authorization);
        if (method.equals("GET") || method.equals("DELETE")) {
            return spec.exchange();
        }
        return spec.contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange();
    }
}
