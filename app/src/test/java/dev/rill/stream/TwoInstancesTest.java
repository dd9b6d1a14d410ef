package dev.rill.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.rill.chat.ChatService;
import dev.rill.platform.RedisProperties;
import dev.rill.support.FakeOpenAi;
import dev.rill.support.InJvmRill;
import dev.rill.support.FakeOpenAi.Script;
import dev.rill.support.HttpTest;
import dev.rill.support.TestKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of Rill sharing one PostgreSQL and one Redis: a run started on one is resumed and cancelled
 * through the other, as a load balancer would route a reconnecting client; a daily quota is one count across
 * both; a room entered on one is served from the Redis cache on the other. No state lives in an instance.
 */
class TwoInstancesTest extends HttpTest {

    private static final FakeOpenAi OPENAI = FakeOpenAi.start();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };
    private static ConfigurableApplicationContext second;

    @Autowired
    RedisProperties redisProperties;

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("rill.llm.base-url", OPENAI::baseUrl);
        registry.add("rill.llm.api-key", () -> "test-key");
        // The run machinery is under test, not routing: every turn goes to plain chat, with no router call.
        registry.add("rill.graph.flows", () -> "basic");
    }

    @BeforeEach
    void startSecondInstance() {
        if (second == null) {
            second = InJvmRill.start(
                    "--server.port=0",
                    "--rill.redis.key-prefix=" + redisProperties.keyPrefix(),
                    "--rill.auth.jwt.private-key=" + TestKeys.privatePem(TestKeys.RILL),
                    "--rill.llm.base-url=" + OPENAI.baseUrl(),
                    "--rill.llm.api-key=test-key");
        }
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) {
            second.close();
            second = null;
        }
        OPENAI.close();
    }

    @Test
    void runStartedOnOneInstanceIsResumedOnTheOther() {
        OPENAI.enqueue(Script.reply("from ", "the ", "first ", "instance").tokenDelay(Duration.ofMillis(150)));
        Session session = signUp();

        ServerSentEvent<String> startEvent = events(client.post().uri("/api/messages")
                .header("Authorization", session.bearer()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Map.of("message", "Hello")))).blockFirst(Duration.ofSeconds(20));
        Map<String, Object> start = json(startEvent.data());

        List<Map<String, Object>> resumed = events(secondClient().get()
                .uri("/api/chats/{c}/runs/{r}/events", start.get("chat_id"), start.get("run_id"))
                .header("Authorization", session.bearer()).header("Last-Event-ID", startEvent.id()))
                .map(e -> json(e.data())).collectList().block(Duration.ofSeconds(20));

        assertThat(resumed).first().extracting(e -> e.get("type")).isEqualTo("tool_selection");
        assertThat(resumed).filteredOn(e -> e.containsKey("delta")).extracting(e -> e.get("delta"))
                .containsExactly("from ", "the ", "first ", "instance");
        assertThat(resumed).last().extracting(e -> e.get("type")).isEqualTo("end");
    }

    @Test
    void cancelThroughTheOtherInstanceStopsTheRun() {
        OPENAI.enqueue(Script.reply("a ", "b ", "c ", "d ", "e ", "f ", "g ", "h ").tokenDelay(Duration.ofMillis(300)));
        Session session = signUp();
        Map<String, Object> start = json(events(client.post().uri("/api/messages")
                .header("Authorization", session.bearer()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Map.of("message", "Count")))).blockFirst(Duration.ofSeconds(20)).data());

        secondClient().post().uri("/api/chats/{c}/runs/{r}/cancel", start.get("chat_id"), start.get("run_id"))
                .header("Authorization", session.bearer()).exchange().expectStatus().isAccepted();

        Map<String, Object> last = events(client.get()
                .uri("/api/chats/{c}/runs/{r}/events", start.get("chat_id"), start.get("run_id"))
                .header("Authorization", session.bearer()))
                .map(e -> json(e.data())).blockLast(Duration.ofSeconds(20));
        assertThat(last.get("type")).isEqualTo("end");
        assertThat(((Map<?, ?>) last.get("result")).get("status")).isEqualTo("stopped");
    }

    @Test
    void aDailyQuotaIsOneAllowanceAcrossBothInstances() {
        Session session = signUp();
        client.put().uri("/api/admin/users/{id}/quota", session.userId()).header("Authorization", adminBearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("daily_turns", 3))
                .exchange().expectStatus().isOk();

        assertThat(turn(client, session, "/api/messages")).isEqualTo("2");
        assertThat(turn(secondClient(), session, "/api/messages")).as("remaining after the second instance's turn")
                .isEqualTo("1");
        assertThat(turn(secondClient(), session, "/api/messages")).isEqualTo("0");

        for (WebTestClient instance : List.of(client, secondClient())) {
            instance.post().uri("/api/messages").header("Authorization", session.bearer())
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("content", Map.of("message", "One more")))
                    .exchange().expectStatus().isEqualTo(429)
                    .expectBody().jsonPath("$.type").isEqualTo("https://rill.dev/problems/quota-exceeded");
        }
    }

    @Test
    void aRoomEnteredOnOneInstanceIsReadFromRedisOnTheOther() {
        Session session = signUp();
        String room = (String) client.post().uri("/api/chats").header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "Shared cache"))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
        turn(client, session, "/api/chats/" + room + "/messages");
        client.post().uri("/api/chats/{id}/enter", room).header("Authorization", session.bearer())
                .exchange().expectStatus().isOk();
        MeterRegistry secondMeters = second.getBean(MeterRegistry.class);
        double databaseBefore = historyReads(secondMeters, "database");
        double redisBefore = historyReads(secondMeters, "redis");

        turn(secondClient(), session, "/api/chats/" + room + "/messages");

        assertThat(historyReads(secondMeters, "database")).as("second instance's history reads from PostgreSQL")
                .isEqualTo(databaseBefore);
        assertThat(historyReads(secondMeters, "redis")).as("second instance's history reads from Redis")
                .isEqualTo(redisBefore + 1);
    }

    /** Runs a turn to its end on one instance and returns its {@code RateLimit-Remaining} header. */
    private static String turn(WebTestClient instance, Session session, String path) {
        var result = instance.post().uri(path).header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Map.of("message", "Hello")))
                .exchange().expectStatus().isOk().returnResult(SSE);
        List<Map<String, Object>> events = result.getResponseBody().filter(event -> event.data() != null)
                .map(event -> json(event.data())).collectList().block(Duration.ofSeconds(20));
        assertThat(events).last().extracting(e -> e.get("type")).isEqualTo("end");
        return result.getResponseHeaders().getFirst("RateLimit-Remaining");
    }

    private static double historyReads(MeterRegistry meters, String source) {
        Counter counter = meters.find(ChatService.HISTORY_READS).tag("source", source).counter();
        return counter == null ? 0 : counter.count();
    }

    @SuppressWarnings("unchecked")
    private String adminBearer() {
        // The test profile makes this address an admin; the account may exist from an earlier test.
        String email = "admin@rill.test";
        var signup = client.post().uri("/api/auth/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", PASSWORD, "nickname", "Admin"))
                .exchange().returnResult(Map.class);
        if (signup.getStatus().value() == 201) {
            return "Bearer " + signup.getResponseBody().blockFirst().get("access_token");
        }
        return "Bearer " + client.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", PASSWORD))
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("access_token");
    }

    private WebTestClient secondClient() {
        int port = ((WebServerApplicationContext) second).getWebServer().getPort();
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20)).build();
    }

    private static reactor.core.publisher.Flux<ServerSentEvent<String>> events(
            WebTestClient.RequestHeadersSpec<?> request) {
        return request.exchange().expectStatus().isOk().returnResult(SSE).getResponseBody()
                .filter(event -> event.data() != null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String data) {
        return JSON.readValue(data, Map.class);
    }
}
