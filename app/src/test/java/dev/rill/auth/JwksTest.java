package dev.rill.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.rill.support.Jwts;
import dev.rill.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** The published key set verifies Rill's access tokens and holds nothing private. */
class JwksTest extends AuthHttpTest {

    @Test
    void publishesTheKeyThatVerifiesAccessTokens() throws Exception {
        Session session = signUp();
        SignedJWT token = SignedJWT.parse(session.accessToken());

        JWKSet jwks = JWKSet.parse(fetchJwks());

        assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        String kid = token.getHeader().getKeyID();
        assertThat(kid).isNotBlank();
        JWK key = jwks.getKeyByKeyId(kid);
        assertThat(key).as("key with kid %s", kid).isNotNull();
        assertThat(key.getKeyType()).isEqualTo(KeyType.RSA);
        assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
        assertThat(token.verify(new RSASSAVerifier(key.toRSAKey()))).isTrue();
        assertThat(key.toRSAKey().toRSAPublicKey()).isEqualTo(TestKeys.publicKey(TestKeys.RILL));
    }

    @Test
    void publishesNoPrivateKeyMaterial() throws Exception {
        String json = fetchJwks();
        JWKSet jwks = JWKSet.parse(json);

        assertThat(jwks.getKeys()).isNotEmpty().allSatisfy(key -> assertThat(key.isPrivate()).isFalse());
        for (String privateMember : new String[] {"\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\""}) {
            assertThat(json).doesNotContain(privateMember);
        }
    }

    @Test
    void keySetIsPublicAndCacheable() {
        client.get().uri("/.well-known/jwks.json")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("application/jwk-set+json"))
                .expectHeader().value(HttpHeaders.CACHE_CONTROL, value -> assertThat(value).contains("public"));
    }

    @Test
    void keySetDoesNotVerifyATokenFromAnotherKey() throws Exception {
        JWKSet jwks = JWKSet.parse(fetchJwks());
        String forged = Jwts.sign(Jwts.claims("user-x", "rill", "rill").build(),
                TestKeys.generate(), jwks.getKeys().get(0).getKeyID());

        RSAKey key = jwks.getKeys().get(0).toRSAKey();
        assertThat(SignedJWT.parse(forged).verify(new RSASSAVerifier(key))).isFalse();
    }

    private String fetchJwks() {
        String body = client.get().uri("/.well-known/jwks.json").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).contains("\"keys\"");
        return body;
    }
}
