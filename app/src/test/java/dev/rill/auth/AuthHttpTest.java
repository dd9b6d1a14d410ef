package dev.rill.auth;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.rill.support.HttpTest;
import jakarta.validation.Validator;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls of the auth API for the security tests. Adds no configuration, so subclasses share {@link HttpTest}'s
 * Spring context unless they declare their own properties.
 */
abstract class AuthHttpTest extends HttpTest {

    static final String NEW_PASSWORD = "a completely different passphrase";

    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    private static final Set<String> USER_TABLES = Set.of("refresh_tokens", "external_identities");

    @Autowired
    DatabaseClient db;

    @Autowired
    Validator validator;


    /**
     * A loopback address of its own (127.x.y.z), so each test can act as a distinct client. Requests from it
     * really come from that address (see {@link #clientFrom}); X-Forwarded-For cannot be used for this, because
     * ClientAddress turns every forwarded address into "unknown" (see the report of the security-tests branch).
     */
    static String randomAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "." + random.nextInt(1, 255);
    }

    /** A client whose connections leave from {@code loopbackAddress}, which the server sees as the client address. */
    WebTestClient clientFrom(String loopbackAddress) {
        HttpClient http = HttpClient.newConnection()
                .bindAddress(() -> new InetSocketAddress(loopbackAddress, 0));
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(http))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }

    static UUID uuidOf(String wireId) {
        assertThat(wireId).startsWith("user-");
        return UUID.fromString(wireId.substring("user-".length()));
    }

    WebTestClient.ResponseSpec login(String email, String password) {
        return login(email, password, randomAddress());
    }

    WebTestClient.ResponseSpec login(String email, String password, String address) {
        return clientFrom(address).post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", password))
                .exchange();
    }

    WebTestClient.ResponseSpec refresh(String refreshToken) {
        return client.post().uri("/api/auth/refresh").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("refresh_token", refreshToken))
                .exchange();
    }

    WebTestClient.ResponseSpec logout(String refreshToken) {
        return client.post().uri("/api/auth/logout").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("refresh_token", refreshToken))
                .exchange();
    }

    WebTestClient.ResponseSpec me(String accessToken) {
        return client.get().uri("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken).exchange();
    }

    WebTestClient.ResponseSpec deleteMe(String accessToken) {
        return client.delete().uri("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken).exchange();
    }

    WebTestClient.ResponseSpec changePassword(String accessToken, String current, String next) {
        return client.post().uri("/api/me/password").header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("current_password", current, "new_password", next))
                .exchange();
    }

    /** Asserts a 200 token-pair response and returns its body. */
    static Map<String, Object> tokenPair(WebTestClient.ResponseSpec response) {
        Map<String, Object> body = response.expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                .expectBody(MAP).returnResult().getResponseBody();
        assertThat(body).isNotNull().containsEntry("token_type", "Bearer")
                .containsKeys("access_token", "refresh_token", "expires_in", "refresh_expires_in", "user");
        return body;
    }

    static String access(Map<String, Object> pair) {
        return (String) pair.get("access_token");
    }

    static String refreshOf(Map<String, Object> pair) {
        return (String) pair.get("refresh_token");
    }

    /** Rows of {@code table} that belong to the user with wire ID {@code wireId}. */
    long rowsOf(String table, String wireId) {
        assertThat(USER_TABLES).contains(table);
        Long count = db.sql("SELECT count(*) FROM " + table + " WHERE user_id = :id")
                .bind("id", uuidOf(wireId))
                .map(row -> row.get(0, Long.class))
                .one()
                .block();
        return count == null ? 0 : count;
    }

    boolean userExists(String wireId) {
        Long count = db.sql("SELECT count(*) FROM users WHERE id = :id").bind("id", uuidOf(wireId))
                .map(row -> row.get(0, Long.class)).one().block();
        return count != null && count > 0;
    }

    /** Sleeps until just after the start of the next whole second (JWT times have one-second resolution). */
    static void awaitStartOfSecond() {
        long millis = Instant.now().toEpochMilli() % 1000;
        try {
            Thread.sleep(1000 - millis + 5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
