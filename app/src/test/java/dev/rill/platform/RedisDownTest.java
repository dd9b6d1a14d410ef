package dev.rill.platform;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.rill.shared.IdKind;
import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** With Redis unreachable Rill still starts and serves; health says DEGRADED rather than taking it out of rotation. */
@TestPropertySource(properties = {
        "rill.redis.url=redis://127.0.0.1:1",
        "rill.redis.connect-timeout=200ms",
        "rill.redis.command-timeout=300ms",
        "rill.graph.flows=basic",
        // Turns without Redis are under test here; the quota's fail-closed default is tested in QuotaRedisDownTest.
        "rill.quota.when-redis-down=fail-open"})
class RedisDownTest extends HttpTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    @Test
    void readinessReportsDegradedButStaysServing() {
        client.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("DEGRADED")
                .jsonPath("$.components.redis.status").isEqualTo("DEGRADED")
                .jsonPath("$.components.r2dbc.status").isEqualTo("UP");
    }

    @Test
    void turnsStillStreamAndAreSavedWithoutRedis() {
        Session session = signUp();

        List<Map<String, Object>> first = turn(session, "/api/messages", "Hi");
        assertThat(first).extracting(e -> e.get("type")).startsWith("start", "tool_selection").endsWith("end");
        String chatId = (String) first.get(0).get("chat_id");
        // The room was freed with the answer (in PostgreSQL), so the next message is not refused.
        List<Map<String, Object>> second = turn(session, "/api/chats/" + chatId + "/messages", "Again");
        assertThat(second).last().extracting(e -> e.get("type")).isEqualTo("end");

        client.get().uri("/api/chats/{id}", chatId).header("Authorization", session.bearer())
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.messages.length()").isEqualTo(4)
                .jsonPath("$.messages[1].role").isEqualTo("assistant")
                .jsonPath("$.messages[1].status").isEqualTo("complete")
                .jsonPath("$.messages[3].role").isEqualTo("assistant");
    }

    @Test
    void runOfThisInstanceCanBeResumedWithoutRedis() {
        Session session = signUp();
        List<Map<String, Object>> events = turn(session, "/api/messages", "Resume me");
        Map<String, Object> start = events.get(0);

        List<Map<String, Object>> resumed = client.get()
                .uri("/api/chats/{c}/runs/{r}/events", start.get("chat_id"), start.get("run_id"))
                .header("Authorization", session.bearer()).header("Last-Event-ID", "2")
                .exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .getResponseBody().map(e -> JSON.readValue(e.data(), MAP)).collectList().block(Duration.ofSeconds(20));

        assertThat(resumed).hasSize(events.size() - 2);
        assertThat(resumed).isEqualTo(events.subList(2, events.size()));
    }

    @Test
    void resumingARunThatOnlyRedisKnowsIsA503ProblemNotA500() {
        Session session = signUp();
        String chatId = (String) turn(session, "/api/messages", "Hi").get(0).get("chat_id");

        client.get().uri("/api/chats/{c}/runs/{r}/events", chatId, IdKind.RUN.format(IdKind.newUuid()))
                .header("Authorization", session.bearer())
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://rill.dev/problems/unavailable");
    }

    private List<Map<String, Object>> turn(Session session, String uri, String text) {
        return client.post().uri(uri).header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", Map.of("message", text)))
                .exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .getResponseBody()
                .filter(e -> e.data() != null)
                .map(e -> JSON.readValue(e.data(), MAP))
                .collectList()
                .block(Duration.ofSeconds(20));
    }

    @Test
    void signupAndLoginWorkWithoutRedis() {
        Session session = signUp();
        client.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", session.email(), "password", session.password()))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.access_token").isNotEmpty();
    }
}
