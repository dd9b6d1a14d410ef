package dev.rill.auth;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.util.StringUtils;

/**
 * The one way auth builds decoders for tokens another party signed: trusted issuers' access tokens
 * ({@link TokenAuthentication}) and OIDC providers' ID tokens ({@link OidcSignIn}). Keys come from the issuer's
 * JWKS, fetched with a non-blocking client and cached by Spring (refetched when a token names an unknown kid).
 */
final class ExternalIssuerDecoders {

    private static final List<SignatureAlgorithm> ALGORITHMS = List.of(SignatureAlgorithm.RS256,
            SignatureAlgorithm.RS384, SignatureAlgorithm.RS512, SignatureAlgorithm.ES256, SignatureAlgorithm.ES384,
            SignatureAlgorithm.PS256);

    private ExternalIssuerDecoders() {
    }

    /**
     * A decoder that checks the signature against {@code jwkSetUri}, then {@link #validator} plus {@code extra}.
     *
     * @param audiences accepted {@code aud} values; empty accepts any
     */
    static NimbusReactiveJwtDecoder decoder(String issuer, URI jwkSetUri, List<String> audiences,
                                            List<OAuth2TokenValidator<Jwt>> extra) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwkSetUri.toString())
                .jwsAlgorithms(algorithms -> algorithms.addAll(ALGORITHMS))
                .build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(validator(issuer, audiences));
        validators.addAll(extra);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    /** Issuer, {@code exp} and {@code nbf}, a non-empty {@code sub}, and an accepted audience if any are given. */
    static OAuth2TokenValidator<Jwt> validator(String issuer, List<String> audiences) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(JwtValidators.createDefaultWithIssuer(issuer));
        // The default timestamp validator checks exp only when it is present; a token without one never expires.
        validators.add(new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull));
        validators.add(new JwtClaimValidator<String>(JwtClaimNames.SUB, StringUtils::hasText));
        List<String> accepted = audiences.stream().filter(StringUtils::hasText).toList();
        if (!accepted.isEmpty()) {
            validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                    aud -> aud != null && aud.stream().anyMatch(accepted::contains)));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    /**
     * Claim conversion that refuses a token without {@code iat}. Spring fills in a missing iat as exp minus one
     * second, so a validator alone could never see that it was missing.
     */
    static Converter<Map<String, Object>, Map<String, Object>> requiringIssuedAt() {
        MappedJwtClaimSetConverter claimSet = MappedJwtClaimSetConverter.withDefaults(Map.of());
        return claims -> {
            if (claims.get(JwtClaimNames.IAT) == null) {
                throw new BadJwtException("The token has no iat claim");
            }
            return claimSet.convert(claims);
        };
    }
}
