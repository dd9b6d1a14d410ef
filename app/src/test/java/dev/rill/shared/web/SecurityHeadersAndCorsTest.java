package dev.rill.shared.web;

import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "rill.web.cors-allowed-origins=https://app.example.com")
class SecurityHeadersAndCorsTest extends HttpTest {

    @Test
    void responsesCarryStandardSecurityHeaders() {
        client.get().uri("/.well-known/jwks.json").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader().valueEquals("Content-Security-Policy", "frame-ancestors 'none'; base-uri 'none'");
    }

    @Test
    void preflightFromAllowedOriginIsAllowed() {
        client.options().uri("/api/me")
                .header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "PATCH")
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "https://app.example.com")
                .expectHeader().value("Access-Control-Allow-Methods",
                        methods -> org.assertj.core.api.Assertions.assertThat(methods).contains("PATCH"));
    }

    @Test
    void preflightFromOtherOriginIsRefused() {
        client.options().uri("/api/me")
                .header("Origin", "https://evil.example.net")
                .header("Access-Control-Request-Method", "GET")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist("Access-Control-Allow-Origin");
    }

    @Test
    void actualRequestFromAllowedOriginExposesRateLimitHeaders() {
        client.get().uri("/.well-known/jwks.json").header("Origin", "https://app.example.com").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "https://app.example.com")
                .expectHeader().value("Access-Control-Expose-Headers",
                        h -> org.assertj.core.api.Assertions.assertThat(h).contains("Retry-After", "Link"));
    }
}
