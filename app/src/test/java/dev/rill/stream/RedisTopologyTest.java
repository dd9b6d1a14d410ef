package dev.rill.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rill.chat.ChatService;
import dev.rill.support.FakeOpenAi;
import dev.rill.support.InJvmRill;
import dev.rill.support.FakeOpenAi.Script;
import dev.rill.support.PrivateRedis;
import dev.rill.support.TestKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A whole Rill against a Redis topology other than one server, started by the subclass from the installed
 * {@code redis-server}. Every multi-key script must run there: on a Cluster, keys used together that hash to
 * different slots are refused (CROSSSLOT), and the room cache would silently fall back to PostgreSQL.
 */
abstract class RedisTopologyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };
    private static final String PASSWORD = "correct horse battery staple";

    private static FakeOpenAi openAi;
    private static PrivateRedis redis;
    private static ConfigurableApplicationContext rill;

    /** Called from the subclass's {@code @BeforeAll}. */
    static void start(java.util.function.Supplier<PrivateRedis> servers) {
        assumeTrue(PrivateRedis.installed(), "redis-server and redis-cli are not on the PATH");
        redis = servers.get();
        openAi = FakeOpenAi.start();
        rill = InJvmRill.start(
                "--server.port=0",
                "--rill.redis.url=" + redis.url(),
                "--rill.auth.jwt.private-key=" + TestKeys.privatePem(TestKeys.RILL),
                "--rill.llm.base-url=" + openAi.baseUrl(),
                "--rill.llm.api-key=test-key",
                "--rill.graph.flows=basic");
    }

    @AfterAll
    static void stop() {
        // Rill first, so that Redisson does not spend its shutdown reconnecting to servers already gone.
        if (rill != null) {
            rill.close();
            rill = null;
        }
        if (redis != null) {
            redis.close();
            redis = null;
        }
        if (openAi != null) {
            openAi.close();
            openAi = null;
        }
    }

    @Test
    void aStreamedTurnIsResumedWithLastEventId() {
        openAi.enqueue(Script.reply("over ", "many ", "nodes").tokenDelay(Duration.ofMillis(100)));
        String bearer = signUp();

        ServerSentEvent<String> startEvent = events(client().post().uri("/api/messages")
                .header("Authorization", bearer).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Map.of("message", "Hello")))).blockFirst(Duration.ofSeconds(20));
        Map<String, Object> start = json(startEvent.data());
        List<Map<String, Object>> resumed = events(client().get()
                .uri("/api/chats/{c}/runs/{r}/events", start.get("chat_id"), start.get("run_id"))
                .header("Authorization", bearer).header("Last-Event-ID", startEvent.id()))
                .map(e -> json(e.data())).collectList().block(Duration.ofSeconds(20));

        assertThat(resumed).first().extracting(e -> e.get("type")).isEqualTo("tool_selection");
        assertThat(resumed).filteredOn(e -> e.containsKey("delta")).extracting(e -> e.get("delta"))
                .containsExactly("over ", "many ", "nodes");
        assertThat(resumed).last().extracting(e -> e.get("type")).isEqualTo("end");
    }

    /**
     * The scripts a follower on another instance and the orphan sweeper run, called directly: a single instance
     * serves its own runs from memory, so HTTP alone would not reach them.
     */
    @Test
    void aRunsEventScriptsRunOnThisTopology() {
        RunEventLog log = rill.getBean(RunEventLog.class);
        UUID run = UUID.randomUUID();
        Duration keep = Duration.ofMinutes(1);

        log.watch(run).block(Duration.ofSeconds(20));
        log.append(run, List.of(new RunEvent(1, "start", "{\"type\":\"start\"}"),
                new RunEvent(2, "basic_flow", "{\"delta\":\"hi\"}")), keep).block(Duration.ofSeconds(20));
        log.keepAlive(run, keep).block(Duration.ofSeconds(20));
        boolean abandonedWhileAlive = log.abandonIfOrphaned(run, RunFeed.ABANDONED).block(Duration.ofSeconds(20));
        log.dropAlive(run).block(Duration.ofSeconds(20));
        boolean abandonedAfterDeath = log.abandonIfOrphaned(run, RunFeed.ABANDONED).block(Duration.ofSeconds(20));

        assertThat(abandonedWhileAlive).as("abandoned while its owner is alive").isFalse();
        assertThat(abandonedAfterDeath).as("abandoned once its owner is gone").isTrue();
        assertThat(log.read(run, 0, 10).block(Duration.ofSeconds(20)).events())
                .extracting(RunEvent::seq, RunEvent::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "start"),
                        org.assertj.core.groups.Tuple.tuple(2L, "basic_flow"),
                        org.assertj.core.groups.Tuple.tuple(3L, "error"));
    }

    @Test
    void anEnteredRoomIsServedFromTheCache() {
        String bearer = signUp();
        String room = (String) client().post().uri("/api/chats").header("Authorization", bearer)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "Cached"))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
        turn(bearer, room);
        client().post().uri("/api/chats/{id}/enter", room).header("Authorization", bearer)
                .exchange().expectStatus().isOk();
        double databaseBefore = historyReads("database");
        double redisBefore = historyReads("redis");

        turn(bearer, room);
        turn(bearer, room);

        assertThat(historyReads("database")).as("history reads from PostgreSQL").isEqualTo(databaseBefore);
        assertThat(historyReads("redis")).as("history reads from Redis").isEqualTo(redisBefore + 2);
    }

    private void turn(String bearer, String room) {
        List<Map<String, Object>> events = events(client().post().uri("/api/chats/{id}/messages", room)
                .header("Authorization", bearer).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Map.of("message", "Hello"))))
                .map(e -> json(e.data())).collectList().block(Duration.ofSeconds(20));
        assertThat(events).last().extracting(e -> e.get("type")).isEqualTo("end");
    }

    private static double historyReads(String source) {
        Counter counter = rill.getBean(MeterRegistry.class).find(ChatService.HISTORY_READS).tag("source", source)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @SuppressWarnings("unchecked")
    private String signUp() {
        Map<String, Object> body = client().post().uri("/api/auth/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "user-" + UUID.randomUUID() + "@example.com", "password", PASSWORD,
                        "nickname", "Tester"))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return "Bearer " + body.get("access_token");
    }

    private static WebTestClient client() {
        int port = ((WebServerApplicationContext) rill).getWebServer().getPort();
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
                .baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(20)).build();
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
