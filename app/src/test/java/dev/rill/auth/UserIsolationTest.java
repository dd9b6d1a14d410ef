package dev.rill.auth;

import java.util.Map;

import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * One user's token reaches that user's own account and nothing else. Resource routes that take IDs (chats,
 * recipes, keys) add their own 404-not-403 tests as they arrive.
 */
class UserIsolationTest extends HttpTest {

    @Test
    void profileChangeTouchesOnlyTheCallersAccount() {
        Session alice = signUp();
        Session bob = signUp();

        client.patch().uri("/api/me").header("Authorization", alice.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("nickname", "Alice", "bio", "hi"))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo(alice.userId()).jsonPath("$.nickname").isEqualTo("Alice");

        client.get().uri("/api/me").header("Authorization", bob.bearer()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo(bob.userId()).jsonPath("$.nickname").isEqualTo("Tester")
                .jsonPath("$.bio").isEqualTo("");
    }

    @Test
    void deletingOneAccountLeavesOthersIntact() {
        Session alice = signUp();
        Session bob = signUp();

        client.delete().uri("/api/me").header("Authorization", alice.bearer()).exchange().expectStatus().isNoContent();

        client.get().uri("/api/me").header("Authorization", bob.bearer()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(bob.userId());
        client.post().uri("/api/auth/refresh").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("refresh_token", bob.refreshToken())).exchange().expectStatus().isOk();
        client.get().uri("/api/me").header("Authorization", alice.bearer()).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void oneUsersRefreshTokenCannotBeUsedToLogOutAnother() {
        Session alice = signUp();
        Session bob = signUp();

        client.post().uri("/api/auth/logout").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("refresh_token", alice.refreshToken())).exchange().expectStatus().isNoContent();

        client.post().uri("/api/auth/refresh").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("refresh_token", bob.refreshToken())).exchange().expectStatus().isOk();
    }
}
