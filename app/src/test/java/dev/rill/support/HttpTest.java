package dev.rill.support;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/**
 * Base for tests that talk to a running Rill over real HTTP, against the real PostgreSQL and Redis (the ones in
 * RILL_DB_URL / RILL_REDIS_URL, or embedded ones). Subclasses that need no extra configuration share one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class HttpTest {

    public static final String PASSWORD = "correct horse battery staple";

    @LocalServerPort
    protected int port;

    protected WebTestClient client;

    @DynamicPropertySource
    static void signingKey(DynamicPropertyRegistry registry) {
        registry.add("rill.auth.jwt.private-key", () -> TestKeys.privatePem(TestKeys.RILL));
    }

    @BeforeEach
    void bindClient() {
        // A fresh connection per request: a request that one test leaves half-read (a 401 before the body, a
        // cancelled stream) must not leave a pooled connection that the next test's request then waits on. A sign-up
        // hung for 20 s three times in BearerTokenSecurityTest, and a reused connection is the suspected cause.
        client = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20)).build();
    }

    /** A signed-up user with a live token pair. */
    public record Session(String email, String password, String userId, String accessToken, String refreshToken) {
        public String bearer() {
            return "Bearer " + accessToken;
        }
    }

    public static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    protected Session signUp() {
        return signUp(uniqueEmail());
    }

    @SuppressWarnings("unchecked")
    protected Session signUp(String email) {
        Map<String, Object> body = client.post().uri("/api/auth/signup")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", PASSWORD, "nickname", "Tester"))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        Map<String, Object> user = (Map<String, Object>) body.get("user");
        return new Session(email, PASSWORD, (String) user.get("id"), (String) body.get("access_token"),
                (String) body.get("refresh_token"));
    }
}
