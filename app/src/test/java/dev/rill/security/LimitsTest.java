package dev.rill.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.rill.recipe.RecipeService;
import dev.rill.support.FakeOpenAi;
import dev.rill.support.HttpTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.rill.support.Problems.expectProblem;
import static dev.rill.support.Problems.expectValidation;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OWASP API4 (unrestricted resource consumption): every JSON body, page size, message and header has a bound, and
 * going over it is a 4xx problem, never a 5xx or a stored object. Upload sizes and types are covered per feature by
 * AttachmentRulesTest and DocumentValidationTest.
 */
class LimitsTest extends HttpTest {

    private static final FakeOpenAi PROVIDER = FakeOpenAi.start();
    /** Over the 64 KiB default of rill.web.max-json-body. */
    private static final String HUGE = "x".repeat(70 * 1024);

    @Autowired
    RecipeService recipes;

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @Test
    void everyJsonBodyOverTheLimitIs413WhateverTheRoute() {
        Session alice = signUp();
        Estate estate = Estate.of(client, alice, recipes, PROVIDER);
        Map<String, String> ids = new java.util.HashMap<>(estate.ids());
        ids.put("provider", "google");
        List<String[]> operations = jsonBodyOperations();
        assertThat(operations).as("operations with a JSON body").hasSizeGreaterThan(20);

        List<String> failures = new ArrayList<>();
        for (String[] operation : operations) {
            String uri = ObjectLevelAuthorizationTest.expand(operation[1], ids);
            for (boolean chunked : new boolean[] {false, true}) {
                WebTestClient.RequestBodySpec spec = client.method(HttpMethod.valueOf(operation[0])).uri(uri)
                        .header("Authorization", alice.bearer()).contentType(MediaType.APPLICATION_JSON);
                String body = "{\"title\":\"" + HUGE + "\"}";
                WebTestClient.ResponseSpec response = chunked
                        ? spec.body(reactor.core.publisher.Flux.just(body.substring(0, 1000), body.substring(1000))
                                .map(s -> new org.springframework.core.io.buffer.DefaultDataBufferFactory()
                                        .wrap(s.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                                org.springframework.core.io.buffer.DataBuffer.class).exchange()
                        : spec.bodyValue(body).exchange();
                var result = response.expectBody(String.class).returnResult();
                String problem = result.getResponseBody() == null ? "" : result.getResponseBody();
                MediaType type = result.getResponseHeaders().getContentType();
                boolean isProblem = type != null && type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
                boolean tooLarge = result.getStatus().value() == 413 && problem.contains("/problems/body-too-large");
                // The SMS and mail routes are off in tests (no gateway, no SMTP) and say so before reading a body.
                boolean featureOff = result.getStatus().value() == 501 && problem.contains("-unavailable\"");
                if (!isProblem || !(tooLarge || featureOff)) {
                    failures.add(operation[0] + " " + operation[1] + (chunked ? " chunked" : "") + ": "
                            + result.getStatus() + " " + problem);
                }
            }
        }
        assertThat(failures).isEmpty();
        // Nothing was changed by the refused bodies.
        client.get().uri("/api/chats/{id}", estate.chatId()).header("Authorization", alice.bearer()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.title").isEqualTo("Can my dog eat pumpkin?");
    }

    @Test
    void everyPageSizeOverItsMaximumOrMalformedIs400() {
        Session alice = signUp();
        String chatId = (String) Estate.json(client, client.post().uri("/api/chats")
                .header("Authorization", alice.bearer()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "Paging")).exchange().expectStatus().isCreated()).get("id");
        client.post().uri("/api/chats/{id}/share", chatId).header("Authorization", alice.bearer()).exchange()
                .expectStatus().is2xxSuccessful();
        List<String> pages = List.of("/api/chats?limit=", "/api/profiles?limit=", "/api/recipes?limit=",
                "/api/documents?limit=", "/api/knowledge-requests?limit=", "/api/chats/" + chatId + "?messages_limit=",
                "/api/shared/" + chatId + "?messages_limit=");
        List<String> failures = new ArrayList<>();
        for (String page : pages) {
            for (String value : List.of("100001", "0", "-1", "abc", "9999999999999999999999", "1e3")) {
                try {
                    expectProblem(client.get().uri(page + value).header("Authorization", alice.bearer()).exchange(),
                            HttpStatus.BAD_REQUEST, "validation");
                } catch (AssertionError e) {
                    failures.add(page + value + ": " + e.getMessage());
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aMessageOverTheCharacterLimitIs400AndNothingIsStored() {
        Session alice = signUp();
        expectValidation(client.post().uri("/api/messages").header("Authorization", alice.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Map.of("message", "a".repeat(8001)))).exchange(), "content.message");
        // Counted in code points: 8001 emoji are 16002 UTF-16 units and 32004 bytes, still under the body limit.
        expectValidation(client.post().uri("/api/messages").header("Authorization", alice.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Map.of("message", "😀".repeat(8001)))).exchange(), "content.message");
        client.get().uri("/api/chats").header("Authorization", alice.bearer()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.results").isEmpty();
    }

    @Test
    void anOversizedHeaderIsRefusedWithoutA5xx() {
        Session alice = signUp();
        client.get().uri("/api/me").header("Authorization", alice.bearer()).header("X-Padding", "p".repeat(64 * 1024))
                .exchange().expectStatus().value(status -> assertThat(status).isBetween(400, 499));
        client.get().uri("/api/me?q=" + "u".repeat(64 * 1024)).header("Authorization", alice.bearer())
                .exchange().expectStatus().value(status -> assertThat(status).isBetween(400, 499));
        // The server is still answering.
        client.get().uri("/api/me").header("Authorization", alice.bearer()).exchange().expectStatus().isOk();
    }

    /** Method and path of every operation whose request body may be JSON. */
    @SuppressWarnings("unchecked")
    private List<String[]> jsonBodyOperations() {
        Map<String, Object> api = Estate.json(client, client.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk());
        List<String[]> operations = new ArrayList<>();
        ((Map<String, Map<String, Object>>) api.get("paths")).forEach((path, ops) -> ops.forEach((method, op) -> {
            if (op instanceof Map<?, ?> operation && operation.get("requestBody") instanceof Map<?, ?> body
                    && body.get("content") instanceof Map<?, ?> content
                    && (content.containsKey("application/json") || content.containsKey("*/*"))) {
                operations.add(new String[] {method.toUpperCase(), path});
            }
        }));
        return operations;
    }
}
