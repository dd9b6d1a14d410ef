package dev.rill.recipe;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.rill.profile.ActivityLevel;
import dev.rill.profile.Profile;
import dev.rill.profile.Species;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Allergies, and foods toxic to pets, take ingredients out of the recipe and out of the calculation. */
class NutritionExclusionTest {

    private static final FoodCatalog CATALOG = FoodCatalog.load();

    private static Profile profile(Species species, String... allergies) {
        return new Profile(UUID.randomUUID(), UUID.randomUUID(), "x", species, null, species.isPet() ? 10 : 60, 5,
                ActivityLevel.MODERATE, List.of(allergies), Instant.now(), Instant.now());
    }

    private static IngredientCheck check(String ingredient, Profile profile) {
        MealProposal meal = new MealProposal("t", 1, List.of(new MealProposal.Ingredient(ingredient, 100)),
                List.of());
        return CATALOG.check(meal, profile).checks().get(0);
    }

    @Test
    void allergyExcludesByNameFamilyGroupAndKoreanName() {
        Profile chicken = profile(Species.HUMAN, "chicken");
        assertThat(check("chicken thigh", chicken).status()).isEqualTo(IngredientCheck.Status.EXCLUDED);
        assertThat(check("닭다리", chicken).status()).isEqualTo(IngredientCheck.Status.EXCLUDED);
        assertThat(check("chicken liver", chicken).status()).isEqualTo(IngredientCheck.Status.EXCLUDED);
        assertThat(check("salmon", chicken).status()).isEqualTo(IngredientCheck.Status.MATCHED);

        Profile korean = profile(Species.HUMAN, "땅콩");
        assertThat(check("peanut", korean).status()).isEqualTo(IngredientCheck.Status.EXCLUDED);
        assertThat(check("땅콩버터", korean).status()).isEqualTo(IngredientCheck.Status.EXCLUDED);

        Profile dairy = profile(Species.HUMAN, "Dairy");
        IngredientCheck paneer = check("paneer", dairy);
        assertThat(paneer.status()).isEqualTo(IngredientCheck.Status.EXCLUDED);
        assertThat(paneer.exclusionTerm()).isEqualTo("Dairy");
        assertThat(paneer.validationJson()).containsEntry("allergy", "Dairy").containsEntry("status", "excluded")
                .containsEntry("excluded_for", "allergy");
        assertThat(check("우유", dairy).status()).isEqualTo(IngredientCheck.Status.EXCLUDED);

        Profile shellfish = profile(Species.HUMAN, "shellfish");
        assertThat(check("shrimp", shellfish).status()).isEqualTo(IngredientCheck.Status.EXCLUDED);
        assertThat(check("mackerel", shellfish).status()).isEqualTo(IngredientCheck.Status.MATCHED);
    }

    @Test
    void excludedIngredientsLeaveTheRecipeAndTheTotals() {
        MealProposal meal = new MealProposal("t", 1, List.of(new MealProposal.Ingredient("rice", 100),
                new MealProposal.Ingredient("egg", 50)), List.of());
        CheckedMeal checked = CATALOG.check(meal, profile(Species.HUMAN, "계란"));

        assertThat(checked.selectedIngredients()).extracting(i -> i.get("name")).containsExactly("rice");
        assertThat(checked.validationIngredients()).hasSize(2);
        assertThat(checked.nutrition().lines()).extracting(MealNutrition.Line::name).containsExactly("rice");
        assertThat(checked.nutrition().notCounted()).isEmpty();
    }

    @Test
    void onionsGarlicAndGrapesNeverGoToAPet() {
        Profile dog = profile(Species.DOG);
        IngredientCheck onion = check("양파", dog);
        assertThat(onion.status()).isEqualTo(IngredientCheck.Status.EXCLUDED);
        assertThat(onion.exclusionKind()).isEqualTo(Exclusions.UNSAFE_FOR_PETS);
        assertThat(onion.reason()).contains("dog");
        assertThat(check("green onions", dog).status()).isEqualTo(IngredientCheck.Status.EXCLUDED);
        assertThat(check("garlic", profile(Species.CAT)).status()).isEqualTo(IngredientCheck.Status.EXCLUDED);
        assertThat(check("raisins", dog).status()).isEqualTo(IngredientCheck.Status.EXCLUDED);
        assertThat(check("dark chocolate", dog).status()).isEqualTo(IngredientCheck.Status.EXCLUDED);
        assertThat(check("carrot", dog).status()).isEqualTo(IngredientCheck.Status.MATCHED);

        assertThat(check("onion", profile(Species.HUMAN)).status()).isEqualTo(IngredientCheck.Status.MATCHED);
        assertThat(check("onion", null).status()).isEqualTo(IngredientCheck.Status.MATCHED);
    }
}
