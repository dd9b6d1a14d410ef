package dev.rill.auth;

import java.util.List;
import java.util.Map;

import dev.rill.support.HttpTest;
import dev.rill.support.Jwts;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** The test profile names Admin@Rill.Test as an admin; emails compare case-insensitively. */
@SuppressWarnings("unchecked")
class AdminRoleTest extends HttpTest {

    @Test
    void configuredEmailGetsAdminRoleInAccountAndToken() {
        String token = adminToken();

        client.get().uri("/api/me").header("Authorization", "Bearer " + token).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.roles").value(roles -> assertThat((List<Object>) roles)
                        .containsExactly("user", "admin"));
        assertThat((List<Object>) Jwts.payload(token).get("roles")).containsExactly("user", "admin");
    }

    @Test
    void ordinaryUserHasOnlyTheUserRole() {
        Session session = signUp();

        assertThat((List<Object>) Jwts.payload(session.accessToken()).get("roles")).containsExactly("user");
    }

    @SuppressWarnings("unchecked")
    private String adminToken() {
        String email = "admin@rill.test";
        var signup = client.post().uri("/api/auth/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", PASSWORD, "nickname", "Admin"))
                .exchange().returnResult(Map.class);
        if (signup.getStatus().value() == HttpStatus.CREATED.value()) {
            return (String) signup.getResponseBody().blockFirst().get("access_token");
        }
        // A database kept from an earlier run already has the account.
        return (String) client.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", PASSWORD))
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("access_token");
    }
}
