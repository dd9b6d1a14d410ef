package dev.rill.recipe;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rill.chat.MessageRole;
import dev.rill.graph.FlowContext;
import dev.rill.graph.FlowEvent;
import dev.rill.llm.Turn;
import dev.rill.profile.ProfileIds;
import dev.rill.shared.IdKind;
import dev.rill.shared.RillException;
import dev.rill.support.FakeOpenAi;
import dev.rill.support.FakeOpenAi.Script;
import dev.rill.support.HttpTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recipe flow against the real langchain4j client and a scripted fake OpenAI server: structured output, the
 * retry of an unusable answer, the failure after two, and what validation reports; recipes are read back over HTTP.
 */
class RecipeFlowTest extends HttpTest {

    private static final FakeOpenAi OPENAI = FakeOpenAi.start();

    private static final String VALID = """
            {"title": "Salmon rice bowl", "servings": 1,
             "ingredients": [{"name": "brown rice", "grams": 75}, {"name": "salmon", "grams": 120},
                             {"name": "spinach", "grams": 80}],
             "steps": ["Cook the rice.", "Steam the salmon and spinach.", "Serve."]}""";

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("rill.llm.base-url", OPENAI::baseUrl);
        registry.add("rill.llm.api-key", () -> "test-key");
    }

    @AfterAll
    static void stopUpstream() {
        OPENAI.close();
    }

    @Autowired
    RecipeFlow flow;

    @Autowired
    DatabaseClient db;

    @BeforeEach
    void resetUpstream() {
        OPENAI.reset();
    }

    /** A signed-up user with a dog's profile and a room bound to it. */
    private record Owner(Session session, UUID userId, UUID profileId, UUID chatId) {
    }

    @SuppressWarnings("unchecked")
    private Owner owner(List<String> allergies) {
        Session session = signUp();
        Map<String, Object> profile = client.post().uri("/api/profiles").header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Bori", "species", "dog", "weight_kg", 12, "age_years", 4,
                        "allergies", allergies))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        Map<String, Object> room = client.post().uri("/api/chats").header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("profile_id", profile.get("id")))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        return new Owner(session, IdKind.USER.parse(session.userId()), ProfileIds.parse((String) profile.get("id")),
                IdKind.CHAT.parse((String) room.get("id")));
    }

    private static FlowContext context(Owner owner, UUID runId, String message) {
        return new FlowContext(owner.userId(), owner.chatId(), runId, owner.profileId(), message,
                List.of(Turn.user(message)), null);
    }

    private static Script tokens(String json, int prompt, int completion) {
        // Split the JSON into pieces of 20 characters, as a model streams it.
        String[] pieces = new String[(json.length() + 19) / 20];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = json.substring(i * 20, Math.min(json.length(), (i + 1) * 20));
        }
        return Script.reply(pieces).usage(prompt, completion);
    }

    private long recipesOfRun(UUID runId) {
        return db.sql("SELECT count(*) FROM recipes WHERE run_id = :run").bind("run", runId)
                .map(row -> row.get(0, Long.class)).one().block();
    }

    private List<FakeOpenAi.Recorded> completions() {
        return OPENAI.requests().stream().filter(r -> r.path().endsWith("/chat/completions")).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void validProposalGivesTheExactEventSequenceAndASavedRecipe() {
        OPENAI.enqueue(tokens(VALID, 120, 60));
        Owner owner = owner(List.of());
        UUID runId = IdKind.newUuid();
        String[] recipeId = new String[1];

        StepVerifier.create(flow.run(context(owner, runId, "A dinner for Bori with salmon, please")))
                .expectNext(new FlowEvent.Status(RecipeFlow.DESIGNING))
                .expectNext(new FlowEvent.Usage(120, 60, false))
                .assertNext(event -> {
                    Map<String, Object> content = ((FlowEvent.Structured) event).content();
                    assertThat(content).containsOnlyKeys("selected_ingredients", "validation_ingredients");
                    assertThat((List<Map<String, Object>>) content.get("selected_ingredients"))
                            .extracting(i -> i.get("food_code")).containsExactly("A013", "P068", "C033");
                    assertThat((List<Map<String, Object>>) content.get("validation_ingredients"))
                            .extracting(i -> i.get("status")).containsOnly("matched");
                })
                .assertNext(event -> {
                    Map<String, Object> result = (Map<String, Object>)
                            ((FlowEvent.Structured) event).content().get("calculation_result");
                    Map<String, Object> total = (Map<String, Object>) result.get("total");
                    // brown rice A013 1480 kJ, salmon P068 721 kJ, spinach C033 102 kJ per 100 g:
                    // (1480 × 0.75 + 721 × 1.2 + 102 × 0.8) / 4.184 = (1110 + 865.2 + 81.6) / 4.184 = 491.59 kcal
                    assertThat((Double) total.get("energy_kcal")).isEqualTo(491.59);
                    assertThat(((Map<String, Object>) result.get("daily_share_percent")).get("energy_kcal"))
                            .isNotNull();
                    assertThat((Map<String, Object>) result.get("profile")).containsEntry("species", "dog");
                })
                .assertNext(event -> {
                    FlowEvent.Named named = (FlowEvent.Named) event;
                    assertThat(named.type()).isEqualTo("new_recipe_message");
                    recipeId[0] = (String) named.fields().get("recipe_id");
                    assertThat(recipeId[0]).startsWith("recipe-");
                })
                .assertNext(event -> {
                    FlowEvent.Message message = (FlowEvent.Message) event;
                    assertThat(message.role()).isEqualTo(MessageRole.RECIPE);
                    assertThat(message.content()).containsEntry("recipe_id", recipeId[0])
                            .containsEntry("title", "Salmon rice bowl");
                    assertThat((String) message.content().get("message")).contains("Salmon rice bowl");
                })
                .assertNext(event -> {
                    FlowEvent.HandOff handOff = (FlowEvent.HandOff) event;
                    assertThat(handOff.flow()).isEqualTo("basic");
                    assertThat(handOff.briefing()).contains("Salmon rice bowl", recipeId[0], "salmon 120 g",
                            "energy kcal 491.6");
                })
                .verifyComplete();

        Map<String, Object> saved = client.get().uri("/api/recipes/" + recipeId[0])
                .header("Authorization", owner.session().bearer())
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(saved).containsEntry("id", recipeId[0]).containsEntry("title", "Salmon rice bowl")
                .containsEntry("chat_id", IdKind.CHAT.format(owner.chatId()))
                .containsKeys("created_at", "selected_ingredients", "validation_ingredients", "calculation_result");
        assertThat((List<Object>) saved.get("steps")).hasSize(3);
        assertThat(recipesOfRun(runId)).isEqualTo(1);

        FakeOpenAi.Recorded request = completions().get(0);
        Map<String, Object> format = (Map<String, Object>) request.json().get("response_format");
        assertThat(format).containsEntry("type", "json_schema");
        assertThat((Map<String, Object>) format.get("json_schema")).containsEntry("name", "meal_proposal");
        assertThat((String) request.messages().get(0).get("content")).contains("a dog called Bori", "12 kg");
    }

    @Test
    @SuppressWarnings("unchecked")
    void unusableFirstAnswerIsAskedForAgainWithItsProblems() {
        OPENAI.enqueue(tokens("{\"title\": \"Half a recipe\", \"ingredients\": [", 100, 10), tokens(VALID, 130, 60));
        Owner owner = owner(List.of());
        UUID runId = IdKind.newUuid();

        StepVerifier.create(flow.run(context(owner, runId, "Something with salmon")))
                .expectNext(new FlowEvent.Status(RecipeFlow.DESIGNING))
                .expectNext(new FlowEvent.Usage(100, 10, false))
                .expectNext(new FlowEvent.Status(RecipeFlow.RETRYING))
                .expectNext(new FlowEvent.Usage(130, 60, false))
                .expectNextMatches(event -> event instanceof FlowEvent.Structured)
                .expectNextMatches(event -> event instanceof FlowEvent.Structured)
                .expectNextMatches(event -> event instanceof FlowEvent.Named)
                .expectNextMatches(event -> event instanceof FlowEvent.Message)
                .expectNextMatches(event -> event instanceof FlowEvent.HandOff)
                .verifyComplete();

        List<FakeOpenAi.Recorded> calls = completions();
        assertThat(calls).hasSize(2);
        List<Map<String, Object>> retried = calls.get(1).messages();
        assertThat(retried.get(retried.size() - 2)).containsEntry("role", "assistant");
        assertThat((String) retried.get(retried.size() - 1).get("content")).contains("not valid JSON");
        assertThat((Map<String, Object>) calls.get(1).json().get("response_format"))
                .containsEntry("type", "json_schema");
        assertThat(recipesOfRun(runId)).isEqualTo(1);
    }

    @Test
    void secondUnusableAnswerFailsTheFlowAndSavesNothing() {
        OPENAI.enqueue(tokens("Sure! Here is a lovely recipe.", 100, 8),
                tokens("{\"title\": \"Bowl\", \"ingredients\": [{\"name\": \"rice\", \"grams\": 0}],"
                        + " \"steps\": [\"Cook\"]}", 120, 20));
        Owner owner = owner(List.of());
        UUID runId = IdKind.newUuid();

        StepVerifier.create(flow.run(context(owner, runId, "Rice")))
                .expectNext(new FlowEvent.Status(RecipeFlow.DESIGNING))
                .expectNext(new FlowEvent.Usage(100, 8, false))
                .expectNext(new FlowEvent.Status(RecipeFlow.RETRYING))
                .expectNext(new FlowEvent.Usage(120, 20, false))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(RillException.class);
                    RillException problem = (RillException) e;
                    assertThat(problem.type()).isEqualTo(RecipeProblems.PROPOSAL_INVALID);
                    assertThat(problem.detail()).doesNotContain("{").contains("no recipe was saved");
                    assertThat(problem.properties().get("problems").toString()).contains("ingredients[0].grams");
                })
                .verify();

        assertThat(completions()).hasSize(2);
        assertThat(recipesOfRun(runId)).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void unmatchedIngredientsAreReportedAndAllergensExcluded() {
        OPENAI.enqueue(tokens("""
                {"title": "Mixed plate", "servings": 2,
                 "ingredients": [{"name": "Chicken breast", "grams": 200}, {"name": "sweet potatoes", "grams": 150},
                                 {"name": "dragon fruit", "grams": 50}, {"name": "두부", "grams": 100}],
                 "steps": ["Cook everything."]}""", 90, 70));
        Owner owner = owner(List.of("chicken"));
        UUID runId = IdKind.newUuid();
        FlowEvent.Structured[] checked = new FlowEvent.Structured[2];
        FlowEvent.HandOff[] handOff = new FlowEvent.HandOff[1];

        StepVerifier.create(flow.run(context(owner, runId, "A plate for Bori")))
                .expectNext(new FlowEvent.Status(RecipeFlow.DESIGNING))
                .expectNext(new FlowEvent.Usage(90, 70, false))
                .consumeNextWith(event -> checked[0] = (FlowEvent.Structured) event)
                .consumeNextWith(event -> checked[1] = (FlowEvent.Structured) event)
                .expectNextCount(2)
                .consumeNextWith(event -> handOff[0] = (FlowEvent.HandOff) event)
                .verifyComplete();

        List<Map<String, Object>> selected = (List<Map<String, Object>>) checked[0].content().get("selected_ingredients");
        assertThat(selected).extracting(i -> i.get("name")).containsExactly("sweet potatoes", "dragon fruit", "두부");
        List<Map<String, Object>> validation =
                (List<Map<String, Object>>) checked[0].content().get("validation_ingredients");
        assertThat(validation).extracting(i -> i.get("status"))
                .containsExactly("excluded", "matched", "unmatched", "unmatched");
        assertThat(validation.get(0)).containsEntry("allergy", "chicken").containsEntry("excluded_for", "allergy");
        assertThat(validation.get(2)).containsEntry("reason", FoodMatcher.NOT_FOUND);
        assertThat(validation.get(3)).containsEntry("reason", "IFCT 2017 has no tofu");

        Map<String, Object> result = (Map<String, Object>) checked[1].content().get("calculation_result");
        assertThat((List<Map<String, Object>>) result.get("ingredients")).extracting(i -> i.get("food_code"))
                .containsExactly("F013");
        assertThat((List<Map<String, Object>>) result.get("not_counted")).extracting(i -> i.get("name"))
                .containsExactly("dragon fruit", "두부");
        assertThat(handOff[0].briefing()).contains("Left out: Chicken breast", "dragon fruit 50 g (not in the"
                + " nutrition table");
    }

    @Test
    void mealWithEveryIngredientExcludedFailsWithoutSaving() {
        OPENAI.enqueue(tokens("""
                {"title": "Onion soup", "servings": 1, "ingredients": [{"name": "onion", "grams": 200}],
                 "steps": ["Boil."]}""", 50, 30));
        Owner owner = owner(List.of());
        UUID runId = IdKind.newUuid();

        StepVerifier.create(flow.run(context(owner, runId, "Onion soup for my dog")))
                .expectNext(new FlowEvent.Status(RecipeFlow.DESIGNING))
                .expectNext(new FlowEvent.Usage(50, 30, false))
                .expectErrorSatisfies(e -> assertThat(((RillException) e).type())
                        .isEqualTo(RecipeProblems.NOTHING_LEFT))
                .verify();
        assertThat(recipesOfRun(runId)).isZero();
    }
}
