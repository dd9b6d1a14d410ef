package dev.rill.durability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rill.support.FakeOpenAi;
import dev.rill.support.FakeOpenAi.Script;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.rill.durability.RillClient.json;
import static dev.rill.durability.RillClient.map;
import static dev.rill.durability.RillClient.messages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The language model misbehaves under a real Rill process: it hangs without sending a byte, refuses with 429 or
 * 500, breaks the connection mid-reply, or sends a chunk that is not JSON. Each time the client gets an {@code error}
 * event whose {@code problem} says what happened, the user's message is stored, text that had arrived is kept as a
 * {@code failed} answer, the quota unit comes back when nothing was answered, and the room takes the next message.
 *
 * <p>Rill runs with {@code max-retries=0} (so the scripted failure is the one the client sees) and 3 s model
 * timeouts (so a hang is noticed quickly).
 */
@Tag("faults")
class UpstreamFaultTest {

    private static final String PROBLEMS = "https://rill.dev/problems/";

    private static FakeOpenAi openAi;
    private static RillProcess rill;
    private static RillClient client;
    private static String bearer;

    @BeforeAll
    static void startRill() {
        openAi = FakeOpenAi.start();
        rill = RillProcess.start("upstream-faults", RillProcess.redisUrl(),
                "rill-upstream-faults-" + UUID.randomUUID() + ":",
                List.of("--rill.llm.base-url=" + openAi.baseUrl(), "--rill.llm.api-key=test-key",
                        "--rill.llm.max-retries=0", "--rill.llm.first-token-timeout=3s",
                        "--rill.llm.idle-timeout=3s", "--rill.quota.daily-turns=100"));
        client = new RillClient(rill.baseUrl());
        bearer = client.signUp();
    }

    @AfterAll
    static void stopEverything() {
        RillProcess.closeAll(rill, openAi);
    }

    @Test
    void modelThatSendsNoBytesTimesOutWithinTheFirstTokenTimeout() {
        long before = remainingQuota();
        long startedAt = System.nanoTime();
        Turn turn = send(Script.reply("never").responseDelay(Duration.ofSeconds(60)));
        Duration took = Duration.ofNanos(System.nanoTime() - startedAt);

        turn.assertFailedWith("llm-timeout");
        // 3 s timeout; generous for a loaded machine, far below the 60 s hang.
        assertThat(took).isLessThan(Duration.ofSeconds(25));
        turn.assertOnlyTheUserMessageIsStored();
        assertThat(remainingQuota()).as("refunded: nothing was answered").isEqualTo(before);
        turn.assertRoomTakesTheNextMessage();
    }

    @Test
    void rateLimitedModelEndsWithLlmRateLimited() {
        long before = remainingQuota();
        Turn turn = send(Script.error(429));

        turn.assertFailedWith("llm-rate-limited");
        turn.assertOnlyTheUserMessageIsStored();
        assertThat(remainingQuota()).as("refunded: nothing was answered").isEqualTo(before);
        turn.assertRoomTakesTheNextMessage();
    }

    @Test
    void serverErrorOfTheModelEndsWithLlmUnavailable() {
        long before = remainingQuota();
        Turn turn = send(Script.error(500));

        turn.assertFailedWith("llm-unavailable");
        turn.assertOnlyTheUserMessageIsStored();
        assertThat(remainingQuota()).as("refunded: nothing was answered").isEqualTo(before);
        turn.assertRoomTakesTheNextMessage();
    }

    @Test
    void connectionClosedMidReplyKeepsThePartialAnswerAsFailed() {
        long before = remainingQuota();
        Turn turn = send(Script.reply("Half ", "an ", "answer ", "never ", "finished").disconnectAfter(3));

        turn.assertFailedWith("llm-unavailable");
        turn.assertPartialAnswerIsStoredAsFailed("Half an answer ");
        assertThat(remainingQuota()).as("kept: text had been streamed").isEqualTo(before - 1);
        turn.assertRoomTakesTheNextMessage();
    }

    @Test
    void malformedChunkMidReplyEndsWithLlmBadResponseAndKeepsWhatArrived() {
        Turn turn = send(Script.reply("Good ", "start ", "then ", "garbage").malformedAfter(2));

        turn.assertFailedWith("llm-bad-response");
        turn.assertPartialAnswerIsStoredAsFailed("Good start ");
        turn.assertRoomTakesTheNextMessage();
    }

    private static Turn send(Script script) {
        openAi.enqueue(script);
        List<Map<String, Object>> events = client.send(bearer, null, "Tell me something")
                .map(e -> json(e.data())).collectList().block(Duration.ofSeconds(60));
        assertThat(events).isNotEmpty();
        return new Turn((String) events.get(0).get("chat_id"), events);
    }

    private static long remainingQuota() {
        Map<?, ?> quota = client.http.get().uri("/api/quota").header("Authorization", bearer)
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((Number) quota.get("remaining")).longValue();
    }

    private record Turn(String chatId, List<Map<String, Object>> events) {

        Map<String, Object> last() {
            return events.get(events.size() - 1);
        }

        void assertFailedWith(String problem) {
            assertThat(last()).as("last event of %s", events).containsEntry("type", "error")
                    .containsEntry("problem", PROBLEMS + problem);
            assertThat(events).noneMatch(e -> "end".equals(e.get("type")));
        }

        void assertOnlyTheUserMessageIsStored() {
            assertThat(last()).doesNotContainKey("message_id");
            List<Map<String, Object>> stored = messages(client.chat(bearer, chatId));
            assertThat(stored).extracting(m -> m.get("role")).containsExactly("user");
            assertThat(map(stored.get(0).get("content"))).containsEntry("message", "Tell me something");
        }

        void assertPartialAnswerIsStoredAsFailed(String text) {
            List<Map<String, Object>> stored = messages(client.chat(bearer, chatId));
            assertThat(stored).extracting(m -> m.get("role")).containsExactly("user", "assistant");
            assertThat(stored.get(1)).containsEntry("id", last().get("message_id")).containsEntry("status", "failed");
            assertThat(map(stored.get(1).get("content"))).containsEntry("message", text);
        }

        void assertRoomTakesTheNextMessage() {
            List<Map<String, Object>> next = client.send(bearer, chatId, "Try again")
                    .map(e -> json(e.data())).collectList().block(Duration.ofSeconds(60));
            assertThat(next.get(next.size() - 1)).containsEntry("type", "end");
            assertThat(map(next.get(next.size() - 1).get("result"))).containsEntry("status", "complete");
        }
    }
}
