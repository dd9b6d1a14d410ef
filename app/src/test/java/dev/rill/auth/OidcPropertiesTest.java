package dev.rill.auth;

import java.net.URI;
import java.util.Map;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OidcPropertiesTest {

    private static final OidcProperties.Provider GOOGLE = new OidcProperties.Provider("https://accounts.google.com",
            "client", URI.create("https://www.googleapis.com/oauth2/v3/certs"));

    private static Validator validator() {
        try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
            return factory.getValidator();
        }
    }

    @Test
    void acceptsLowercaseProviderNamesWithCompleteSettings() {
        assertThat(validator().validate(new OidcProperties(Map.of("google", GOOGLE, "kakao-2", GOOGLE)))).isEmpty();
        assertThat(new OidcProperties(null).providers()).isEmpty();
    }

    @Test
    void refusesProviderNamesThatCannotBeAPathSegment() {
        assertThat(validator().validate(new OidcProperties(Map.of("Google Accounts", GOOGLE)))).isNotEmpty();
        assertThat(validator().validate(new OidcProperties(Map.of("", GOOGLE)))).isNotEmpty();
    }

    @Test
    void refusesAProviderWithoutIssuerClientIdOrKeys() {
        assertThat(validator().validate(new OidcProperties(Map.of("google",
                new OidcProperties.Provider(" ", "client", URI.create("https://x/jwks")))))).hasSize(1);
        assertThat(validator().validate(new OidcProperties(Map.of("google",
                new OidcProperties.Provider("https://x", "", URI.create("https://x/jwks")))))).hasSize(1);
        assertThat(validator().validate(new OidcProperties(Map.of("google",
                new OidcProperties.Provider("https://x", "client", null))))).hasSize(1);
    }
}
