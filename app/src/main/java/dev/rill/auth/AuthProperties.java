package dev.rill.auth;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Accounts and tokens ({@code rill.auth.*}).
 *
 * @param issuer          {@code iss} of the access tokens Rill signs ({@code RILL_AUTH_ISSUER})
 * @param audience        {@code aud} of those tokens; a token for another audience is refused
 * @param accessTokenTtl  lifetime of an access token
 * @param refreshTokenTtl lifetime of a refresh token; each rotation starts a new one
 * @param jwt             the signing key
 * @param adminEmails     accounts with these emails have the admin role ({@code RILL_AUTH_ADMIN_EMAILS})
 * @param trustedIssuers  external OIDC issuers whose tokens sign users in as well
 * @param queryTokenPaths path patterns of the {@code GET} event streams that accept {@code ?access_token=}, because
 *                        EventSource cannot send headers; every other route ignores that parameter
 */
@Validated
@ConfigurationProperties("rill.auth")
public record AuthProperties(
        @DefaultValue("rill") @NotBlank String issuer,
        @DefaultValue("rill") @NotBlank String audience,
        @DefaultValue("15m") @NotNull Duration accessTokenTtl,
        @DefaultValue("30d") @NotNull Duration refreshTokenTtl,
        @DefaultValue @Valid Jwt jwt,
        @DefaultValue("") List<String> adminEmails,
        @DefaultValue List<@Valid TrustedIssuer> trustedIssuers,
        @DefaultValue @Valid Password password,
        @DefaultValue @Valid Throttle throttle,
        @DefaultValue("/api/chats/*/runs/*/events") List<String> queryTokenPaths) {

    /**
     * @param privateKey           PKCS#8 PEM RSA key ({@code RILL_AUTH_JWT_PRIVATE_KEY}); without it a key is generated at
     *                             start-up, which suits one dev instance only
     * @param additionalPublicKeys X.509 PEM public keys still accepted and published, for key rotation
     */
    public record Jwt(String privateKey, @DefaultValue("") List<String> additionalPublicKeys) {
    }

    /**
     * @param issuer    the {@code iss} claim the external IdP puts in its tokens
     * @param jwkSetUri where its signing keys are published
     * @param audiences accepted {@code aud} values; empty accepts any
     */
    public record TrustedIssuer(@NotBlank String issuer, @NotNull URI jwkSetUri,
                                @DefaultValue("") List<String> audiences) {
    }

    /**
     * @param minLength   shortest password accepted
     * @param bcryptCost  BCrypt work factor; each step doubles the time per hash
     * @param hashThreads threads that hash passwords; they are CPU-bound, so more than the core count only queues
     */
    public record Password(@DefaultValue("8") @Min(8) @Max(64) int minLength,
                           @DefaultValue("10") @Min(4) @Max(16) int bcryptCost,
                           @DefaultValue("0") @Min(0) int hashThreads) {

        public int effectiveHashThreads() {
            return hashThreads > 0 ? hashThreads : Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * @param loginFailuresPerAccount failed logins for one email within {@code loginWindow} before 429
     * @param loginFailuresPerAddress failed logins from one client address within {@code loginWindow} before 429
     * @param loginWindow             window for both counts
     * @param emailChecksPerAddress   email-availability checks per client address within {@code emailCheckWindow}
     * @param emailCheckWindow        window for that count
     * @param signupsPerAddress       sign-ups per client address within {@code signupWindow}
     * @param signupWindow            window for that count
     */
    public record Throttle(@DefaultValue("5") @Min(1) int loginFailuresPerAccount,
                           @DefaultValue("20") @Min(1) int loginFailuresPerAddress,
                           @DefaultValue("15m") @NotNull Duration loginWindow,
                           @DefaultValue("20") @Min(1) int emailChecksPerAddress,
                           @DefaultValue("1m") @NotNull Duration emailCheckWindow,
                           @DefaultValue("20") @Min(1) int signupsPerAddress,
                           @DefaultValue("1h") @NotNull Duration signupWindow) {
    }
}
