package dev.rill.quota;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.rill.support.FakeOpenAi;
import dev.rill.support.FakeOpenAi.Script;
import dev.rill.support.HttpTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** A daily allowance of five turns, over real HTTP, against a fake OpenAI upstream. */
class QuotaTest extends HttpTest {

    private static final FakeOpenAi OPENAI = FakeOpenAi.start();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };
    private static final String EXCEEDED = "https://rill.dev/problems/quota-exceeded";

    @DynamicPropertySource
    static void quota(DynamicPropertyRegistry registry) {
        registry.add("rill.quota.daily-turns", () -> "5");
        registry.add("rill.llm.base-url", OPENAI::baseUrl);
        registry.add("rill.llm.api-key", () -> "test-key");
        registry.add("rill.graph.flows", () -> "basic");
    }

    @AfterAll
    static void stopUpstream() {
        OPENAI.close();
    }

    @BeforeEach
    void resetUpstream() {
        OPENAI.reset();
    }

    private record Outcome(int status, HttpHeaders headers, String body) {
    }

    @Test
    void fiftyParallelTurnsAgainstALimitOfFiveGiveExactlyFiveAnswersAndFortyFive429s() {
        Session session = signUp();
        // No connection pool: every turn gets its own connection, so all 50 are in flight at once.
        WebClient web = WebClient.builder().baseUrl("http://localhost:" + port)
                .clientConnector(new ReactorClientHttpConnector(HttpClient.newConnection())).build();

        List<Outcome> outcomes = Flux.range(0, 50)
                .flatMap(i -> web.post().uri("/api/messages").header("Authorization", session.bearer())
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("content", Map.of("message", "Turn " + i)))
                        .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                                .map(body -> new Outcome(response.statusCode().value(),
                                        response.headers().asHttpHeaders(), body))), 50)
                .collectList()
                .block(Duration.ofSeconds(60));

        assertThat(outcomes).hasSize(50);
        List<Outcome> answered = outcomes.stream().filter(o -> o.status() == 200).toList();
        List<Outcome> refused = outcomes.stream().filter(o -> o.status() == 429).toList();
        assertThat(answered).hasSize(5);
        assertThat(refused).hasSize(45);
        assertThat(answered).allSatisfy(o -> {
            assertThat(o.headers().getFirst("RateLimit-Limit")).isEqualTo("5");
            assertThat(Integer.parseInt(o.headers().getFirst("RateLimit-Remaining"))).isBetween(0, 4);
            assertThat(Long.parseLong(o.headers().getFirst("RateLimit-Reset"))).isPositive();
            assertThat(o.body()).contains("\"type\":\"end\"");
        });
        assertThat(answered).extracting(o -> o.headers().getFirst("RateLimit-Remaining"))
                .containsExactlyInAnyOrder("0", "1", "2", "3", "4");
        assertThat(refused).allSatisfy(o -> {
            assertThat(o.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(o.body()).contains("\"type\":\"" + EXCEEDED + "\"");
            assertThat(o.headers().getFirst("RateLimit-Limit")).isEqualTo("5");
            assertThat(o.headers().getFirst("RateLimit-Remaining")).isEqualTo("0");
            long reset = Long.parseLong(o.headers().getFirst("RateLimit-Reset"));
            assertThat(reset).isBetween(1L, 86_400L);
            assertThat(Long.parseLong(o.headers().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(reset - 1, reset + 1);
        });
        // The refused turns stored nothing: only the five answered rooms exist.
        client.get().uri("/api/chats").header("Authorization", session.bearer()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.results.length()").isEqualTo(5);
        assertThat(quota(session)).containsEntry("remaining", 0).containsEntry("limit", 5);
    }

    @Test
    void quotaShowsLimitRemainingAndTheNextUtcMidnight() {
        Session session = signUp();

        Map<String, Object> fresh = quota(session);
        assertThat(fresh).containsEntry("limit", 5).containsEntry("remaining", 5);
        Instant resetsAt = Instant.parse((String) fresh.get("resets_at"));
        assertThat(resetsAt).isEqualTo(LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC)
                .toInstant());

        HttpHeaders headers = turnHeaders(session, "/api/messages");
        assertThat(headers.getFirst("RateLimit-Limit")).isEqualTo("5");
        assertThat(headers.getFirst("RateLimit-Remaining")).isEqualTo("4");
        assertThat(quota(session)).containsEntry("remaining", 4);
    }

    @Test
    void upstreamErrorBeforeTheFirstTokenIsRefunded() {
        // Every attempt fails, retries included.
        OPENAI.whenIdle(Script.error(500));
        Session session = signUp();

        List<Map<String, Object>> events = events(send(session, "/api/messages", "Fail"));

        assertThat(events.get(events.size() - 1)).containsEntry("type", "error");
        assertThat(quota(session)).containsEntry("remaining", 5);
    }

    @Test
    void upstreamErrorAfterTokensIsNotRefunded() {
        OPENAI.enqueue(Script.reply("partial ", "answer ", "lost").disconnectAfter(2));
        Session session = signUp();

        List<Map<String, Object>> events = events(send(session, "/api/messages", "Try"));

        assertThat(events.get(events.size() - 1)).containsEntry("type", "error");
        assertThat(events).anyMatch(e -> e.containsKey("delta"));
        assertThat(quota(session)).containsEntry("remaining", 4);
    }

    @Test
    void cancelBeforeTheFirstTokenIsRefunded() {
        OPENAI.enqueue(Script.reply("too ", "late").firstTokenDelay(Duration.ofSeconds(5)));
        Session session = signUp();

        List<Map<String, Object>> events = Flux.from(stream(send(session, "/api/messages", "Wait")))
                .map(e -> json(e.data()))
                .doOnNext(event -> {
                    if ("start".equals(event.get("type"))) {
                        // Off the event loop that delivers this event: the test client blocks.
                        Mono.fromRunnable(() -> client.post().uri("/api/chats/{c}/runs/{r}/cancel",
                                                event.get("chat_id"), event.get("run_id"))
                                        .header("Authorization", session.bearer()).exchange()
                                        .expectStatus().isAccepted())
                                .subscribeOn(Schedulers.boundedElastic()).subscribe();
                    }
                })
                .collectList().block(Duration.ofSeconds(20));

        Map<String, Object> end = events.get(events.size() - 1);
        assertThat(end).containsEntry("type", "end");
        assertThat(map(end.get("result"))).containsEntry("status", "stopped");
        assertThat(events).noneMatch(e -> e.containsKey("delta"));
        assertThat(quota(session)).containsEntry("remaining", 5);
    }

    @Test
    void startThatFailsIsRefundedAndAConflictDoesNotCount() {
        OPENAI.enqueue(Script.reply("a", "b", "c").tokenDelay(Duration.ofMillis(300)));
        Session session = signUp();

        client.post().uri("/api/chats/chat-00000000-0000-7000-8000-000000000000/messages")
                .header("Authorization", session.bearer()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Map.of("message", "Nowhere"))).exchange()
                .expectStatus().isNotFound();
        assertThat(quota(session)).containsEntry("remaining", 5);

        Map<String, Object> start = Flux.from(stream(send(session, "/api/messages", "First")))
                .map(e -> json(e.data())).blockFirst(Duration.ofSeconds(20));
        client.post().uri("/api/chats/{id}/messages", start.get("chat_id")).header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", Map.of("message", "Second")))
                .exchange()
                .expectStatus().isEqualTo(409);
        assertThat(quota(session)).containsEntry("remaining", 4);
    }

    @Test
    void exhaustedAllowanceIsA429ProblemWithRetryAfter() {
        Session session = signUp();
        for (int i = 0; i < 5; i++) {
            turnHeaders(session, "/api/messages");
        }

        client.post().uri("/api/messages").header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", Map.of("message", "Sixth")))
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectHeader().valueEquals("RateLimit-Limit", "5")
                .expectHeader().valueEquals("RateLimit-Remaining", "0")
                .expectHeader().exists("RateLimit-Reset")
                .expectBody()
                .jsonPath("$.type").isEqualTo(EXCEEDED)
                .jsonPath("$.status").isEqualTo(429)
                .jsonPath("$.limit").isEqualTo(5)
                .jsonPath("$.remaining").isEqualTo(0)
                .jsonPath("$.resets_at").isNotEmpty();
    }

    @Test
    void adminOverridesAUsersAllowanceAndClearsIt() {
        Session user = signUp();
        String admin = adminBearer();

        setQuota(admin, user.userId(), Map.of("daily_turns", 1)).expectStatus().isOk()
                .expectBody().jsonPath("$.user_id").isEqualTo(user.userId())
                .jsonPath("$.daily_turns").isEqualTo(1).jsonPath("$.limit").isEqualTo(1);
        assertThat(quota(user)).containsEntry("limit", 1).containsEntry("remaining", 1);
        turnHeaders(user, "/api/messages");
        client.post().uri("/api/messages").header("Authorization", user.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", Map.of("message", "Again")))
                .exchange().expectStatus().isEqualTo(429);

        Map<String, Object> clear = new HashMap<>();
        clear.put("daily_turns", null);
        setQuota(admin, user.userId(), clear).expectStatus().isOk()
                .expectBody().jsonPath("$.limit").isEqualTo(5).jsonPath("$.daily_turns").doesNotExist();
        assertThat(quota(user)).containsEntry("limit", 5).containsEntry("remaining", 4);
    }

    @Test
    void onlyAdminsChangeAllowancesAndOnlyOfUsersThatExist() {
        Session user = signUp();
        Session other = signUp();

        setQuota(other.bearer(), user.userId(), Map.of("daily_turns", 100)).expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("https://rill.dev/problems/forbidden");
        setQuota(user.bearer(), user.userId(), Map.of("daily_turns", 100)).expectStatus().isForbidden();
        assertThat(quota(user)).containsEntry("limit", 5);

        String admin = adminBearer();
        setQuota(admin, "user-00000000-0000-7000-8000-000000000000", Map.of("daily_turns", 3))
                .expectStatus().isNotFound();
        setQuota(admin, user.userId(), Map.of("daily_turns", -1)).expectStatus().isBadRequest();
        client.get().uri("/api/quota").exchange().expectStatus().isUnauthorized();
    }

    private WebTestClient.ResponseSpec setQuota(String bearer, String userId, Map<String, Object> body) {
        return client.put().uri("/api/admin/users/{id}/quota", userId).header("Authorization", bearer)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> quota(Session session) {
        return client.get().uri("/api/quota").header("Authorization", session.bearer()).exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    /** Runs a turn to its end and returns the response's headers. */
    private HttpHeaders turnHeaders(Session session, String path) {
        var result = send(session, path, "Hello").exchange().expectStatus().isOk().returnResult(SSE);
        result.getResponseBody().collectList().block(Duration.ofSeconds(20));
        return result.getResponseHeaders();
    }

    @SuppressWarnings("unchecked")
    private String adminBearer() {
        String email = "admin@rill.test";
        var signup = client.post().uri("/api/auth/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", PASSWORD, "nickname", "Admin"))
                .exchange().returnResult(Map.class);
        if (signup.getStatus().value() == HttpStatus.CREATED.value()) {
            return "Bearer " + signup.getResponseBody().blockFirst().get("access_token");
        }
        // The account exists already (a kept database, or an earlier test of this class).
        return "Bearer " + client.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", PASSWORD))
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("access_token");
    }

    private WebTestClient.RequestHeadersSpec<?> send(Session session, String path, String message) {
        return client.post().uri(path).header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Map.of("message", message)));
    }

    private Flux<ServerSentEvent<String>> stream(WebTestClient.RequestHeadersSpec<?> request) {
        return request.exchange().expectStatus().isOk().returnResult(SSE).getResponseBody()
                .filter(event -> event.data() != null);
    }

    private List<Map<String, Object>> events(WebTestClient.RequestHeadersSpec<?> request) {
        return stream(request).map(e -> json(e.data())).collectList().block(Duration.ofSeconds(30));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String data) {
        return JSON.readValue(data, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
