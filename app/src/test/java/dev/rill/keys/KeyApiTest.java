package dev.rill.keys;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rill.shared.IdKind;
import dev.rill.support.FakeOpenAi;
import dev.rill.support.FakeOpenAi.Script;
import dev.rill.support.HttpTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

import static dev.rill.support.Problems.expectProblem;
import static dev.rill.support.Problems.expectValidation;
import static org.assertj.core.api.Assertions.assertThat;

/** Users' own provider keys over real HTTP: checked with a fake provider, stored encrypted, used by turns, counted. */
@ExtendWith(OutputCaptureExtension.class)
class KeyApiTest extends HttpTest {

    private static final FakeOpenAi OPENAI = FakeOpenAi.start();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };
    private static final String RILL_KEY = "rill-own-key";

    @Autowired
    DatabaseClient db;

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("rill.llm.base-url", OPENAI::baseUrl);
        registry.add("rill.llm.api-key", () -> RILL_KEY);
        registry.add("rill.graph.flows", () -> "basic");
        registry.add("rill.keys.encryption-keys[0].id", () -> "current");
        registry.add("rill.keys.encryption-keys[0].secret", () -> KeyCipherTest.NEW_SECRET);
        registry.add("rill.keys.encryption-keys[1].id", () -> "old");
        registry.add("rill.keys.encryption-keys[1].secret", () -> KeyCipherTest.OLD_SECRET);
        registry.add("rill.keys.prices.[gpt-4o-mini].prompt-per-million", () -> "1.00");
        registry.add("rill.keys.prices.[gpt-4o-mini].completion-per-million", () -> "2.00");
    }

    @AfterAll
    static void stopUpstream() {
        OPENAI.close();
    }

    @BeforeEach
    void resetUpstream() {
        OPENAI.reset();
        OPENAI.requireKey(null);
    }

    private static String secret() {
        return "sk-test-" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void aKeyTheProviderAcceptsIsStoredAndShownOnlyByItsLastFourCharacters(CapturedOutput output) {
        Session session = signUp();
        String key = secret();
        OPENAI.requireKey(key);

        String created = add(session, Map.of("provider", "openai-compatible", "label", "Work", "key", key,
                "base_url", OPENAI.baseUrl() + "/"))
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/keys/key-.*")
                .expectBody(String.class).returnResult().getResponseBody();
        Map<String, Object> view = JSON.readValue(created, Map.class);

        assertThat(OPENAI.lastRequest().path()).isEqualTo("/v1/models");
        assertThat(OPENAI.lastRequest().authorization()).isEqualTo("Bearer " + key);
        assertThat(view).containsEntry("provider", "openai-compatible").containsEntry("label", "Work")
                .containsEntry("base_url", OPENAI.baseUrl()).containsEntry("default", false)
                .containsEntry("last4", key.substring(key.length() - 4)).containsKey("created_at");
        assertThat((String) view.get("id")).startsWith("key-");
        String listed = client.get().uri("/api/keys").header("Authorization", session.bearer()).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(listed).contains((String) view.get("id"));
        assertThat(created + listed).doesNotContain(key);
        assertThat(output.getAll()).doesNotContain(key);
    }

    @Test
    void theRawColumnHoldsCiphertextUnderTheCurrentKeyEncryptionKey() {
        Session session = signUp();
        String key = secret();
        String id = addValid(session, key);

        Map<String, Object> row = db.sql("SELECT kek_id, secret FROM user_keys WHERE id = :id")
                .bind("id", IdKind.KEY.parse(id)).fetch().one().block(Duration.ofSeconds(10));

        assertThat(row).containsEntry("kek_id", "current");
        byte[] stored = bytes(row.get("secret"));
        assertThat(stored.length).isGreaterThan(12 + 16);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(key).doesNotContain("sk-test-");
    }

    @Test
    void aKeyTheProviderRefusesIs422KeyRejectedAndIsNotStored(CapturedOutput output) {
        Session session = signUp();
        OPENAI.requireKey("the-only-good-key");
        String key = secret();

        Map<String, Object> problem = expectProblem(add(session, Map.of("provider", "openai-compatible",
                "label", "Bad", "key", key, "base_url", OPENAI.baseUrl())), HttpStatus.UNPROCESSABLE_CONTENT,
                "key-rejected");

        assertThat(problem.toString()).doesNotContain(key);
        assertThat(list(session)).isEmpty();
        assertThat(output.getAll()).doesNotContain(key);
    }

    @Test
    void aProviderThatCannotBeReachedIs502AndTheLogNamesOnlyTheUrl(CapturedOutput output) {
        Session session = signUp();
        String key = secret();

        expectProblem(add(session, Map.of("provider", "openai-compatible", "label", "Down", "key", key,
                "base_url", "http://127.0.0.1:1/v1")), HttpStatus.BAD_GATEWAY, "provider-unreachable");

        // The capture sees Rill's log lines (so the other tests' absence checks mean something), and this one
        // carries the URL but not the key.
        assertThat(output.getAll()).contains("http://127.0.0.1:1/v1 could not be reached").doesNotContain(key);
        assertThat(list(session)).isEmpty();
    }

    @Test
    void badInputsAreValidationProblems() {
        Session session = signUp();
        String base = OPENAI.baseUrl();

        expectValidation(add(session, Map.of("provider", "anthropic", "label", "x", "key", secret())), "provider");
        expectValidation(add(session, Map.of("provider", "openai", "label", " ", "key", secret())), "label");
        expectValidation(add(session, Map.of("provider", "openai", "label", "a\nb", "key", secret())), "label");
        expectValidation(add(session, Map.of("provider", "openai", "label", "x", "key", "sk with space")), "key");
        expectValidation(add(session, Map.of("provider", "openai", "label", "x", "key", "short")), "key");
        expectValidation(add(session, Map.of("provider", "openai-compatible", "label", "x", "key", secret())),
                "base_url");
        expectValidation(add(session, Map.of("provider", "openai-compatible", "label", "x", "key", secret(),
                "base_url", "http://example.com/v1")), "base_url");
        expectValidation(add(session, Map.of("provider", "openai-compatible", "label", "x", "key", secret(),
                "base_url", "ftp://example.com/v1")), "base_url");
        expectValidation(add(session, Map.of("provider", "openai-compatible", "label", "x", "key", secret(),
                "base_url", base + "?x=1")), "base_url");
        expectValidation(add(session, Map.of("provider", "openai-compatible", "label", "x", "key", secret(),
                "base_url", "https://user:pw@example.com/v1")), "base_url");
        expectProblem(add(session, Map.of("provider", "openai", "label", "x", "key", secret(), "extra", 1)),
                HttpStatus.BAD_REQUEST, "unknown-field");
        expectProblem(client.post().uri("/api/keys").header("Authorization", session.bearer())
                .contentType(MediaType.TEXT_PLAIN).bodyValue("key").exchange(),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
        expectProblem(client.delete().uri("/api/keys/chat-" + UUID.randomUUID())
                .header("Authorization", session.bearer()).exchange(), HttpStatus.BAD_REQUEST, "malformed-id");
        expectProblem(client.get().uri("/api/keys").exchange(), HttpStatus.UNAUTHORIZED, "unauthorized");
        assertThat(OPENAI.requests()).isEmpty();
        assertThat(list(session)).isEmpty();
    }

    @Test
    void anotherUsersKeyIsNotFoundForEveryRoute() {
        Session owner = signUp();
        Session other = signUp();
        String id = addValid(owner, secret());

        expectProblem(patch(other, id, Map.of("label", "Mine now")), HttpStatus.NOT_FOUND, "not-found");
        expectProblem(client.delete().uri("/api/keys/{id}", id).header("Authorization", other.bearer()).exchange(),
                HttpStatus.NOT_FOUND, "not-found");
        expectProblem(client.get().uri("/api/keys/{id}/usage", id).header("Authorization", other.bearer())
                .exchange(), HttpStatus.NOT_FOUND, "not-found");
        expectProblem(send(other, Map.of("content", Map.of("message", "hi"), "key_id", id)).exchange(),
                HttpStatus.NOT_FOUND, "not-found");
        assertThat(list(other)).isEmpty();
        assertThat(list(owner)).hasSize(1);
    }

    @Test
    void aUserHasAtMostOneDefaultKeyAndCanRelabelAndDelete() {
        Session session = signUp();
        String first = addValid(session, secret());
        String second = addValid(session, secret());

        assertThat(patch(session, first, Map.of("default", true)).expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody()).containsEntry("default", true);
        patch(session, second, Map.of("default", true, "label", "Personal")).expectStatus().isOk();

        assertThat(list(session)).extracting(k -> k.get("id") + ":" + k.get("default") + ":" + k.get("label"))
                .containsExactly(first + ":false:Mine", second + ":true:Personal");
        expectValidation(patch(session, first, Map.of("label", "")), "label");

        client.delete().uri("/api/keys/{id}", second).header("Authorization", session.bearer()).exchange()
                .expectStatus().isNoContent();
        expectProblem(client.delete().uri("/api/keys/{id}", second).header("Authorization", session.bearer())
                .exchange(), HttpStatus.NOT_FOUND, "not-found");
        assertThat(list(session)).extracting(k -> k.get("id")).containsExactly(first);
    }

    @Test
    void aTurnRunsOnTheChosenKeyOrTheDefaultOrRillsOwnModelAndIsCountedPerKey(CapturedOutput output) {
        Session session = signUp();
        String key = secret();
        String id = addValid(session, key);
        long remaining = quotaRemaining(session);

        OPENAI.enqueue(Script.reply("On ", "your key").usage(1000, 2000));
        assertThat(lastType(send(session, Map.of("content", Map.of("message", "hi"), "key_id", id))))
                .isEqualTo("end");
        assertThat(OPENAI.lastRequest().path()).isEqualTo("/v1/chat/completions");
        assertThat(OPENAI.lastRequest().authorization()).isEqualTo("Bearer " + key);
        assertThat(quotaRemaining(session)).as("own-key turns do not count by default").isEqualTo(remaining);

        OPENAI.enqueue(Script.reply("On Rill's").usage(10, 20));
        assertThat(lastType(send(session, Map.of("content", Map.of("message", "hi"))))).isEqualTo("end");
        assertThat(OPENAI.lastRequest().authorization()).isEqualTo("Bearer " + RILL_KEY);

        patch(session, id, Map.of("default", true)).expectStatus().isOk();
        OPENAI.enqueue(Script.reply("On the default").usage(1000, 2000));
        assertThat(lastType(send(session, Map.of("content", Map.of("message", "hi"))))).isEqualTo("end");
        assertThat(OPENAI.lastRequest().authorization()).isEqualTo("Bearer " + key);

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Map<String, Object> usage = client.get().uri("/api/keys/{id}/usage?from={d}&to={d}&granularity=day",
                        id, today, today).header("Authorization", session.bearer()).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        List<Map<String, Object>> rows = (List<Map<String, Object>>) usage.get("rows");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("day", today).containsEntry("model", FakeOpenAi.MODEL)
                .containsEntry("prompt_tokens", 2000).containsEntry("completion_tokens", 4000)
                .containsEntry("turns", 2);
        // 2,000 prompt tokens at 1.00 and 4,000 completion tokens at 2.00 per million.
        assertThat(((Number) rows.get(0).get("estimated_cost")).doubleValue()).isEqualTo(0.01);

        Map<String, Object> mine = client.get().uri("/api/usage").header("Authorization", session.bearer())
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        List<Map<String, Object>> sources = (List<Map<String, Object>>) mine.get("sources");
        assertThat(sources).extracting(s -> s.get("source") + ":" + s.get("key_id"))
                .containsExactlyInAnyOrder("own-key:" + id, "rill:null");
        assertThat((Map<String, Object>) mine.get("total")).containsEntry("prompt_tokens", 2010)
                .containsEntry("completion_tokens", 4020).containsEntry("turns", 3);
        assertThat(output.getAll()).doesNotContain(key);
    }

    @Test
    void aKeyStoredUnderTheRetiredKeyEncryptionKeyStillAnswersTurns() {
        Session session = signUp();
        String key = secret();
        String id = addValid(session, key);
        UUID keyId = IdKind.KEY.parse(id);
        UUID userId = IdKind.USER.parse(session.userId());
        KeyCipher.Sealed old = new KeyCipher(new KeyProperties(
                List.of(new KeyProperties.EncryptionKey("old", KeyCipherTest.OLD_SECRET)), List.of(), List.of(),
                Duration.ofSeconds(1), Map.of())).seal(key, keyId, userId);
        db.sql("UPDATE user_keys SET kek_id = :kek, secret = :secret WHERE id = :id")
                .bind("kek", old.kekId()).bind("secret", old.bytes()).bind("id", keyId)
                .fetch().rowsUpdated().block(Duration.ofSeconds(10));

        OPENAI.enqueue(Script.reply("still works").usage(1, 1));
        assertThat(lastType(send(session, Map.of("content", Map.of("message", "hi"), "key_id", id))))
                .isEqualTo("end");
        assertThat(OPENAI.lastRequest().authorization()).isEqualTo("Bearer " + key);
    }

    @Test
    void aBaseUrlOnAPrivateLoopbackOrMetadataAddressIsRefusedBeforeAnythingIsSent() {
        Session session = signUp();
        for (String url : List.of("https://10.1.2.3/v1", "https://169.254.169.254/latest", "https://[::1]:8443/v1",
                "https://192.168.0.10/v1")) {
            Map<String, Object> problem = expectProblem(add(session, Map.of("provider", "openai-compatible",
                    "label", "Inside", "key", secret(), "base_url", url)), HttpStatus.UNPROCESSABLE_CONTENT,
                    "base-url-not-public");
            assertThat((String) problem.get("detail")).contains("rill.keys.private-hosts");
        }
        assertThat(list(session)).isEmpty();
        assertThat(OPENAI.requests()).isEmpty();
    }

    @Test
    void aKeyWhoseHostNowResolvesInsideFailsItsTurnWithoutCallingIt() {
        Session session = signUp();
        String id = addValid(session, secret());
        // As if the key's DNS name had been rebound to a private address after the key was checked.
        db.sql("UPDATE user_keys SET base_url = 'https://10.9.8.7/v1' WHERE id = :id")
                .bind("id", IdKind.KEY.parse(id)).fetch().rowsUpdated().block(Duration.ofSeconds(10));
        OPENAI.reset();

        Map<String, Object> last = lastEvent(send(session, Map.of("content", Map.of("message", "hi"), "key_id", id)));

        assertThat(last).containsEntry("type", "error")
                .containsEntry("problem", "https://rill.dev/problems/llm-request-rejected");
        assertThat((String) last.get("detail")).contains("not on the public internet");
        assertThat(OPENAI.requests()).isEmpty();
    }

    @Test
    void aKeyMayNameTheModelItsTurnsAskForAndUsageIsCountedUnderIt() {
        Session session = signUp();
        String key = secret();
        Map<String, Object> view = add(session, Map.of("provider", "openai-compatible", "label", "Ollama", "key", key,
                "base_url", OPENAI.baseUrl(), "model", "llama3.1:8b"))
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        String id = (String) view.get("id");
        assertThat(view).containsEntry("model", "llama3.1:8b");

        OPENAI.enqueue(Script.reply("From llama").usage(5, 7));
        assertThat(lastType(send(session, Map.of("content", Map.of("message", "hi"), "key_id", id))))
                .isEqualTo("end");
        assertThat(OPENAI.lastRequest().json()).containsEntry("model", "llama3.1:8b");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        List<Map<String, Object>> rows = (List<Map<String, Object>>) usage(session, id, "from=" + today + "&to="
                + today).expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody().get("rows");
        assertThat(rows).extracting(r -> r.get("model")).containsExactly("llama3.1:8b");

        assertThat(patch(session, id, Map.of("model", "")).expectStatus().isOk().expectBody(MAP).returnResult()
                .getResponseBody()).doesNotContainKey("model");
        OPENAI.enqueue(Script.reply("From the default model").usage(5, 7));
        assertThat(lastType(send(session, Map.of("content", Map.of("message", "hi"), "key_id", id))))
                .isEqualTo("end");
        assertThat(OPENAI.lastRequest().json().get("model")).isNotEqualTo("llama3.1:8b");

        expectValidation(patch(session, id, Map.of("model", "two words")), "model");
        expectValidation(add(session, Map.of("provider", "openai", "label", "x", "key", secret(), "model", "")),
                "model");
    }

    @Test
    void aKeySealedUnderARetiredEncryptionKeyIs409KeyUnreadableAndNothingIsSent() {
        Session session = signUp();
        String id = addValid(session, secret());
        db.sql("UPDATE user_keys SET kek_id = 'retired-long-ago' WHERE id = :id")
                .bind("id", IdKind.KEY.parse(id)).fetch().rowsUpdated().block(Duration.ofSeconds(10));
        OPENAI.reset();

        Map<String, Object> problem = expectProblem(send(session, Map.of("content", Map.of("message", "hi"),
                "key_id", id)).exchange(), HttpStatus.CONFLICT, "key-unreadable");

        assertThat((String) problem.get("detail")).contains("add it again");
        assertThat(OPENAI.requests()).isEmpty();
    }

    @Test
    void aRoomBoundToAKeyRunsItsTurnsOnItUntilTheKeyIsGoneThenOnTheDefault() {
        Session session = signUp();
        String defaultKey = secret();
        String roomKey = secret();
        String defaultId = addValid(session, defaultKey);
        String roomId = addValid(session, roomKey);
        patch(session, defaultId, Map.of("default", true)).expectStatus().isOk();
        String chatId = (String) client.post().uri("/api/chats").header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "On my key")).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id");

        Map<String, Object> bound = patchChat(session, chatId, Map.of("key_id", roomId)).expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
        assertThat(bound).containsEntry("key_id", roomId).containsEntry("title", "On my key");

        assertThat(lastType(sendInRoom(session, chatId, Map.of("content", Map.of("message", "hi")))))
                .isEqualTo("end");
        assertThat(OPENAI.lastRequest().authorization()).isEqualTo("Bearer " + roomKey);
        assertThat(lastType(sendInRoom(session, chatId, Map.of("content", Map.of("message", "hi"),
                "key_id", defaultId)))).isEqualTo("end");
        assertThat(OPENAI.lastRequest().authorization()).as("a turn's own key_id wins").isEqualTo("Bearer " + defaultKey);

        client.delete().uri("/api/keys/{id}", roomId).header("Authorization", session.bearer()).exchange()
                .expectStatus().isNoContent();
        assertThat(lastType(sendInRoom(session, chatId, Map.of("content", Map.of("message", "hi")))))
                .isEqualTo("end");
        assertThat(OPENAI.lastRequest().authorization()).isEqualTo("Bearer " + defaultKey);

        assertThat(patchChat(session, chatId, Map.of("key_id", "")).expectStatus().isOk().expectBody(MAP)
                .returnResult().getResponseBody()).containsEntry("key_id", null).containsEntry("title", "On my key");
    }

    @Test
    void aRoomCanOnlyBeBoundToOneOfItsOwnersKeys() {
        Session owner = signUp();
        Session other = signUp();
        String othersKey = addValid(other, secret());
        String chatId = (String) client.post().uri("/api/chats").header("Authorization", owner.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "Mine")).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id");

        expectValidation(patchChat(owner, chatId, Map.of("key_id", othersKey)), "key_id");
        expectProblem(patchChat(owner, chatId, Map.of("key_id", "chat-" + UUID.randomUUID())),
                HttpStatus.BAD_REQUEST, "malformed-id");
        expectValidation(patchChat(owner, chatId, Map.of()), "title");
        expectProblem(patchChat(other, chatId, Map.of("key_id", othersKey)), HttpStatus.NOT_FOUND, "not-found");
        assertThat(client.get().uri("/api/chats/{id}", chatId).header("Authorization", owner.bearer()).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody()).containsEntry("key_id", null);
    }

    @Test
    void usageQueriesWithBadRangesAreValidationProblems() {
        Session session = signUp();
        String id = addValid(session, secret());

        expectValidation(usage(session, id, "granularity=hour"), "granularity");
        expectValidation(usage(session, id, "from=yesterday"), "from");
        expectValidation(usage(session, id, "from=2026-02-01&to=2026-01-01"), "from");
        expectValidation(usage(session, id, "from=2020-01-01&to=2026-01-01"), "from");
        expectValidation(client.get().uri("/api/usage?to=soon").header("Authorization", session.bearer())
                .exchange(), "to");
        Map<String, Object> empty = usage(session, id, "").expectStatus().isOk().expectBody(MAP).returnResult()
                .getResponseBody();
        assertThat((List<?>) empty.get("rows")).isEmpty();
        assertThat(empty).containsEntry("granularity", "day");
    }

    private WebTestClient.ResponseSpec usage(Session session, String id, String query) {
        return client.get().uri("/api/keys/" + id + "/usage?" + query).header("Authorization", session.bearer())
                .exchange();
    }

    private WebTestClient.ResponseSpec add(Session session, Map<String, Object> body) {
        return client.post().uri("/api/keys").header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private String addValid(Session session, String key) {
        return (String) add(session, Map.of("provider", "openai-compatible", "label", "Mine", "key", key,
                "base_url", OPENAI.baseUrl()))
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id");
    }

    private WebTestClient.ResponseSpec patchChat(Session session, String chatId, Map<String, Object> body) {
        return client.patch().uri("/api/chats/{id}", chatId).header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.RequestHeadersSpec<?> sendInRoom(Session session, String chatId, Map<String, Object> body) {
        return client.post().uri("/api/chats/{id}/messages", chatId).header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    private WebTestClient.ResponseSpec patch(Session session, String id, Map<String, Object> body) {
        return client.patch().uri("/api/keys/{id}", id).header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> list(Session session) {
        return (List<Map<String, Object>>) client.get().uri("/api/keys").header("Authorization", session.bearer())
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody().get("keys");
    }

    private long quotaRemaining(Session session) {
        return ((Number) client.get().uri("/api/quota").header("Authorization", session.bearer()).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody().get("remaining")).longValue();
    }

    private WebTestClient.RequestHeadersSpec<?> send(Session session, Map<String, Object> body) {
        return client.post().uri("/api/messages").header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    private static String lastType(WebTestClient.RequestHeadersSpec<?> request) {
        return (String) lastEvent(request).get("type");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lastEvent(WebTestClient.RequestHeadersSpec<?> request) {
        List<ServerSentEvent<String>> events = request.exchange().expectStatus().isOk()
                .returnResult(SSE).getResponseBody().filter(e -> e.data() != null)
                .collectList().block(Duration.ofSeconds(20));
        return JSON.readValue(events.get(events.size() - 1).data(), Map.class);
    }

    private static byte[] bytes(Object column) {
        if (column instanceof java.nio.ByteBuffer buffer) {
            byte[] copy = new byte[buffer.remaining()];
            buffer.duplicate().get(copy);
            return copy;
        }
        return (byte[]) column;
    }
}
