package dev.rill.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated and malformed JSON bodies and query parameters, sent to every JSON operation and every GET in the OpenAPI
 * document: Rill never answers 5xx, and every 4xx is a problem document. The seed is fixed so that CI is repeatable;
 * explore with {@code -Drill.fuzz.seed=<n>} and {@code -Drill.fuzz.cases=<n>}, and replay a failure with its seed.
 */
class InputFuzzTest extends HttpTest {

    private static final long SEED = Long.getLong("rill.fuzz.seed", 20261123L);
    private static final int CASES = Integer.getInteger("rill.fuzz.cases", 400);
    /** Field names that Rill's bodies use, so that mutations reach validation, not only unknown-field. */
    private static final List<String> FIELDS = List.of("title", "content", "message", "name", "species", "sex",
            "weight_kg", "age_years", "activity", "allergies", "label", "key", "model", "default", "email", "password",
            "nickname", "bio", "refresh_token", "reason", "scope", "format", "daily_turns", "key_id", "profile_id",
            "phone", "code", "id_token", "nonce", "current_password", "new_password", "first_message");
    private static final List<String> QUERY = List.of("limit", "cursor", "q", "scope", "status", "messages_limit",
            "messages_cursor", "last_event_id", "access_token", "email", "mode");
    private static final List<String> STRINGS = List.of("", " ", "null", "true", "-1", "0", "1e309", "NaN",
            "dog", "human", "female", "moderate", "user", "global", "markdown", "pending", "chat-" + UUID.randomUUID(),
            "pet-not-a-uuid", "a@b.c", "\u0000", "\n", "\uD83D\uDC36", "' OR 1=1 --", "%", "\\", "\"", "é".repeat(300));

    @Test
    void malformedBodiesAndParametersNeverCauseA5xxAndEveryRefusalIsAProblem() {
        Session alice = signUp();
        String chatId = (String) Estate.json(client, client.post().uri("/api/chats")
                .header("Authorization", alice.bearer()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "Fuzz")).exchange().expectStatus().isCreated()).get("id");
        Map<String, String> ids = Map.of("chatId", chatId, "runId", "run-" + UUID.randomUUID(),
                "attachmentId", "att-" + UUID.randomUUID(), "profileId", "pet-" + UUID.randomUUID(),
                "recipeId", "recipe-" + UUID.randomUUID(), "documentId", "doc-" + UUID.randomUUID(),
                "requestId", "kreq-" + UUID.randomUUID(), "keyId", "key-" + UUID.randomUUID(),
                "userId", alice.userId(), "provider", "google");
        List<String[]> bodies = new ArrayList<>();
        List<String> gets = new ArrayList<>();
        operations(bodies, gets);
        // The run stream routes would hold a request open while a run answers; they have their own tests.
        gets.removeIf(path -> path.endsWith("/events") || path.endsWith("/content") || path.endsWith("/image"));

        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < CASES && failures.size() < 10; i++) {
            String[] operation = bodies.get(random.nextInt(bodies.size()));
            String uri = ObjectLevelAuthorizationTest.expand(operation[1], ids);
            byte[] body = body(random);
            MediaType type = random.nextInt(10) == 0 ? MediaType.TEXT_PLAIN : MediaType.APPLICATION_JSON;
            WebTestClient.RequestBodySpec spec = client.method(HttpMethod.valueOf(operation[0])).uri(uri)
                    .header("Authorization", alice.bearer()).contentType(type);
            check("case " + i + ": " + operation[0] + " " + uri + " " + type + " " + printable(body),
                    spec.bodyValue(body).exchange(), failures);
        }
        for (int i = 0; i < CASES / 4 && failures.size() < 10; i++) {
            String path = ObjectLevelAuthorizationTest.expand(gets.get(random.nextInt(gets.size())), ids);
            StringBuilder query = new StringBuilder();
            List<Object> values = new ArrayList<>();
            for (int p = 0, n = 1 + random.nextInt(3); p < n; p++) {
                query.append(p == 0 ? "?" : "&").append(QUERY.get(random.nextInt(QUERY.size()))).append("={v")
                        .append(p).append('}');
                values.add(string(random));
            }
            check("query case " + i + ": GET " + path + query + " " + values,
                    client.get().uri(path + query, values.toArray()).header("Authorization", alice.bearer())
                            .exchange(), failures);
        }
        assertThat(failures).as("replay with -Drill.fuzz.seed=%d -Drill.fuzz.cases=%d", SEED, CASES).isEmpty();
        // Still serving, and still the same user.
        client.get().uri("/api/me").header("Authorization", alice.bearer()).exchange().expectStatus().isOk();
    }

    private static void check(String label, WebTestClient.ResponseSpec response, List<String> failures) {
        EntityExchangeResult<byte[]> result = response.expectBody().returnResult();
        int status = result.getStatus().value();
        MediaType type = result.getResponseHeaders().getContentType();
        if (status >= 500 && status != 501) {
            failures.add(label + " -> " + status + " " + printable(result.getResponseBody()));
        } else if (status >= 400 && (type == null || !type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))) {
            failures.add(label + " -> " + status + " not a problem: " + type);
        }
    }

    /** A body: a random JSON document, often then broken at the byte level. */
    private static byte[] body(Random random) {
        String json = value(random, 0, true);
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(8)) {
            case 0 -> { // truncated
                return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            }
            case 1 -> { // an invalid UTF-8 byte somewhere
                byte[] broken = bytes.clone();
                if (broken.length > 0) {
                    broken[random.nextInt(broken.length)] = (byte) (0x80 + random.nextInt(0x40));
                }
                return broken;
            }
            case 2 -> { // deep nesting
                int depth = 200 + random.nextInt(2000);
                return ("{\"title\":" + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> { // a number no type holds
                return ("{\"" + FIELDS.get(random.nextInt(FIELDS.size())) + "\":1" + "9".repeat(400) + "e99999}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 4 -> { // the same field twice, or a top-level value that is not an object
                return random.nextBoolean() ? "{\"title\":\"a\",\"title\":\"b\"}".getBytes(StandardCharsets.UTF_8)
                        : value(random, 3, false).getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                return bytes;
            }
        }
    }

    /** A random JSON value; objects use Rill's field names most of the time. */
    private static String value(Random random, int depth, boolean object) {
        int kind = object ? 0 : random.nextInt(depth > 3 ? 5 : 7);
        return switch (kind) {
            case 0 -> {
                StringBuilder out = new StringBuilder("{");
                for (int i = 0, n = random.nextInt(5); i < n; i++) {
                    String name = random.nextInt(8) == 0 ? string(random) : FIELDS.get(random.nextInt(FIELDS.size()));
                    out.append(i == 0 ? "" : ",").append(quote(name)).append(':')
                            .append(value(random, depth + 1, false));
                }
                yield out.append('}').toString();
            }
            case 1 -> quote(string(random));
            case 2 -> switch (random.nextInt(6)) {
                case 0 -> Long.toString(random.nextLong());
                case 1 -> Double.toString(random.nextGaussian() * 1e6);
                case 2 -> "-0";
                case 3 -> "1e400";
                case 4 -> "123456789012345678901234567890";
                default -> Integer.toString(random.nextInt(200) - 50);
            };
            case 3 -> random.nextBoolean() ? "true" : "false";
            case 4 -> "null";
            case 5 -> {
                StringBuilder out = new StringBuilder("[");
                for (int i = 0, n = random.nextInt(4); i < n; i++) {
                    out.append(i == 0 ? "" : ",").append(value(random, depth + 1, false));
                }
                yield out.append(']').toString();
            }
            default -> value(random, depth + 1, true);
        };
    }

    private static String string(Random random) {
        if (random.nextBoolean()) {
            return STRINGS.get(random.nextInt(STRINGS.size()));
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0, n = random.nextInt(40); i < n; i++) {
            out.appendCodePoint(switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x20);
                case 1 -> 0x20 + random.nextInt(0x5f);
                case 2 -> 0xa0 + random.nextInt(0x2000);
                default -> 0x1f300 + random.nextInt(0x300);
            });
        }
        return out.toString();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }

    @SuppressWarnings("unchecked")
    private void operations(List<String[]> bodies, List<String> gets) {
        Map<String, Object> api = Estate.json(client, client.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk());
        ((Map<String, Map<String, Object>>) api.get("paths")).forEach((path, ops) -> ops.forEach((method, op) -> {
            if (!(op instanceof Map<?, ?> operation)) {
                return;
            }
            if (method.equals("get")) {
                gets.add(path);
            } else if (operation.get("requestBody") instanceof Map<?, ?> body
                    && body.get("content") instanceof Map<?, ?> content
                    && (content.containsKey("application/json") || content.containsKey("*/*"))) {
                bodies.add(new String[] {method.toUpperCase(), path});
            }
        }));
        assertThat(bodies).hasSizeGreaterThan(20);
        assertThat(gets).hasSizeGreaterThan(15);
    }

    private static String printable(byte[] bytes) {
        if (bytes == null) {
            return "";
        }
        String text = new String(bytes, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?");
        return text.length() <= 300 ? text : text.substring(0, 300) + "… (" + bytes.length + " bytes)";
    }
}
