package dev.rill.auth;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedIssuerConfigTest {

    @Test
    void refusesATrustedIssuerThatWouldReplaceRillsOwn() {
        AuthProperties properties = new AuthProperties("rill", "rill", java.time.Duration.ofMinutes(15),
                java.time.Duration.ofDays(30), new AuthProperties.Jwt(null, List.of()), List.of(),
                List.of(new AuthProperties.TrustedIssuer("rill", URI.create("http://localhost/jwks"), List.of())),
                new AuthProperties.Password(8, 4, 1), new AuthProperties.Throttle(5, 20,
                java.time.Duration.ofMinutes(15), 20, java.time.Duration.ofMinutes(1), 20, java.time.Duration.ofHours(1), 30,
                java.time.Duration.ofMinutes(10)),
                List.of("/api/chats/*/runs/*/events"),
                new AuthProperties.Recovery(java.time.Duration.ofMinutes(10), 5, null, 3, 10,
                        java.time.Duration.ofHours(1), 20, java.time.Duration.ofMinutes(15)),
                new AuthProperties.Mail("rill@localhost", java.time.Duration.ofSeconds(30)),
                new AuthProperties.Sms(null, null, null, null, java.time.Duration.ofSeconds(10)));

        assertThatThrownBy(() -> new TokenAuthentication(new SigningKeys(properties), properties, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("each issuer must be unique");
    }
}
