package dev.rill.auth;

import java.net.URI;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * OpenID Connect providers whose ID tokens {@code POST /api/auth/oidc/{provider}} exchanges for Rill's own
 * tokens ({@code rill.auth.oidc.*}).
 *
 * @param providers by the name that appears in the route, such as {@code google} or {@code kakao}
 */
@Validated
@ConfigurationProperties("rill.auth.oidc")
public record OidcProperties(Map<@Pattern(regexp = "^[a-z0-9][a-z0-9-]{0,39}$",
        message = "provider names are 1-40 lowercase letters, digits or hyphens") String, @NotNull @Valid Provider> providers) {

    public OidcProperties {
        providers = providers == null ? Map.of() : Map.copyOf(providers);
    }

    /**
     * @param issuer    the exact {@code iss} value of the provider's ID tokens
     * @param clientId  Rill's client ID at the provider; an ID token's {@code aud} must contain it
     * @param jwkSetUri where the provider publishes its signing keys
     */
    public record Provider(@NotBlank String issuer, @NotBlank String clientId, @NotNull URI jwkSetUri) {
    }
}
