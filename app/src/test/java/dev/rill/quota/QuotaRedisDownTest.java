package dev.rill.quota;

import java.util.Map;

import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/** With Redis unreachable and the default fail-closed setting, no turn goes uncounted: each is a 503. */
@TestPropertySource(properties = {
        "rill.redis.url=redis://127.0.0.1:1",
        "rill.redis.connect-timeout=200ms",
        "rill.redis.command-timeout=300ms",
        "rill.graph.flows=basic",
        "rill.quota.daily-turns=5"})
class QuotaRedisDownTest extends HttpTest {

    @Test
    void turnIsRefusedWith503AndNothingIsStored() {
        Session session = signUp();

        for (int i = 0; i < 2; i++) {
            client.post().uri("/api/messages").header("Authorization", session.bearer())
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", Map.of("message", "Hi")))
                    .exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().exists("Retry-After")
                    .expectBody().jsonPath("$.type").isEqualTo("https://rill.dev/problems/unavailable");
        }

        client.get().uri("/api/chats").header("Authorization", session.bearer()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.results.length()").isEqualTo(0);
    }

    @Test
    void quotaCannotBeReadAndSaysSoWithA503() {
        Session session = signUp();

        client.get().uri("/api/quota").header("Authorization", session.bearer()).exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.type").isEqualTo("https://rill.dev/problems/unavailable");
    }
}
