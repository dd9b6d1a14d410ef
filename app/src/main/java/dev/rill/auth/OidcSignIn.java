package dev.rill.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.rill.shared.IdKind;
import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.stereotype.Service;

import reactor.core.publisher.Mono;

/**
 * Exchanges an OpenID Connect ID token for Rill's own token pair. The token is checked like a trusted issuer's
 * access token (signature against the provider's JWKS, {@code iss}, {@code exp}/{@code nbf}, {@code sub}), and
 * also must name Rill's client ID in {@code aud}, carry an {@code iat} that is not in the future, and, when the
 * client sent a nonce, carry the same one.
 *
 * <p>Identities are stored by the provider's issuer and subject, the same key the trusted issuers use, so an
 * issuer configured both ways maps to one user. Linking and creation follow
 * {@link UserDirectory#findOrCreateExternal}: both need {@code email_verified: true}.
 */
@Service
public class OidcSignIn {

    /** Leeway for an iat slightly ahead of our clock; the same as Spring's default for exp and nbf. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final Map<String, Provider> providers;
    private final UserDirectory directory;
    private final TokenPairs tokenPairs;
    private final RequestThrottle throttle;

    OidcSignIn(OidcProperties properties, UserDirectory directory, TokenPairs tokenPairs, RequestThrottle throttle) {
        this.directory = directory;
        this.tokenPairs = tokenPairs;
        this.throttle = throttle;
        Map<String, Provider> byName = new HashMap<>();
        properties.providers().forEach((name, provider) -> {
            NimbusReactiveJwtDecoder decoder = ExternalIssuerDecoders.decoder(provider.issuer(),
                    provider.jwkSetUri(), List.of(provider.clientId()), List.of(new JwtClaimValidator<Instant>(
                            JwtClaimNames.IAT, iat -> iat != null && !iat.isAfter(Instant.now().plus(CLOCK_SKEW))),
                            authorizedParty(provider.clientId())));
            decoder.setClaimSetConverter(ExternalIssuerDecoders.requiringIssuedAt());
            byName.put(name, new Provider(provider.issuer(), decoder));
        });
        this.providers = Map.copyOf(byName);
    }

    /**
     * Signs in with {@code idToken} from {@code providerName}; 429 after {@code rill.auth.throttle.oidc-sign-ins-per-address}
     * attempts from one address within the window.
     *
     * @param nonce   the nonce the client put into its authentication request, or {@code null} if it used none
     * @param address the client's address, for the throttle
     */
    public Mono<TokenPair> signIn(String providerName, String idToken, String nonce, String address) {
        Provider provider = providers.get(providerName);
        if (provider == null) {
            return Mono.error(new RillException(AuthProblems.UNKNOWN_OIDC_PROVIDER,
                    "No sign-in provider with this name is configured"));
        }
        return throttle.countOidcSignIn(address).then(Mono.defer(() -> provider.decoder().decode(idToken)))
                // The decoder's messages can quote claims and key IDs; the client gets a fixed sentence instead.
                .onErrorMap(BadJwtException.class, e -> invalidIdToken(
                        "The ID token is malformed, expired, badly signed, or not meant for this application"))
                .onErrorMap(e -> !(e instanceof RillException), e -> new RillException(ProblemType.UNAVAILABLE,
                        "The sign-in provider's keys could not be loaded; try again later"))
                .flatMap(jwt -> checkNonce(jwt, nonce))
                .flatMap(jwt -> Mono.justOrEmpty(ExternalProfile.of(jwt))
                        .switchIfEmpty(Mono.error(() -> invalidIdToken("The ID token carries no email address")))
                        .flatMap(profile -> directory.findOrCreateExternal(provider.issuer(), jwt.getSubject(),
                                profile.email(), profile.emailVerified(), profile.nickname())))
                .onErrorMap(UserDirectory.UnverifiedExternalEmail.class, e -> new RillException(
                        AuthProblems.EMAIL_NOT_VERIFIED,
                        "The sign-in provider has not verified this email address, so it cannot be used here"))
                .flatMap(user -> tokenPairs.issue(user, IdKind.newUuid()));
    }

    /**
     * OpenID Connect Core 3.1.3.7: a token issued to several audiences must name the party it was issued to in
     * {@code azp}, and an {@code azp} that is present must be this client, or a token meant for another application
     * of the same provider (which merely lists Rill among its audiences) would sign its bearer in here.
     */
    private static OAuth2TokenValidator<Jwt> authorizedParty(String clientId) {
        return jwt -> {
            String azp = jwt.getClaimAsString("azp");
            List<String> audience = jwt.getAudience();
            boolean several = audience != null && audience.size() > 1;
            if ((azp == null && !several) || clientId.equals(azp)) {
                return OAuth2TokenValidatorResult.success();
            }
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                    "The token's authorized party is not this client", null));
        };
    }

    private static Mono<Jwt> checkNonce(Jwt jwt, String nonce) {
        if (nonce == null) {
            return Mono.just(jwt);
        }
        String claimed = jwt.getClaimAsString("nonce");
        boolean same = claimed != null && MessageDigest.isEqual(claimed.getBytes(StandardCharsets.UTF_8),
                nonce.getBytes(StandardCharsets.UTF_8));
        return same ? Mono.just(jwt) : Mono.error(invalidIdToken("The ID token's nonce does not match the request"));
    }

    private static RillException invalidIdToken(String detail) {
        return new RillException(AuthProblems.INVALID_ID_TOKEN, detail);
    }

    private record Provider(String issuer, NimbusReactiveJwtDecoder decoder) {
    }
}
