package dev.rill.auth;

import java.security.Key;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.rill.shared.IdKind;
import dev.rill.shared.RillException;
import dev.rill.shared.web.CurrentUser;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerReactiveAuthenticationManagerResolver;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import reactor.core.publisher.Mono;

/**
 * Turns a bearer token into a {@link CurrentUser}. Rill's own tokens and those of each trusted external issuer
 * get their own decoder (signature, expiry, issuer, audience); the token's {@code iss} picks which one. Every
 * request then checks that the user still exists and that the token predates no password change, so a deleted
 * account's tokens stop working at once rather than when they expire.
 */
@Component
class TokenAuthentication {

    private final UserDirectory directory;
    private final JwtIssuerReactiveAuthenticationManagerResolver resolver;
    private final ServerAuthenticationConverter converter;

    TokenAuthentication(SigningKeys keys, AuthProperties properties, UserDirectory directory) {
        this.directory = directory;
        Map<String, ReactiveAuthenticationManager> managers = new HashMap<>();

        NimbusReactiveJwtDecoder own = new NimbusReactiveJwtDecoder(ownTokenProcessor(keys));
        own.setJwtValidator(ExternalIssuerDecoders.validator(properties.issuer(), List.of(properties.audience())));
        // A token without iat would otherwise pass the password-change check in ownToken; Rill always sets iat.
        own.setClaimSetConverter(ExternalIssuerDecoders.requiringIssuedAt());
        JwtReactiveAuthenticationManager ownManager = new JwtReactiveAuthenticationManager(own);
        ownManager.setJwtAuthenticationConverter(this::ownToken);
        managers.put(properties.issuer(), ownManager);

        for (AuthProperties.TrustedIssuer trusted : properties.trustedIssuers()) {
            if (managers.containsKey(trusted.issuer())) {
                // A second decoder for the same iss would silently replace the first, Rill's own included.
                throw new IllegalStateException("rill.auth.trusted-issuers names issuer '" + trusted.issuer()
                        + "' twice, or the same issuer as rill.auth.issuer; each issuer must be unique");
            }
            NimbusReactiveJwtDecoder external = ExternalIssuerDecoders.decoder(trusted.issuer(), trusted.jwkSetUri(),
                    trusted.audiences(), List.of());
            JwtReactiveAuthenticationManager manager = new JwtReactiveAuthenticationManager(external);
            manager.setJwtAuthenticationConverter(jwt -> externalToken(trusted.issuer(), jwt));
            managers.put(trusted.issuer(), manager);
        }
        Map<String, ReactiveAuthenticationManager> byIssuer = Map.copyOf(managers);
        this.resolver = new JwtIssuerReactiveAuthenticationManagerResolver(
                issuer -> Mono.justOrEmpty(byIssuer.get(issuer)));
        this.converter = new BearerTokenConverter(properties.queryTokenPaths());
    }

    JwtIssuerReactiveAuthenticationManagerResolver resolver() {
        return resolver;
    }

    ServerAuthenticationConverter converter() {
        return converter;
    }

    /**
     * Verifies the signature of Rill's own tokens with public keys converted once, up front. Going through a JWK
     * source converts the JWK to a Java key on every request, a big-integer decode per call that showed up as
     * several percent of CPU in the load test.
     */
    private static Converter<JWT, Mono<JWTClaimsSet>> ownTokenProcessor(SigningKeys keys) {
        Map<String, Key> byKid = new HashMap<>();
        for (JWK jwk : keys.publicKeys().getKeys()) {
            try {
                byKid.put(jwk.getKeyID(), jwk.toRSAKey().toPublicKey());
            } catch (JOSEException e) {
                throw new IllegalStateException("Unusable signing key " + jwk.getKeyID(), e);
            }
        }
        List<Key> all = List.copyOf(byKid.values());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector((header, context) -> {
            if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
                return List.of();
            }
            Key key = header.getKeyID() == null ? null : byKid.get(header.getKeyID());
            return key != null ? List.of(key) : header.getKeyID() == null ? all : List.of();
        });
        // Claims are checked by Spring's validators (issuer, audience, exp, iat), not twice.
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
        return jwt -> {
            if (!(jwt instanceof SignedJWT)) {
                return Mono.error(new BadJwtException("Unsigned tokens are not accepted"));
            }
            try {
                return Mono.just(processor.process(jwt, null));
            } catch (BadJOSEException | JOSEException e) {
                return Mono.error(new BadJwtException("Invalid token signature or header", e));
            }
        };
    }

    private Mono<AbstractAuthenticationToken> ownToken(Jwt jwt) {
        UUID userId;
        try {
            userId = IdKind.USER.parse(jwt.getSubject());
        } catch (RillException e) {
            return Mono.error(new InvalidBearerTokenException("Invalid subject"));
        }
        Instant issuedAt = Objects.requireNonNullElse(jwt.getIssuedAt(), Instant.EPOCH);
        return directory.find(userId)
                .filter(user -> !issuedAt.isBefore(user.tokensValidAfter()))
                .map(user -> authenticated(directory.toCurrentUser(user), jwt))
                .switchIfEmpty(Mono.error(() -> new InvalidBearerTokenException("Token no longer valid")));
    }

    private Mono<AbstractAuthenticationToken> externalToken(String issuer, Jwt jwt) {
        return Mono.justOrEmpty(ExternalProfile.of(jwt))
                .switchIfEmpty(Mono.error(() -> new InvalidBearerTokenException("The token carries no email")))
                .flatMap(profile -> directory.findOrCreateExternal(issuer, jwt.getSubject(), profile.email(),
                        profile.emailVerified(), profile.nickname()))
                .map(user -> authenticated(directory.toCurrentUser(user), jwt))
                .onErrorMap(UserDirectory.UnverifiedExternalEmail.class,
                        e -> new InvalidBearerTokenException("The identity provider has not verified the email"))
                .switchIfEmpty(Mono.error(() -> new InvalidBearerTokenException("Unknown user")));
    }

    private static AbstractAuthenticationToken authenticated(CurrentUser user, Jwt jwt) {
        return new UserAuthentication(user, jwt);
    }

    /** The authentication the rest of Rill sees: its principal is a {@link CurrentUser}. */
    static final class UserAuthentication extends AbstractAuthenticationToken {

        private final CurrentUser user;
        private final Jwt jwt;

        UserAuthentication(CurrentUser user, Jwt jwt) {
            super(user.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.toUpperCase())).toList());
            this.user = user;
            this.jwt = jwt;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return jwt.getTokenValue();
        }

        @Override
        public Object getPrincipal() {
            return user;
        }

        @Override
        public String getName() {
            return user.wireId();
        }
    }

    /**
     * Reads the bearer token from the {@code Authorization} header, and from {@code ?access_token=} only on the
     * {@code GET} event-stream routes: EventSource cannot send headers, but a token in a URL ends up in logs and
     * browser history, so no other route accepts one.
     */
    static final class BearerTokenConverter implements ServerAuthenticationConverter {

        private final ServerBearerTokenAuthenticationConverter headerOnly = new ServerBearerTokenAuthenticationConverter();
        private final ServerBearerTokenAuthenticationConverter headerOrQuery = new ServerBearerTokenAuthenticationConverter();
        private final List<PathPattern> queryTokenPaths;

        BearerTokenConverter(List<String> queryTokenPaths) {
            headerOrQuery.setAllowUriQueryParameter(true);
            this.queryTokenPaths = queryTokenPaths.stream().filter(StringUtils::hasText)
                    .map(PathPatternParser.defaultInstance::parse).toList();
        }

        @Override
        public Mono<org.springframework.security.core.Authentication> convert(ServerWebExchange exchange) {
            var request = exchange.getRequest();
            boolean queryAllowed = HttpMethod.GET.equals(request.getMethod())
                    && queryTokenPaths.stream().anyMatch(p -> p.matches(request.getPath().pathWithinApplication()));
            return (queryAllowed ? headerOrQuery : headerOnly).convert(exchange);
        }
    }
}
