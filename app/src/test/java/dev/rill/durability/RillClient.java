package dev.rill.durability;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.rill.support.HttpTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/** HTTP against a Rill that is not the test's own context: sign-up, streamed messages, rooms. */
final class RillClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    final WebTestClient http;

    RillClient(String baseUrl) {
        // Long answers (the slow-reader fault test stores some 600 KB) exceed the codecs' 256 KB default.
        this.http = WebTestClient.bindToServer().baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build();
    }

    /** Signs a new user up and returns the {@code Authorization} header value. */
    @SuppressWarnings("unchecked")
    String signUp() {
        Map<String, Object> body = http.post().uri("/api/auth/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", HttpTest.uniqueEmail(), "password", HttpTest.PASSWORD, "nickname", "Tester"))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return "Bearer " + body.get("access_token");
    }

    /** Sends a message ({@code chatId == null}: into a new room) and returns its stream of events. */
    Flux<ServerSentEvent<String>> send(String bearer, String chatId, String text) {
        return events(http.post().uri(chatId == null ? "/api/messages" : "/api/chats/" + chatId + "/messages")
                .header("Authorization", bearer).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Map.of("message", text))));
    }

    /** Resumes a run after {@code lastEventId} (or from the start when it is null). */
    Flux<ServerSentEvent<String>> resume(String bearer, String chatId, String runId, String lastEventId) {
        WebTestClient.RequestHeadersSpec<?> request = http.get()
                .uri("/api/chats/{c}/runs/{r}/events", chatId, runId).header("Authorization", bearer);
        return events(lastEventId == null ? request : request.header("Last-Event-ID", lastEventId));
    }

    /** The room and its messages. */
    @SuppressWarnings("unchecked")
    Map<String, Object> chat(String bearer, String chatId) {
        return http.get().uri("/api/chats/{id}", chatId).header("Authorization", bearer)
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> messages(Map<String, Object> chat) {
        return (List<Map<String, Object>>) chat.get("messages");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String data) {
        return JSON.readValue(data, Map.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Flux<ServerSentEvent<String>> events(WebTestClient.RequestHeadersSpec<?> request) {
        return request.exchange().expectStatus().isOk().returnResult(SSE).getResponseBody()
                .filter(event -> event.data() != null);
    }
}
