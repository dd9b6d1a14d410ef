package dev.rill.graph;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole graph over HTTP with every flow registered: the LLM router picks the recipe flow by a tool call, the
 * recipe flow saves a recipe and hands over to the basic flow, and the run's {@code end} adds up all three calls.
 */
class GraphOverSseTest extends HttpTest {

    private static final FakeOpenAi OPENAI = FakeOpenAi.start();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };
    private static final String MEAL = "{\"title\": \"Salmon rice bowl\", \"servings\": 1, \"ingredients\": ["
            + "{\"name\": \"brown rice\", \"grams\": 75}, {\"name\": \"salmon\", \"grams\": 120}], "
            + "\"steps\": [\"Cook the rice.\", \"Steam the salmon.\"]}";

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("rill.llm.base-url", OPENAI::baseUrl);
        registry.add("rill.llm.api-key", () -> "test-key");
        // The fast path never decides alone here: this test is about the LLM's route through the graph.
        registry.add("rill.graph.fast-path-threshold", () -> "1.0");
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
    void llmRoutesToRecipeWhichSavesARecipeAndHandsOverToBasic() {
        OPENAI.enqueue(
                Script.toolCall("call_1", "recipe", "{\"reason\":\"wants something to cook\"}").usage(50, 6),
                Script.reply(MEAL.substring(0, 40), MEAL.substring(40)).usage(120, 60),
                Script.reply("A light ", "bowl.").usage(200, 4));
        Session session = signUp();

        List<Map<String, Object>> events = client.post().uri("/api/messages").header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Map.of("message", "Something with salmon tonight?")))
                .exchange().expectStatus().isOk()
                .returnResult(SSE).getResponseBody().filter(e -> e.data() != null)
                .map(e -> (Map<String, Object>) JSON.readValue(e.data(), Map.class))
                .collectList().block(Duration.ofSeconds(30));

        assertThat(events).extracting(e -> e.get("type")).containsSubsequence("start", "tool_selection",
                "tool_selection", "recipe_flow", "new_recipe_message", "basic_flow", "end");
        Map<String, Object> choice = (Map<String, Object>) events.get(2).get("content");
        assertThat(choice).containsEntry("tool", "recipe").containsEntry("router", "llm")
                .containsEntry("reason", "wants something to cook");
        assertThat(OPENAI.requests().get(0).tools()).hasSize(FlowRegistry.ORDER.size());
        assertThat(OPENAI.requests().get(1).json()).containsKey("response_format");
        assertThat(events).filteredOn(e -> e.containsKey("delta")).extracting(e -> e.get("delta"))
                .containsExactly("A light ", "bowl.");
        String recipeId = (String) events.stream().filter(e -> "new_recipe_message".equals(e.get("type")))
                .findFirst().orElseThrow().get("recipe_id");

        Map<String, Object> result = (Map<String, Object>) events.get(events.size() - 1).get("result");
        assertThat((List<Object>) result.get("flows")).containsExactly("recipe", "basic");
        assertThat((List<Map<String, Object>>) result.get("nodes")).extracting(n -> n.get("node"))
                .containsExactly("tool_selection", "recipe", "basic");
        assertThat((Map<String, Object>) result.get("usage"))
                .containsEntry("prompt_tokens", 370).containsEntry("completion_tokens", 70);
        assertThat((List<Map<String, Object>>) result.get("messages")).extracting(m -> m.get("role"))
                .containsExactly("recipe", "assistant");
        client.get().uri("/api/recipes/{id}", recipeId).header("Authorization", session.bearer())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.title").isEqualTo("Salmon rice bowl");
    }
}
