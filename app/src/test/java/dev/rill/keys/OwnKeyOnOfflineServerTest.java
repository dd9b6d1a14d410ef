package dev.rill.keys;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rill.support.FakeOpenAi;
import dev.rill.support.FakeOpenAi.Script;
import dev.rill.support.HttpTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Rill with no API key of its own answers with the offline demo model, but a turn on a user's own key goes to the
 * user's provider: the user brought a real model, and the demo must not stand in for it.
 */
class OwnKeyOnOfflineServerTest extends HttpTest {

    private static final FakeOpenAi PROVIDER = FakeOpenAi.start();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    @DynamicPropertySource
    static void offline(DynamicPropertyRegistry registry) {
        registry.add("rill.llm.api-key", () -> "");
        registry.add("rill.llm.offline.token-delay", () -> "0ms");
        registry.add("rill.graph.flows", () -> "basic");
        registry.add("rill.keys.encryption-keys[0].id", () -> "current");
        registry.add("rill.keys.encryption-keys[0].secret", () -> KeyCipherTest.NEW_SECRET);
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @Test
    void aTurnOnTheUsersKeyIsAnsweredByTheirProviderAndOthersByTheDemoModel() {
        Session session = signUp();
        String key = "sk-own-" + UUID.randomUUID().toString().replace("-", "");
        String keyId = (String) client.post().uri("/api/keys").header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("provider", "openai-compatible",
                        "label", "Mine", "key", key, "base_url", PROVIDER.baseUrl(), "model", "their-model"))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody()
                .get("id");

        PROVIDER.enqueue(Script.reply("Answered ", "by your provider").usage(3, 4));
        List<Map<String, Object>> own = send(session, Map.of("content", Map.of("message", "Hello there"),
                "key_id", keyId));
        assertThat(deltas(own)).isEqualTo("Answered by your provider");
        assertThat(own.get(own.size() - 1)).containsEntry("type", "end");
        assertThat(PROVIDER.lastRequest().authorization()).isEqualTo("Bearer " + key);
        assertThat(PROVIDER.lastRequest().json()).containsEntry("model", "their-model");

        int providerCalls = PROVIDER.requests().size();
        List<Map<String, Object>> demo = send(session, Map.of("content", Map.of("message", "Hello there")));
        assertThat(demo.get(demo.size() - 1)).containsEntry("type", "end");
        assertThat(deltas(demo)).isNotEqualTo("Answered by your provider").isNotEmpty();
        assertThat(PROVIDER.requests()).as("the demo model answers without any provider").hasSize(providerCalls);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> send(Session session, Map<String, Object> body) {
        return client.post().uri("/api/messages").header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isOk()
                .returnResult(SSE).getResponseBody().filter(e -> e.data() != null)
                .map(e -> (Map<String, Object>) JSON.readValue(e.data(), Map.class))
                .collectList().block(Duration.ofSeconds(20));
    }

    private static String deltas(List<Map<String, Object>> events) {
        return String.join("", events.stream().filter(e -> e.containsKey("delta"))
                .map(e -> (String) e.get("delta")).toList());
    }
}
