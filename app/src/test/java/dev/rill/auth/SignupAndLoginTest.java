package dev.rill.auth;

import java.util.Map;

import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

class SignupAndLoginTest extends HttpTest {

    @Test
    void signupReturnsAccountAndTokensThatOpenTheAccount() {
        Session session = signUp();

        assertThat(session.userId()).startsWith("user-");
        assertThat(session.refreshToken()).startsWith("rt_");
        client.get().uri("/api/me").header("Authorization", session.bearer())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo(session.userId())
                .jsonPath("$.email").isEqualTo(session.email())
                .jsonPath("$.nickname").isEqualTo("Tester")
                .jsonPath("$.roles[0]").isEqualTo("user")
                .jsonPath("$.password_hash").doesNotExist();
    }

    @Test
    void loginWithRightPasswordIssuesTokens() {
        Session session = signUp();

        client.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", session.email().toUpperCase(), "password", PASSWORD))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectBody()
                .jsonPath("$.token_type").isEqualTo("Bearer")
                .jsonPath("$.expires_in").isEqualTo(900)
                .jsonPath("$.user.id").isEqualTo(session.userId());
    }
}
