package dev.rill.auth;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

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
 * @param recovery        one-time codes for password reset and phone verification, and their limits
 * @param mail            the sender of recovery mail; the SMTP server itself is Spring's {@code spring.mail.*}
 * @param sms             the HTTP gateway that texts codes and account hints; unset, the phone routes answer 501
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
        @DefaultValue("/api/chats/*/runs/*/events") List<String> queryTokenPaths,
        @DefaultValue @Valid Recovery recovery,
        @DefaultValue @Valid Mail mail,
        @DefaultValue @Valid Sms sms) {

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
                           @DefaultValue("1h") @NotNull Duration signupWindow,
                           @DefaultValue("30") @Min(1) int oidcSignInsPerAddress,
                           @DefaultValue("10m") @NotNull Duration oidcSignInWindow) {
    }

    /**
     * @param codeTtl          how long a mailed or texted code stays valid
     * @param maxAttempts      wrong codes per account before the code is void and further attempts get 429
     * @param codeSecret       HMAC-SHA256 key under which codes are stored ({@code RILL_AUTH_RECOVERY_CODE_SECRET});
     *                         without it a key is generated at start-up, so a code only works on the instance that
     *                         sent it and not after a restart
     * @param sendsPerAccount  codes or hints sent to one email, account or phone number within {@code sendWindow}
     * @param sendsPerAddress  such requests from one client address within {@code sendWindow}
     * @param sendWindow       window for both send counts
     * @param checksPerAddress codes tried from one client address within {@code checkWindow}, across accounts
     * @param checkWindow      window for that count
     */
    public record Recovery(@DefaultValue("10m") @NotNull Duration codeTtl,
                           @DefaultValue("5") @Min(1) @Max(20) int maxAttempts,
                           @Size(min = 32, message = "must be at least 32 characters") String codeSecret,
                           @DefaultValue("3") @Min(1) int sendsPerAccount,
                           @DefaultValue("10") @Min(1) int sendsPerAddress,
                           @DefaultValue("1h") @NotNull Duration sendWindow,
                           @DefaultValue("20") @Min(1) int checksPerAddress,
                           @DefaultValue("15m") @NotNull Duration checkWindow) {
    }

    /**
     * @param from    the {@code From} of recovery mail
     * @param timeout how long one SMTP delivery may take before it is abandoned
     */
    public record Mail(@DefaultValue("Rill <no-reply@localhost>") @NotBlank String from,
                       @DefaultValue("30s") @NotNull Duration timeout) {
    }

    /**
     * A Twilio-style gateway: a form POST of {@code To}, {@code From} and {@code Body} with HTTP basic auth.
     *
     * @param url       where to POST, such as {@code https://api.twilio.com/2010-04-01/Accounts/<sid>/Messages.json};
     *                  unset disables the phone routes
     * @param username  basic-auth user (Twilio: the account SID)
     * @param authToken basic-auth password ({@code RILL_AUTH_SMS_AUTH_TOKEN})
     * @param from      the sending number or sender ID
     * @param timeout   how long the gateway may take to answer
     */
    public record Sms(URI url, String username, String authToken, String from,
                      @DefaultValue("10s") @NotNull Duration timeout) {

        public boolean configured() {
            return url != null;
        }

        @AssertTrue(message = "rill.auth.sms.from is required when rill.auth.sms.url is set")
        public boolean isFromGivenWithUrl() {
            return url == null || (from != null && !from.isBlank());
        }
    }
}
