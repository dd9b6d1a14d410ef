package dev.rill.durability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import static dev.rill.durability.RillClient.json;
import static dev.rill.durability.RillClient.map;
import static dev.rill.durability.RillClient.messages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis goes away and comes back under a running Rill (a child process on a Redis of its own, so the rest of the
 * suite never sees the outage). PostgreSQL is the record: answered messages stay readable while Redis is down,
 * and readiness reports {@code DEGRADED} with HTTP 200 rather than taking the instance out of service. When Redis
 * returns on the same port, Redisson reconnects by itself and turns work again.
 *
 * <p>While Redis is down, turns still work: in existing rooms and in new ones, streamed from the instance's memory
 * and stored in PostgreSQL.
 */
class RedisRestartTest {

    private static int redisPort;
    private static RedisServer redis;
    private static RillProcess rill;

    @BeforeAll
    static void startRedisAndRill() {
        redisPort = RillProcess.freePort();
        redis = startRedis(redisPort);
        rill = RillProcess.start("redis-restart", "redis://127.0.0.1:" + redisPort,
                "rill-redis-restart-" + UUID.randomUUID() + ":",
                List.of("--rill.llm.api-key=", "--rill.llm.offline.token-delay=5ms",
                        "--rill.stream.owner-lease=3s",
                        // Turns go on during the outage only if the quota lets them through uncounted.
                        "--rill.quota.when-redis-down=fail-open"));
    }

    @AfterAll
    static void stopEverything() throws IOException {
        try {
            if (rill != null) {
                rill.close();
            }
        } finally {
            if (redis != null) {
                redis.stop();
            }
        }
    }

    @Test
    void answeredMessagesOutliveARedisOutageAndTurnsResumeWhenRedisReturns() throws IOException {
        RillClient client = new RillClient(rill.baseUrl());
        String bearer = client.signUp();
        List<Map<String, Object>> first = client.send(bearer, null, "Before the outage")
                .map(e -> json(e.data())).collectList().block(Duration.ofSeconds(30));
        String chatId = (String) first.get(0).get("chat_id");
        assertThat(lastEvent(first)).containsEntry("type", "end");
        Map<String, Object> firstResult = map(lastEvent(first).get("result"));
        assertThat(firstResult).containsEntry("status", "complete");

        redis.stop();

        // Readiness: degraded, still 200, so a load balancer keeps sending traffic.
        HttpResponse<String> degraded = awaitReadiness(body -> "DEGRADED".equals(body.get("status")));
        assertThat(degraded.statusCode()).isEqualTo(200);
        assertThat(map(map(json(degraded.body()).get("components")).get("redis"))).containsEntry("status", "DEGRADED");

        // PostgreSQL is the record: the answered message reads back with Redis gone.
        List<Map<String, Object>> stored = messages(client.chat(bearer, chatId));
        assertThat(stored).extracting(m -> m.get("role")).containsExactly("user", "assistant");
        assertThat(stored.get(1)).containsEntry("id", firstResult.get("message_id")).containsEntry("status", "complete");

        // Turns go on without Redis: the room claim lives in PostgreSQL, events reach this instance's client
        // from memory, and the answer is stored as always.
        List<Map<String, Object>> during = client.send(bearer, chatId, "During the outage")
                .map(e -> json(e.data())).collectList().block(Duration.ofSeconds(30));
        assertThat(lastEvent(during)).containsEntry("type", "end");
        assertThat(map(lastEvent(during).get("result"))).containsEntry("status", "complete");
        List<Map<String, Object>> newRoom = client.send(bearer, null, "A new room during the outage")
                .map(e -> json(e.data())).collectList().block(Duration.ofSeconds(30));
        assertThat(lastEvent(newRoom)).containsEntry("type", "end");
        assertThat(messages(client.chat(bearer, chatId))).extracting(m -> m.get("role"))
                .containsExactly("user", "assistant", "user", "assistant");

        redis = startRedis(redisPort);

        HttpResponse<String> up = awaitReadiness(body -> "UP".equals(body.get("status")));
        assertThat(up.statusCode()).isEqualTo(200);

        List<Map<String, Object>> after = client.send(bearer, chatId, "After the outage")
                .map(e -> json(e.data())).collectList().block(Duration.ofSeconds(30));
        assertThat(lastEvent(after)).containsEntry("type", "end");
        assertThat(map(lastEvent(after).get("result"))).containsEntry("status", "complete");
        assertThat(messages(client.chat(bearer, chatId))).extracting(m -> m.get("role"))
                .containsExactly("user", "assistant", "user", "assistant", "user", "assistant");
    }

    private static HttpResponse<String> awaitReadiness(Predicate<Map<String, Object>> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = rill.readiness();
            if (condition.test(json(last.body()))) {
                return last;
            }
            RillProcess.sleep(Duration.ofMillis(250));
        }
        throw new AssertionError("Readiness never reached the expected state; last: "
                + (last == null ? null : last.statusCode() + " " + last.body()) + "\n" + rill.logTail());
    }

    private static Map<String, Object> lastEvent(List<Map<String, Object>> events) {
        return events.get(events.size() - 1);
    }

    private static RedisServer startRedis(int port) {
        try {
            RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").onShutdownForceStop(true).build();
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
