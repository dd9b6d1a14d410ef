package dev.rill.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.rill.support.FakeOpenAi;
import dev.rill.support.FakeOpenAi.Script;
import dev.rill.support.HttpTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Messages answered as runs, over real HTTP, with the real langchain4j client talking to a fake OpenAI server. */
class StreamingRunTest extends HttpTest {

    private static final FakeOpenAi OPENAI = FakeOpenAi.start();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("rill.llm.base-url", OPENAI::baseUrl);
        registry.add("rill.llm.api-key", () -> "test-key");
        // The run machinery is under test, not routing: every turn goes to plain chat, with no router call.
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

    @Test
    @SuppressWarnings("unchecked")
    void streamsTokensInOrderAndSavesTheAnswerBeforeEnd() {
        OPENAI.enqueue(Script.reply("Hel", "lo", ", ", "world").usage(12, 4));
        Session session = signUp();

        List<Map<String, Object>> events = events(send(session, "/api/messages", "Say hello"));

        assertThat(events).extracting(e -> e.get("type"))
                .containsExactly("start", "tool_selection", "tool_selection",
                        "basic_flow", "basic_flow", "basic_flow", "basic_flow", "basic_flow", "end");
        assertThat(map(events.get(2).get("content"))).containsEntry("tool", "basic");
        assertThat(events.subList(4, 8)).extracting(e -> e.get("delta")).containsExactly("Hel", "lo", ", ", "world");
        Map<String, Object> start = events.get(0);
        assertThat((String) start.get("chat_id")).startsWith("chat-");
        assertThat((String) start.get("run_id")).startsWith("run-");
        Map<String, Object> result = map(events.get(8).get("result"));
        assertThat(result).containsEntry("status", "complete").containsEntry("next_step", "end");
        assertThat(map(result.get("usage"))).containsEntry("prompt_tokens", 12).containsEntry("completion_tokens", 4);
        assertThat((List<Object>) result.get("flows")).containsExactly("basic");
        assertThat((List<Object>) result.get("nodes")).extracting(node -> map(node).get("node"))
                .containsExactly("tool_selection", "basic");

        client.get().uri("/api/chats/{id}", start.get("chat_id")).header("Authorization", session.bearer())
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.title").isEqualTo("Say hello")
                .jsonPath("$.messages[0].role").isEqualTo("user")
                .jsonPath("$.messages[1].role").isEqualTo("assistant")
                .jsonPath("$.messages[1].content.message").isEqualTo("Hello, world")
                .jsonPath("$.messages[1].id").isEqualTo(result.get("message_id"));
        assertThat(OPENAI.lastRequest().messages()).last().extracting(m -> m.get("content")).isEqualTo("Say hello");
    }

    @Test
    void resumeFromEveryLastEventIdGivesExactlyTheMissingEvents() {
        OPENAI.enqueue(Script.reply("a", "b", "c"));
        Session session = signUp();
        List<ServerSentEvent<String>> all = sse(send(session, "/api/messages", "Count"));
        Map<String, Object> start = json(all.get(0).data());

        for (int seen = 0; seen <= all.size(); seen++) {
            List<ServerSentEvent<String>> resumed = sse(client.get()
                    .uri("/api/chats/{c}/runs/{r}/events", start.get("chat_id"), start.get("run_id"))
                    .header("Authorization", session.bearer())
                    .header("Last-Event-ID", Integer.toString(seen)));
            assertThat(resumed).as("after %d", seen).extracting(ServerSentEvent::id)
                    .containsExactlyElementsOf(all.subList(seen, all.size()).stream().map(ServerSentEvent::id).toList());
            assertThat(resumed).extracting(ServerSentEvent::data)
                    .containsExactlyElementsOf(all.subList(seen, all.size()).stream().map(ServerSentEvent::data).toList());
        }
    }

    @Test
    void eventSourceMayPassTheTokenInTheQuery() {
        OPENAI.enqueue(Script.reply("ok"));
        Session session = signUp();
        Map<String, Object> start = events(send(session, "/api/messages", "Hi")).get(0);

        List<Map<String, Object>> replay = events(client.get()
                .uri("/api/chats/{c}/runs/{r}/events?access_token={t}", start.get("chat_id"), start.get("run_id"),
                        session.accessToken()));

        assertThat(replay).first().extracting(e -> e.get("type")).isEqualTo("start");
        assertThat(replay).last().extracting(e -> e.get("type")).isEqualTo("end");
    }

    @Test
    void deletingTheRoomStopsItsRunAndEndsTheStreamWithAnError() {
        OPENAI.enqueue(Script.reply("one ", "two ", "three ", "four ", "five ", "six ", "seven ", "eight ")
                .tokenDelay(Duration.ofMillis(300)));
        Session session = signUp();
        AtomicReference<Map<String, Object>> start = new AtomicReference<>();

        List<Map<String, Object>> events = Flux.from(stream(send(session, "/api/messages", "Count slowly")))
                .map(e -> json(e.data()))
                .doOnNext(event -> {
                    if ("start".equals(event.get("type"))) {
                        start.set(event);
                    }
                    if ("one ".equals(event.get("delta"))) {
                        Mono.fromRunnable(() -> client.delete().uri("/api/chats/{c}", start.get().get("chat_id"))
                                        .header("Authorization", session.bearer()).exchange()
                                        .expectStatus().isNoContent())
                                .subscribeOn(Schedulers.boundedElastic()).subscribe();
                    }
                })
                .collectList().block(Duration.ofSeconds(20));

        Map<String, Object> last = events.get(events.size() - 1);
        assertThat(last).containsEntry("type", "error").containsEntry("error", "The chat was deleted");
        assertThat(events).filteredOn(e -> e.containsKey("delta")).hasSizeLessThan(8);
        assertThat(OPENAI.lastRequest().awaitOutcome(Duration.ofSeconds(10))).isEqualTo(FakeOpenAi.Outcome.CLIENT_CLOSED);
    }

    @Test
    void cancelStopsTheRunAndSavesThePartialAnswerAsStopped() {
        OPENAI.enqueue(Script.reply("one ", "two ", "three ", "four ", "five ", "six ", "seven ", "eight ")
                .tokenDelay(Duration.ofMillis(300)));
        Session session = signUp();
        AtomicReference<Map<String, Object>> start = new AtomicReference<>();

        List<Map<String, Object>> events = Flux.from(stream(send(session, "/api/messages", "Count slowly")))
                .map(e -> json(e.data()))
                .doOnNext(event -> {
                    if ("start".equals(event.get("type"))) {
                        start.set(event);
                    }
                    if ("one ".equals(event.get("delta"))) {
                        // Off the event loop that delivers this event: the test client blocks.
                        Mono.fromRunnable(() -> client.post().uri("/api/chats/{c}/runs/{r}/cancel",
                                                start.get().get("chat_id"), start.get().get("run_id"))
                                        .header("Authorization", session.bearer()).exchange()
                                        .expectStatus().isAccepted())
                                .subscribeOn(Schedulers.boundedElastic()).subscribe();
                    }
                })
                .collectList().block(Duration.ofSeconds(20));

        Map<String, Object> end = events.get(events.size() - 1);
        assertThat(end.get("type")).isEqualTo("end");
        assertThat(map(end.get("result"))).containsEntry("status", "stopped");
        Map<String, Object> usage = map(map(end.get("result")).get("usage"));
        assertThat(usage).containsEntry("estimated", true);
        assertThat((Integer) usage.get("completion_tokens")).isPositive();
        assertThat(events).filteredOn(e -> e.containsKey("delta")).hasSizeLessThan(8);
        client.get().uri("/api/chats/{id}", start.get().get("chat_id")).header("Authorization", session.bearer())
                .exchange().expectBody()
                .jsonPath("$.messages[1].status").isEqualTo("stopped")
                .jsonPath("$.messages[1].content.message").value(text -> assertThat((String) text).startsWith("one "));
    }

    @Test
    void clientThatDisconnectsStillGetsItsAnswerSaved() {
        OPENAI.enqueue(Script.reply("slow ", "but ", "sure").tokenDelay(Duration.ofMillis(200)));
        Session session = signUp();

        Map<String, Object> start = events(send(session, "/api/messages", "Take your time"), 1).get(0);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                client.get().uri("/api/chats/{id}", start.get("chat_id")).header("Authorization", session.bearer())
                        .exchange().expectBody()
                        .jsonPath("$.messages[1].status").isEqualTo("complete")
                        .jsonPath("$.messages[1].content.message").isEqualTo("slow but sure"));
    }

    @Test
    void upstreamFailureAfterTokensEndsWithAnErrorEventAndKeepsThePartialText() {
        OPENAI.enqueue(Script.reply("partial ", "answer ", "lost").disconnectAfter(2));
        Session session = signUp();

        List<Map<String, Object>> events = events(send(session, "/api/messages", "Try"));

        Map<String, Object> last = events.get(events.size() - 1);
        assertThat(last.get("type")).isEqualTo("error");
        assertThat((String) last.get("error")).isNotBlank();
        assertThat(events).noneMatch(e -> "end".equals(e.get("type")));
        client.get().uri("/api/chats/{id}", events.get(0).get("chat_id")).header("Authorization", session.bearer())
                .exchange().expectBody()
                .jsonPath("$.messages[1].status").isEqualTo("failed")
                .jsonPath("$.messages[1].id").isEqualTo(last.get("message_id"));
    }

    @Test
    void secondMessageWhileAnsweringIsAConflict() {
        OPENAI.enqueue(Script.reply("a", "b", "c").tokenDelay(Duration.ofMillis(300)));
        Session session = signUp();
        Map<String, Object> start = events(send(session, "/api/messages", "First"), 1).get(0);

        client.post().uri("/api/chats/{id}/messages", start.get("chat_id")).header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", Map.of("message", "Second")))
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://rill.dev/problems/run-in-progress");
    }

    @Test
    void badInputGetsProblemsBeforeAnyStream() {
        Session session = signUp();
        problem(client.post().uri("/api/messages").header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", Map.of("message", " "))), 400);
        problem(client.post().uri("/api/messages").header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "hi")), 400);
        problem(client.post().uri("/api/chats/chat-nope/messages").header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", Map.of("message", "hi"))), 400);
        problem(client.get().uri("/api/chats/chat-00000000-0000-7000-8000-000000000000/runs/run-x/events")
                .header("Authorization", session.bearer()), 400);
        problem(client.get().uri("/api/chats/chat-00000000-0000-7000-8000-000000000000/runs/"
                        + "run-00000000-0000-7000-8000-000000000000/events")
                .header("Authorization", session.bearer()), 404);
        assertThat(OPENAI.requests()).isEmpty();
    }

    @Test
    void anotherUsersRunIsNotFound() {
        OPENAI.enqueue(Script.reply("mine"));
        Session owner = signUp();
        Session stranger = signUp();
        Map<String, Object> start = events(send(owner, "/api/messages", "Private")).get(0);

        problem(client.get().uri("/api/chats/{c}/runs/{r}/events", start.get("chat_id"), start.get("run_id"))
                .header("Authorization", stranger.bearer()), 404);
        problem(client.post().uri("/api/chats/{c}/runs/{r}/cancel", start.get("chat_id"), start.get("run_id"))
                .header("Authorization", stranger.bearer()), 404);
    }

    private WebTestClient.RequestHeadersSpec<?> send(Session session, String path, String message) {
        return client.post().uri(path).header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Map.of("message", message)));
    }

    private Flux<ServerSentEvent<String>> stream(WebTestClient.RequestHeadersSpec<?> request) {
        return request.exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .expectHeader().valueEquals("X-Accel-Buffering", "no")
                .returnResult(SSE).getResponseBody()
                .filter(event -> event.data() != null);
    }

    private List<ServerSentEvent<String>> sse(WebTestClient.RequestHeadersSpec<?> request) {
        return stream(request).collectList().block(Duration.ofSeconds(20));
    }

    private List<Map<String, Object>> events(WebTestClient.RequestHeadersSpec<?> request) {
        return sse(request).stream().map(e -> json(e.data())).toList();
    }

    private List<Map<String, Object>> events(WebTestClient.RequestHeadersSpec<?> request, int take) {
        return stream(request).take(take).map(e -> json(e.data())).collectList().block(Duration.ofSeconds(20));
    }

    private static void problem(WebTestClient.RequestHeadersSpec<?> request, int status) {
        request.exchange().expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
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
