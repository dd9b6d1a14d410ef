package dev.rill.shared.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad input gets a 4xx problem document, and nothing internal leaks into it. */
class ErrorResponsesTest extends HttpTest {

    private static final String PROBLEMS = "https://rill.dev/problems/";

    @Test
    void malformedJsonIsA400Problem() {
        String body = problem(client.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\": \"a@b.co\", \"password\": "), HttpStatus.BAD_REQUEST, "malformed-body");
        assertThat(body).contains("not valid JSON");
    }

    @Test
    void wrongContentTypeIsA415Problem() {
        problem(client.post().uri("/api/auth/login").contentType(MediaType.TEXT_PLAIN)
                .bodyValue("email=a@b.co"), HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
    }

    @Test
    void missingContentTypeIsA415Problem() {
        problem(client.post().uri("/api/auth/login").bodyValue(new byte[]{'{', '}'}),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
    }

    @Test
    void bodyOverTheLimitWithContentLengthIsA413Problem() {
        String huge = "{\"email\":\"" + "a".repeat(70 * 1024) + "@b.co\",\"password\":\"x\"}";
        problem(client.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON).bodyValue(huge),
                HttpStatus.CONTENT_TOO_LARGE, "body-too-large");
    }

    @Test
    void chunkedBodyOverTheLimitIsA413Problem() {
        byte[] chunk = ("{\"email\":\"" + "a".repeat(10 * 1024)).getBytes(StandardCharsets.UTF_8);
        Flux<DataBuffer> chunks = Flux.range(0, 10).map(i -> DefaultDataBufferFactory.sharedInstance
                .wrap(i == 0 ? chunk : "a".repeat(10 * 1024).getBytes(StandardCharsets.UTF_8)));
        problem(client.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .body(chunks, DataBuffer.class), HttpStatus.CONTENT_TOO_LARGE, "body-too-large");
    }

    @Test
    void unknownFieldIsNamedInA400Problem() {
        client.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "a@b.co", "password", "whatever1", "remember_me", true))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo(PROBLEMS + "unknown-field")
                .jsonPath("$.errors[0].field").isEqualTo("remember_me");
    }

    @Test
    void wrongJsonTypeNamesTheField() {
        client.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\": {\"nested\": 1}, \"password\": \"x\"}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.type").isEqualTo(PROBLEMS + "validation")
                .jsonPath("$.errors[0].field").isEqualTo("email");
    }

    @Test
    void emptyBodyIsA400Problem() {
        problem(client.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON),
                HttpStatus.BAD_REQUEST, "malformed-body");
    }

    @Test
    void jsonArrayInsteadOfObjectIsA400Problem() {
        problem(client.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON).bodyValue("[1,2]"),
                HttpStatus.BAD_REQUEST, "malformed-body");
    }

    @Test
    void validationProblemListsEveryFieldAtFault() {
        client.post().uri("/api/auth/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "not-an-email", "password", "x", "nickname", ""))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.type").isEqualTo(PROBLEMS + "validation")
                .jsonPath("$.title").isEqualTo("Invalid request")
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.errors[?(@.field == 'email')]").exists()
                .jsonPath("$.errors[?(@.field == 'nickname')]").exists();
    }

    @Test
    void unknownRouteIsA404Problem() {
        Session session = signUp();
        problem(client.get().uri("/api/no-such-thing").header("Authorization", session.bearer()),
                HttpStatus.NOT_FOUND, "not-found");
    }

    @Test
    void unauthenticatedRequestIsA401ProblemWithChallenge() {
        client.get().uri("/api/me").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer")
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "unauthorized");
    }

    private String problem(WebTestClient.RequestHeadersSpec<?> request, HttpStatus status, String slug) {
        String body = request.exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).contains("\"type\":\"" + PROBLEMS + slug + "\"")
                .contains("\"status\":" + status.value())
                .contains("\"request_id\":");
        assertThat(body).doesNotContain("Exception", "dev.rill", "java.", "tools.jackson", "\tat ");
        return body;
    }
}
