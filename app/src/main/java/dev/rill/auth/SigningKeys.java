package dev.rill.auth;

import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The RSA keys behind Rill's access tokens: one private key that signs, and the public keys that verify and
 * that {@code /.well-known/jwks.json} publishes (the current one plus any kept for rotation).
 */
@Component
class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final RSAKey signingKey;
    private final JWKSet publicKeys;

    SigningKeys(AuthProperties properties) {
        String pem = properties.jwt().privateKey();
        RSAPrivateCrtKey privateKey;
        RSAPublicKey publicKey;
        if (StringUtils.hasText(pem)) {
            privateKey = parsePrivateKey(pem);
            publicKey = publicKeyOf(privateKey);
        } else {
            log.warn("RILL_AUTH_JWT_PRIVATE_KEY is not set: signing tokens with a key generated at start-up."
                    + " Tokens die with this process and other instances cannot verify them; set a key in production.");
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                var pair = generator.generateKeyPair();
                privateKey = (RSAPrivateCrtKey) pair.getPrivate();
                publicKey = (RSAPublicKey) pair.getPublic();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        this.signingKey = new RSAKey.Builder(publicKey).privateKey(privateKey).keyID(keyId(publicKey))
                .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build();
        List<JWK> published = new ArrayList<>();
        published.add(signingKey.toPublicJWK());
        for (String extra : properties.jwt().additionalPublicKeys()) {
            if (StringUtils.hasText(extra)) {
                RSAPublicKey key = parsePublicKey(extra);
                published.add(new RSAKey.Builder(key).keyID(keyId(key)).keyUse(KeyUse.SIGNATURE)
                        .algorithm(JWSAlgorithm.RS256).build());
            }
        }
        this.publicKeys = new JWKSet(published);
    }

    RSAKey signingKey() {
        return signingKey;
    }

    JWKSet publicKeys() {
        return publicKeys;
    }

    Map<String, Object> publicJwks() {
        return publicKeys.toJSONObject(true);
    }

    private static String keyId(RSAPublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAPrivateCrtKey parsePrivateKey(String pem) {
        try {
            return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalStateException("RILL_AUTH_JWT_PRIVATE_KEY is not a PKCS#8 PEM RSA private key"
                    + " (generate one with: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048)");
        }
    }

    private static RSAPublicKey parsePublicKey(String pem) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalStateException("rill.auth.jwt.additional-public-keys holds a value that is not an"
                    + " X.509 PEM RSA public key");
        }
    }

    private static RSAPublicKey publicKeyOf(RSAPrivateCrtKey key) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(String pem, String label) {
        String body = pem.replace("\\n", "\n")
                .replace("-----BEGIN " + label + "-----", "")
                .replace("-----END " + label + "-----", "")
                .replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
