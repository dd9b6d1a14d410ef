package dev.rill.support;

import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
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

/** Hand-made JWTs for security tests: valid, expired, forged, unsigned, for another issuer or audience. */
public final class Jwts {

    private Jwts() {
    }

    public static JWTClaimsSet.Builder claims(String subject, String issuer, String audience) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(issuer)
                .audience(audience)
                .issueTime(java.util.Date.from(now))
                .notBeforeTime(java.util.Date.from(now.minusSeconds(1)))
                .expirationTime(java.util.Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString())
                .claim("roles", List.of("user"));
    }

    /** Signs with {@code key}, naming it by its RFC 7638 thumbprint (not the {@code kid} Rill gives its own key). */
    public static String sign(JWTClaimsSet claims, KeyPair key) {
        return sign(claims, key, thumbprint(key));
    }

    /** Signs with {@code key} under the given {@code kid} ({@code null}: no {@code kid} header). */
    public static String sign(JWTClaimsSet claims, KeyPair key, String kid) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
            jwt.sign(new RSASSASigner(TestKeys.privateKey(key)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The RFC 7638 thumbprint of a key pair's public key, the {@code kid} that {@link #sign(JWTClaimsSet, KeyPair)} uses. */
    public static String thumbprint(KeyPair key) {
        try {
            return new RSAKey.Builder(TestKeys.publicKey(key)).build().computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code kid} in a token's header. */
    public static String keyId(String token) {
        try {
            return SignedJWT.parse(token).getHeader().getKeyID();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token with {@code "alg":"none"} and an empty signature. */
    public static String unsigned(JWTClaimsSet claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
        String payload = b64.encodeToString(claims.toString().getBytes());
        return header + "." + payload + ".";
    }

    public static Map<String, Object> payload(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().toJSONObject();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
