package dev.rill.auth;

import java.time.Duration;
import java.util.Map;

import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Rejected requests, large bodies left unread, must not spoil a client's keep-alive connection for the next one. */
class KeepAliveTest extends HttpTest {

    @Test
    void pooledConnectionSurvivesRejectedRequests() {
        WebTestClient pooled = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(5)).build();
        String big = "x".repeat(100_000);
        for (int i = 0; i < 10; i++) {
            pooled.post().uri("/api/me/password").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("current_password", big, "new_password", "y")).exchange()
                    .expectStatus().isUnauthorized();
            pooled.get().uri("/api/me").header("Authorization", "Bearer nonsense").exchange()
                    .expectStatus().isUnauthorized();
            pooled.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("email", "a@b.co", "password", big)).exchange()
                    .expectStatus().is4xxClientError();
            pooled.post().uri("/api/auth/signup").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("email", uniqueEmail(), "password", PASSWORD, "nickname", "P")).exchange()
                    .expectStatus().isCreated();
        }
    }
}
