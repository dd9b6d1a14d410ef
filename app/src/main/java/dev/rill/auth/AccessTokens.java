package dev.rill.auth;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.rill.shared.IdKind;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/** Mints Rill's access tokens: RS256 JWTs with {@code sub}, {@code iss}, {@code aud}, {@code exp}, {@code iat}, {@code jti}, {@code roles}. */
@Component
class AccessTokens {

    private final JwtEncoder encoder;
    private final SigningKeys keys;
    private final AuthProperties properties;
    private final PasswordHasher cpu;

    AccessTokens(SigningKeys keys, AuthProperties properties, PasswordHasher cpu) {
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new com.nimbusds.jose.jwk.JWKSet(keys.signingKey())));
        this.keys = keys;
        this.properties = properties;
        this.cpu = cpu;
    }

    /**
     * A signed token; RSA signing is CPU work, so it runs on the bounded CPU pool. Its {@code iat} is never before
     * {@code tokensValidAfter}: after a password change that cut-off is the next whole second, and a token of the
     * new session must not be refused alongside the old ones.
     */
    Mono<String> mint(UUID userId, List<String> roles, Instant tokensValidAfter) {
        return Mono.fromCallable(() -> {
            // Whole seconds: iat is compared with tokens_valid_after, which is stored truncated the same way.
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant issuedAt = tokensValidAfter != null && tokensValidAfter.isAfter(now) ? tokensValidAfter : now;
            JwtClaimsSet claims = JwtClaimsSet.builder()
                    .issuer(properties.issuer())
                    .audience(List.of(properties.audience()))
                    .subject(IdKind.USER.format(userId))
                    .issuedAt(issuedAt)
                    .notBefore(now)
                    .expiresAt(now.plus(properties.accessTokenTtl()))
                    .id(UUID.randomUUID().toString())
                    .claim("roles", roles)
                    .build();
            JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(keys.signingKey().getKeyID()).build();
            return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        }).subscribeOn(cpu.scheduler());
    }
}
