package dev.rill.rag;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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

import tools.jackson.databind.json.JsonMapper;

import static dev.rill.rag.KnowledgeBase.json;
import static dev.rill.rag.KnowledgeBase.uploadText;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A RAG turn end to end: documents uploaded over HTTP, a message sent to {@code POST /api/messages}, the graph's
 * router and the {@code rag} flow streaming over SSE against the fake OpenAI server, and the room keeping what was
 * cited. Only the rag flow is enabled, so the route is fixed and the test is about the flow, not the router.
 */
class RagOverSseTest extends HttpTest {

    private static final FakeOpenAi OPENAI = FakeOpenAi.start();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("rill.llm.base-url", OPENAI::baseUrl);
        registry.add("rill.llm.api-key", () -> "test-key");
        registry.add("rill.graph.flows", () -> "rag");
        registry.add("rill.graph.llm-routing", () -> "false");
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
    void answerCitesTheUsersDocumentNeverAnotherUsersAndTheRoomKeepsTheSearch() {
        Session ada = signUp();
        Session bob = signUp();
        String adas = (String) uploadText(client, ada.bearer(), "Axolotl care",
                "Axolotls eat earthworms, bloodworms and sinking pellets; feed adults every two to three days.", null)
                .get("id");
        String bobs = (String) uploadText(client, bob.bearer(), "Bob's axolotl log",
                "I feed my axolotl lettuce, which turned out to be a bad idea.", null).get("id");
        OPENAI.enqueue(Script.reply("Earthworms ", "and ", "pellets [1].").usage(90, 5));

        List<Map<String, Object>> events = client.post().uri("/api/messages").header("Authorization", ada.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Map.of("message", "What do axolotls eat?")))
                .exchange().expectStatus().isOk()
                .returnResult(SSE).getResponseBody().filter(e -> e.data() != null)
                .map(e -> read(e.data())).collectList().block(Duration.ofSeconds(30));

        List<Map<String, Object>> rag = events.stream().filter(e -> "rag_flow".equals(e.get("type"))).toList();
        assertThat(events.get(0)).containsEntry("type", "start");
        assertThat(rag.get(0)).containsEntry("content", "Searching the knowledge base…");
        Map<String, Object> found = map(rag.get(1).get("content"));
        assertThat(found).containsEntry("search_query", "What do axolotls eat?");
        assertThat(results(found)).extracting(r -> r.get("document_id")).contains(adas).doesNotContain(bobs);
        assertThat(rag.subList(2, rag.size())).extracting(e -> e.get("delta"))
                .containsExactly("Earthworms ", "and ", "pellets [1].");
        Map<String, Object> end = events.get(events.size() - 1);
        assertThat(end).containsEntry("type", "end");
        Map<String, Object> result = map(end.get("result"));
        assertThat(result).containsEntry("status", "complete");
        assertThat(map(result.get("usage"))).containsEntry("prompt_tokens", 90).containsEntry("completion_tokens", 5);
        assertThat((String) OPENAI.lastRequest().messages().get(0).get("content"))
                .contains("[1] from \"Axolotl care\"").doesNotContain("lettuce");

        String chatId = (String) events.get(0).get("chat_id");
        List<Map<String, Object>> messages = messages(json(client.get().uri("/api/chats/{id}", chatId)
                .header("Authorization", ada.bearer()).exchange().expectStatus().isOk()));
        assertThat(messages).extracting(m -> m.get("role")).containsExactly("user", "rag", "assistant");
        assertThat(results(map(messages.get(1).get("content")))).extracting(r -> r.get("document_id"))
                .contains(adas);
        assertThat(map(messages.get(2).get("content"))).containsEntry("message", "Earthworms and pellets [1].");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String data) {
        return JSON.readValue(data, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(Map<String, Object> content) {
        return (List<Map<String, Object>>) content.get("search_result");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> messages(Map<String, Object> chat) {
        return (List<Map<String, Object>>) chat.get("messages");
    }
}
