package dev.rill.recipe;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rill.graph.FlowContext;
import dev.rill.graph.FlowEvent;
import dev.rill.llm.LlmService;
import dev.rill.llm.Turn;
import dev.rill.profile.Profile;
import dev.rill.profile.ProfileFields;
import dev.rill.profile.ProfileService;
import dev.rill.shared.IdKind;
import dev.rill.shared.RillException;
import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no API key the offline demo model answers, and the recipe flow builds the meal itself from the foods the
 * message names, in portions scaled to the profile; no model call, so no usage.
 */
class RecipeOfflineFlowTest extends HttpTest {

    private static final FoodCatalog CATALOG = FoodCatalog.load();

    @Autowired
    RecipeFlow flow;

    @Autowired
    ProfileService profiles;

    @Autowired
    LlmService llm;

    private UUID user() {
        return IdKind.USER.parse(signUp().userId());
    }

    private static FlowContext context(UUID user, UUID profile, String message) {
        return new FlowContext(user, IdKind.newUuid(), IdKind.newUuid(), profile, message,
                List.of(Turn.user(message)), null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void mealIsBuiltFromTheFoodsNamedInPortionsForTheDog() {
        assertThat(llm.describe().offline()).isTrue();
        UUID user = user();
        Profile dog = profiles.create(user, new ProfileFields("Bori", "dog", null, 10.0, 3.0, null, List.of()))
                .block();

        StepVerifier.create(flow.run(context(user, dog.id(), "닭가슴살이랑 고구마, 당근으로 강아지 저녁 만들어줘")))
                .expectNext(new FlowEvent.Status(RecipeFlow.DESIGNING_OFFLINE))
                .assertNext(event -> {
                    List<Map<String, Object>> selected = (List<Map<String, Object>>)
                            ((FlowEvent.Structured) event).content().get("selected_ingredients");
                    // Dog 10 kg, adult, moderate: 70 × 10^0.75 × 1.6 = 629.82 kcal, so portions × 629.82 / 2000:
                    // poultry 100 g → 31.5 → 30 g; roots 120 g → 37.8 → 40 g (steps of 5 g)
                    assertThat(selected).extracting(i -> i.get("name")).containsExactly("닭가슴살", "고구마", "당근");
                    assertThat(selected).extracting(i -> i.get("grams")).containsExactly(30.0, 40.0, 40.0);
                    assertThat(selected).extracting(i -> i.get("food_code")).containsExactly("N003", "F013", "F002");
                })
                .expectNextMatches(event -> event instanceof FlowEvent.Structured structured
                        && structured.content().containsKey("calculation_result"))
                .expectNextMatches(event -> event instanceof FlowEvent.Named named
                        && named.type().equals("new_recipe_message"))
                .assertNext(event -> assertThat((String) ((FlowEvent.Message) event).content().get("title"))
                        .isEqualTo("[Offline demo] 닭가슴살, 고구마, 당근 meal"))
                .assertNext(event -> assertThat(((FlowEvent.HandOff) event).briefing())
                        .contains("offline demo model", "[Offline demo]"))
                .verifyComplete();
    }

    @Test
    void messageWithoutKnownFoodsFailsWithAStableProblem() {
        StepVerifier.create(flow.run(context(user(), null, "Make me something nice")))
                .expectNext(new FlowEvent.Status(RecipeFlow.DESIGNING_OFFLINE))
                .expectErrorSatisfies(e -> assertThat(((RillException) e).type())
                        .isEqualTo(RecipeProblems.NO_FOODS_NAMED))
                .verify();
    }

    @Test
    @SuppressWarnings("unchecked")
    void foodsUnsafeForTheDogAreLeftOutAndUnknownOnesReported() {
        UUID user = user();
        Profile dog = profiles.create(user, new ProfileFields("Bori", "dog", null, 10.0, 3.0, null, List.of()))
                .block();

        StepVerifier.create(flow.run(context(user, dog.id(), "rice with onions and tofu")))
                .expectNext(new FlowEvent.Status(RecipeFlow.DESIGNING_OFFLINE))
                .assertNext(event -> {
                    List<Map<String, Object>> validation = (List<Map<String, Object>>)
                            ((FlowEvent.Structured) event).content().get("validation_ingredients");
                    assertThat(validation).extracting(i -> i.get("name")).containsExactly("rice", "onion", "tofu");
                    assertThat(validation).extracting(i -> i.get("status"))
                            .containsExactly("matched", "excluded", "unmatched");
                    assertThat(validation.get(1)).containsEntry("excluded_for", "unsafe_for_pets");
                })
                .expectNextCount(4)
                .verifyComplete();
    }

    @Test
    void foodsAreFoundInEnglishAndKoreanRunningText() {
        assertThat(OfflineMeals.foodsNamedIn("I have sweet potatoes, eggs and Spinach.", CATALOG.matcher()))
                .extracting(OfflineMeals.Named::words).containsExactly("sweet potato", "egg", "spinach");
        assertThat(OfflineMeals.foodsNamedIn("무를 넣고 밥이랑 계란, 달걀도", CATALOG.matcher()))
                .extracting(named -> named.match().food().code()).containsExactly("F010", "A015", "M001");
        assertThat(OfflineMeals.foodsNamedIn("무엇을 먹을까? 배고파", CATALOG.matcher())).isEmpty();
    }

    @Test
    void withoutAProfilePortionsAreForAnAdultMeal() {
        Profile none = null;
        MealProposal meal = OfflineMeals.propose("potatoes, eggs and spinach", none, CATALOG);

        assertThat(meal.ingredients()).extracting(MealProposal.Ingredient::grams).containsExactly(120.0, 50.0, 80.0);
        assertThat(meal.steps()).last().isEqualTo("Season to taste and serve.");
        // Cooked rice is stated in its cooked weight: 80 g raw / 0.36 = 222 g → 220 g
        assertThat(OfflineMeals.propose("밥", none, CATALOG).ingredients().get(0).grams()).isEqualTo(220.0);
    }
}
