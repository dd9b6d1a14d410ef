package dev.rill.durability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.rill.support.FakeOpenAi;
import dev.rill.support.FakeOpenAi.Script;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;

import static dev.rill.durability.RillClient.json;
import static dev.rill.durability.RillClient.map;
import static dev.rill.durability.RillClient.messages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of a Rill process, then a new process on the same PostgreSQL and Redis. One instance answers a
 * message to its {@code end} while a second, slow answer in another room is mid-stream; the instance is killed the
 * moment the first {@code end} has been read. The tests then check, on the restarted instance, that the
 * acknowledged answer survived, and that the interrupted run ends for a resuming client, keeps its partial answer
 * as a failed message once the survivor sweeps it, and frees its room.
 *
 * <p>Two child processes in all: the kill scenario runs once, in {@link #answerOneInterruptAnotherAndKill()}.
 */
class KillNineTest {

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final String[] SLOW_TOKENS = {"one ", "two ", "three ", "four ", "five ", "six ", "seven ",
            "eight ", "nine ", "ten ", "eleven ", "twelve ", "thirteen ", "fourteen ", "fifteen ", "sixteen ",
            "seventeen ", "eighteen ", "nineteen ", "twenty"};

    private static FakeOpenAi openAi;
    private static RillProcess first;
    private static RillProcess second;
    private static String bearer;

    private static String answeredChat;
    private static String answeredMessageId;
    private static String answeredText;

    private static String interruptedChat;
    private static String interruptedRun;
    private static String lastSeenEventId;
    private static List<String> seenDeltas;

    @BeforeAll
    static void answerOneInterruptAnotherAndKill() {
        openAi = FakeOpenAi.start();
        openAi.enqueue(
                Script.reply(SLOW_TOKENS).tokenDelay(Duration.ofMillis(300)),
                Script.reply("Every ", "acknowledged ", "word ", "is ", "kept", ".").usage(9, 6));
        String prefix = "rill-kill-nine-" + UUID.randomUUID() + ":";
        List<String> args = List.of("--rill.llm.base-url=" + openAi.baseUrl(), "--rill.llm.api-key=test-key",
                "--rill.stream.owner-lease=" + LEASE.toSeconds() + "s");

        first = RillProcess.start("kill-nine", RillProcess.redisUrl(), prefix, args);
        RillClient client = new RillClient(first.baseUrl());
        bearer = client.signUp();

        // A slow answer, read up to its third token and then left running on the server.
        AtomicInteger deltas = new AtomicInteger();
        List<ServerSentEvent<String>> seen = client.send(bearer, null, "Count to twenty slowly")
                .takeUntil(event -> json(event.data()).containsKey("delta") && deltas.incrementAndGet() == 3)
                .collectList().block(Duration.ofSeconds(30));
        Map<String, Object> start = json(seen.get(0).data());
        interruptedChat = (String) start.get("chat_id");
        interruptedRun = (String) start.get("run_id");
        lastSeenEventId = seen.get(seen.size() - 1).id();
        seenDeltas = deltas(seen);
        assertThat(seenDeltas).containsExactly("one ", "two ", "three ");

        // A fast answer, read to its end; the process dies right after.
        List<ServerSentEvent<String>> answered = client.send(bearer, null, "Say something durable")
                .collectList().block(Duration.ofSeconds(30));
        Map<String, Object> end = json(answered.get(answered.size() - 1).data());
        first.kill();

        assertThat(end).containsEntry("type", "end");
        Map<String, Object> result = map(end.get("result"));
        assertThat(result).containsEntry("status", "complete");
        answeredChat = (String) json(answered.get(0).data()).get("chat_id");
        answeredMessageId = (String) result.get("message_id");
        answeredText = String.join("", deltas(answered));
        assertThat(answeredText).isEqualTo("Every acknowledged word is kept.");

        second = RillProcess.start("kill-nine-restarted", RillProcess.redisUrl(), prefix, args);
    }

    @AfterAll
    static void stopEverything() {
        try {
            for (RillProcess child : new RillProcess[] {first, second}) {
                if (child != null) {
                    child.close();
                }
            }
        } finally {
            if (openAi != null) {
                openAi.close();
            }
        }
    }

    @Test
    void survivesKillNineAfterEnd() {
        RillClient client = new RillClient(second.baseUrl());

        List<Map<String, Object>> messages = messages(client.chat(bearer, answeredChat));

        assertThat(messages).extracting(m -> m.get("role")).containsExactly("user", "assistant");
        Map<String, Object> answer = messages.get(1);
        assertThat(answer).containsEntry("id", answeredMessageId).containsEntry("status", "complete");
        assertThat(map(answer.get("content"))).containsEntry("message", answeredText);
        assertThat(map(answer.get("token_count"))).containsEntry("prompt_tokens", 9)
                .containsEntry("completion_tokens", 6);
    }

    @Test
    void runKilledMidStreamEndsWithAnErrorForAResumingClientAndFreesTheRoom() {
        RillClient client = new RillClient(second.baseUrl());

        long resumedAt = System.nanoTime();
        List<ServerSentEvent<String>> resumed = client.resume(bearer, interruptedChat, interruptedRun, lastSeenEventId)
                .collectList().block(Duration.ofSeconds(30));
        Duration waited = Duration.ofNanos(System.nanoTime() - resumedAt);

        // What the dead instance had stored after the client's last event, in order, then the error a follower
        // writes once the owner's lease has run out.
        long expectedId = Long.parseLong(lastSeenEventId);
        for (ServerSentEvent<String> event : resumed) {
            assertThat(event.id()).isEqualTo(Long.toString(++expectedId));
        }
        List<Map<String, Object>> events = resumed.stream().map(e -> json(e.data())).toList();
        assertThat(events).isNotEmpty();
        assertThat(events.subList(0, events.size() - 1)).allSatisfy(e ->
                assertThat(e).containsEntry("type", "basic_flow").containsKey("delta"));
        assertThat(events.get(events.size() - 1)).containsEntry("type", "error")
                .containsEntry("error", "The answer was interrupted");
        List<String> allDeltas = new ArrayList<>(seenDeltas);
        allDeltas.addAll(deltas(resumed));
        assertThat(allDeltas).as("tokens the dead instance streamed, without gaps or repeats")
                .containsExactly(List.of(SLOW_TOKENS).subList(0, allDeltas.size()).toArray(String[]::new));
        assertThat(allDeltas.size()).as("the run was really cut off").isLessThan(SLOW_TOKENS.length);
        // The new instance took longer than a lease to start, so the owner is long gone: the follower gives the run
        // up at its first poll (every 2 s).
        // (Bounded generously: the point is that the follower does not wait for the run's full length.)
        assertThat(waited).isLessThan(LEASE.plusSeconds(20));

        // Once the claim has lapsed for a lease, the surviving instance's sweep keeps what the dead run had
        // streamed as a failed answer (it runs every lease, so within three leases of the kill).
        // Generous: on a loaded CI machine the sweep (every lease) has been seen to need more than four leases.
        List<Map<String, Object>> swept = awaitMessages(client, interruptedChat, 2, Duration.ofSeconds(60));
        assertThat(swept).extracting(m -> m.get("role")).containsExactly("user", "assistant");
        assertThat(swept.get(1)).containsEntry("status", "failed");
        assertThat((String) map(swept.get(1).get("content")).get("message"))
                .isEqualTo(String.join("", allDeltas.subList(0, allDeltas.size())));

        // The room is free again and takes a new message.
        List<Map<String, Object>> next = client.send(bearer, interruptedChat, "Are you back?")
                .map(e -> json(e.data())).collectList().block(Duration.ofSeconds(30));
        assertThat(next.get(next.size() - 1)).containsEntry("type", "end");
        assertThat(map(next.get(next.size() - 1).get("result"))).containsEntry("status", "complete");
        assertThat(messages(client.chat(bearer, interruptedChat))).extracting(m -> m.get("role"))
                .containsExactly("user", "assistant", "user", "assistant");
    }

    private static List<Map<String, Object>> awaitMessages(RillClient client, String chatId, int count,
                                                           Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
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

    private static List<String> deltas(List<ServerSentEvent<String>> events) {
        return events.stream().map(e -> json(e.data())).filter(e -> e.containsKey("delta"))
                .map(e -> (String) e.get("delta")).toList();
    }
}
