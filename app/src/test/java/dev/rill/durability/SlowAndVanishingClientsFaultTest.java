package dev.rill.durability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoublePredicate;
import java.util.stream.IntStream;

import dev.rill.support.FakeOpenAi;
import dev.rill.support.FakeOpenAi.Script;
import io.netty.channel.ChannelOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import static dev.rill.durability.RillClient.json;
import static dev.rill.durability.RillClient.map;
import static dev.rill.durability.RillClient.messages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that hold a stream open without keeping up: one that reads a long answer a few bytes at a time, and a
 * thousand that follow a run and all disconnect at once. Neither may hold the run back or leave anything behind:
 * the answer is stored while the slow client is still far behind, and once the clients are gone Rill's open
 * follows ({@code rill_stream_followers}), its runs in memory and its Redis connections (counted on the test's own
 * Redis with {@code CLIENT LIST}) return to where they were.
 */
@Tag("faults")
class SlowAndVanishingClientsFaultTest {

    private static final int CLIENTS = 1000;
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private static FakeOpenAi openAi;
    private static PrivateRedis redis;
    private static RillProcess rill;
    private static RillClient client;
    private static String bearer;
    private static LoopResources loops;
    private static ConnectionProvider connections;

    @BeforeAll
    static void startRill() {
        openAi = FakeOpenAi.start();
        redis = PrivateRedis.start();
        rill = RillProcess.start("slow-and-vanishing", redis.url(), "rill-slow-vanishing-" + UUID.randomUUID() + ":",
                List.of("--rill.llm.base-url=" + openAi.baseUrl(), "--rill.llm.api-key=test-key"));
        client = new RillClient(rill.baseUrl());
        bearer = client.signUp();
        loops = LoopResources.create("fault-clients", 2, true);
        connections = ConnectionProvider.builder("fault-clients").maxConnections(CLIENTS + 10)
                .pendingAcquireMaxCount(-1).build();
    }

    @AfterAll
    static void stopEverything() {
        RillProcess.closeAll(rill, connections == null ? null : connections::dispose,
                loops == null ? null : loops::dispose, redis, openAi);
    }

    @Test
    void slowReaderDoesNotHoldTheRunBackAndLeavesNothingBehind() {
        double followersBefore = awaitMetric("rill_stream_followers", v -> v == 0);
        // Some 600 KB of events; at two small reads a second the client would need minutes to take them all.
        String[] tokens = IntStream.range(0, 2000).mapToObj(i -> "token-" + i + " " + "x".repeat(300) + " ")
                .toArray(String[]::new);
        openAi.enqueue(Script.reply(tokens));
        AtomicInteger read = new AtomicInteger();
        StringBuilder firstBytes = new StringBuilder();

        Disposable slow = httpClient().option(ChannelOption.SO_RCVBUF, 2048)
                .headers(h -> h.add("Authorization", bearer).add("Content-Type", "application/json"))
                .post().uri("/api/messages")
                .send(ByteBufFlux.fromString(Mono.just(
                        "{\"content\":{\"message\":\"Write a very long answer\"}}")))
                .responseContent().asString()
                .limitRate(1)
                .delayElements(Duration.ofMillis(500))
                .doOnNext(chunk -> {
                    if (read.getAndIncrement() == 0) {
                        synchronized (firstBytes) {
                            firstBytes.append(chunk);
                        }
                    }
                })
                .subscribe();
        try {
            String chatId = awaitChatId(firstBytes);
            // The run is not held back by its reader: the whole answer is stored while the reader is far behind.
            List<Map<String, Object>> stored = awaitMessages(chatId, 2);
            assertThat(stored.get(1)).containsEntry("status", "complete");
            assertThat((String) map(stored.get(1).get("content")).get("message")).endsWith("token-1999 "
                    + "x".repeat(300) + " ");
            int taken = read.get();
            assertThat(taken).as("chunks the slow reader has taken so far").isLessThan(200);
            // At this size the server's part ends early: what the reader has not taken waits in the kernel's
            // socket buffers, not in Rill's heap, so the follow may already be over (docs/reliability.md).
            System.out.println("slow reader: " + taken + " chunks taken when the answer was stored; followers "
                    + metric("rill_stream_followers") + " (before: " + followersBefore + ")");
        } finally {
            slow.dispose();
        }
        awaitMetric("rill_stream_followers", v -> v == followersBefore);
    }

    @Test
    void thousandClientsDisconnectingAtOnceLeaveNoFollowersOrRedisConnectionsBehind() {
        double followersBefore = awaitMetric("rill_stream_followers", v -> v == 0);
        int redisClientsBefore = redis.clients();
        // A run that streams for about a minute, so that every follower is attached while it goes on, even when
        // opening a thousand connections is slow on a loaded machine.
        String[] tokens = IntStream.range(0, 300).mapToObj(i -> "t" + i + " ").toArray(String[]::new);
        openAi.enqueue(Script.reply(tokens).tokenDelay(Duration.ofMillis(200)));
        StringBuilder firstBytes = new StringBuilder();
        Disposable sender = httpClient().headers(h -> h.add("Authorization", bearer)
                        .add("Content-Type", "application/json"))
                .post().uri("/api/messages")
                .send(ByteBufFlux.fromString(Mono.just(
                        "{\"content\":{\"message\":\"Count slowly\"}}")))
                .responseContent().asString()
                .doOnNext(chunk -> {
                    synchronized (firstBytes) {
                        if (firstBytes.length() < 2000) {
                            firstBytes.append(chunk);
                        }
                    }
                })
                .subscribe();
        List<Disposable> followers = new ArrayList<>();
        try {
            String chatId = awaitChatId(firstBytes);
            String runId = runId(firstBytes);
            AtomicInteger bytesSeen = new AtomicInteger();
            for (int i = 0; i < CLIENTS; i++) {
                followers.add(httpClient().headers(h -> h.add("Authorization", bearer))
                        .get().uri("/api/chats/" + chatId + "/runs/" + runId + "/events")
                        .responseContent().asString()
                        .doOnNext(chunk -> bytesSeen.addAndGet(chunk.length()))
                        .subscribe());
            }
            double peak = awaitMetric("rill_stream_followers", v -> v >= followersBefore + CLIENTS + 1);
            int redisClientsAtPeak = redis.clients();
            assertThat(bytesSeen.get()).as("the followers were really streamed to").isPositive();
            System.out.println("followers before " + followersBefore + ", at peak " + peak + "; Redis clients before "
                    + redisClientsBefore + ", at peak " + redisClientsAtPeak);

            followers.forEach(Disposable::dispose);
            sender.dispose();

            double after = awaitMetric("rill_stream_followers", v -> v == followersBefore);
            // The run goes on without clients, ends, and is forgotten after its grace: nothing stays in memory.
            List<Map<String, Object>> stored = awaitMessages(chatId, 2);
            assertThat(stored.get(1)).containsEntry("status", "complete");
            double localRuns = awaitMetric("rill_stream_local_runs", v -> v == 0);
            int redisClientsAfter = awaitRedisClients(redisClientsAtPeak);
            System.out.println("followers after " + after + ", local runs " + localRuns + ", Redis clients after "
                    + redisClientsAfter);
            assertThat(after).isEqualTo(followersBefore);
            assertThat(redisClientsAfter).as("Redis connections once the clients are gone")
                    .isLessThanOrEqualTo(Math.max(redisClientsBefore, redisClientsAtPeak));
            assertThat(rill.readiness().statusCode()).isEqualTo(200);
        } finally {
            followers.forEach(Disposable::dispose);
            sender.dispose();
        }
    }

    private static HttpClient httpClient() {
        return HttpClient.create(connections).runOn(loops).baseUrl(rill.baseUrl())
                .responseTimeout(Duration.ofMinutes(5));
    }

    private static String awaitChatId(StringBuilder firstBytes) {
        return (String) startEvent(firstBytes).get("chat_id");
    }

    private static String runId(StringBuilder firstBytes) {
        return (String) startEvent(firstBytes).get("run_id");
    }

    private static Map<String, Object> startEvent(StringBuilder firstBytes) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String text;
            synchronized (firstBytes) {
                text = firstBytes.toString();
            }
            for (String line : text.split("\n")) {
                if (line.startsWith("data:") && line.contains("\"chat_id\"")) {
                    return json(line.substring("data:".length()));
                }
            }
            RillProcess.sleep(Duration.ofMillis(100));
        }
        throw new AssertionError("No start event within 60 s" + "\n" + rill.logTail());
    }

    private static List<Map<String, Object>> awaitMessages(String chatId, int count) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        List<Map<String, Object>> last = List.of();
        while (System.nanoTime() < deadline) {
            last = messages(client.chat(bearer, chatId));
            if (last.size() >= count) {
                return last;
            }
            RillProcess.sleep(Duration.ofMillis(250));
        }
        throw new AssertionError("The room never held " + count + " messages; last: " + last);
    }

    private static int awaitRedisClients(int atMost) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        int last = redis.clients();
        while (System.nanoTime() < deadline && last > atMost) {
            RillProcess.sleep(Duration.ofMillis(500));
            last = redis.clients();
        }
        return last;
    }

    private static double awaitMetric(String name, DoublePredicate condition) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        double last = Double.NaN;
        while (System.nanoTime() < deadline) {
            last = metric(name);
            if (condition.test(last)) {
                return last;
            }
            RillProcess.sleep(Duration.ofMillis(250));
        }
        throw new AssertionError(name + " never reached the expected value; last " + last + "\n" + rill.logTail());
    }

    /** One gauge from {@code /actuator/prometheus}. */
    private static double metric(String name) {
        String body = client.http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return body.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in /actuator/prometheus"));
    }
}
