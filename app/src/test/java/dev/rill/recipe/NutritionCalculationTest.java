package dev.rill.recipe;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rill.profile.ActivityLevel;
import dev.rill.profile.Profile;
import dev.rill.profile.Sex;
import dev.rill.profile.Species;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The arithmetic of a meal against figures computed by hand from the IFCT 2017 rows, which are quoted here:
 * <pre>
 *            kJ    prot   fat  carb  fibre  Ca g     Fe g     Zn g     retinol g  β-car.eq. g  vit C g  Na g     K g
 * A015 rice  1491  7.94   0.52 78.24 2.81   0.00749  0.00065  0.00121  0          0            0        0.00234  0.108
 * M001 egg   564   13.28  9.15 0     0      0.04944  0.00182  0.00123  0.000198   0.00001457   0        0.123    0.138
 * C033 spin. 102   2.14   0.64 2.05  2.38   0.08229  0.00295  0.00046  0          0.002605     0.03028  0.04255  0.625
 * </pre>
 */
class NutritionCalculationTest {

    private static final FoodCatalog CATALOG = FoodCatalog.load();

    private static MealProposal meal(int servings, MealProposal.Ingredient... ingredients) {
        return new MealProposal("test meal", servings, List.of(ingredients), List.of("cook"));
    }

    private static Profile woman() {
        return new Profile(UUID.randomUUID(), UUID.randomUUID(), "Ada", Species.HUMAN, Sex.FEMALE, 58, 34,
                ActivityLevel.MODERATE, List.of(), Instant.now(), Instant.now());
    }

    @Test
    void perIngredientAmountsAreGramsOverHundredTimesTheTable() {
        CheckedMeal checked = CATALOG.check(meal(1, new MealProposal.Ingredient("rice", 150)), null);
        Nutrients rice = checked.nutrition().lines().get(0).nutrients();

        // 1491 kJ × 1.5 = 2236.5 kJ; / 4.184 = 534.536 kcal
        assertThat(rice.energyKcal()).isCloseTo(534.536, within(0.001));
        assertThat(rice.proteinG()).isCloseTo(11.91, within(1e-9));        // 7.94 × 1.5
        assertThat(rice.carbohydrateG()).isCloseTo(117.36, within(1e-9));  // 78.24 × 1.5
        assertThat(rice.calciumMg()).isCloseTo(11.235, within(1e-9));      // 0.00749 g × 1000 × 1.5
        assertThat(rice.potassiumMg()).isCloseTo(162, within(1e-9));       // 0.108 g × 1000 × 1.5
    }

    @Test
    void totalsSumTheIngredientsAndSharesUseTheWomansNeeds() {
        CheckedMeal checked = CATALOG.check(meal(1, new MealProposal.Ingredient("rice", 150),
                new MealProposal.Ingredient("egg", 50), new MealProposal.Ingredient("spinach", 80)), woman());
        Nutrients total = checked.nutrition().total();

        // (2236.5 + 282 + 81.6) kJ / 4.184 = 2600.1 / 4.184
        assertThat(total.energyKcal()).isCloseTo(621.4388, within(0.0001));
        assertThat(total.proteinG()).isCloseTo(20.262, within(1e-9));      // 11.91 + 6.64 + 1.712
        assertThat(total.fatG()).isCloseTo(5.867, within(1e-9));           // 0.78 + 4.575 + 0.512
        assertThat(total.fibreG()).isCloseTo(6.119, within(1e-9));         // 4.215 + 0 + 1.904
        assertThat(total.calciumMg()).isCloseTo(101.787, within(1e-9));    // 11.235 + 24.72 + 65.832
        assertThat(total.ironMg()).isCloseTo(4.245, within(1e-9));         // 0.975 + 0.91 + 2.36
        // egg (198 + 14.57 / 12) µg × 0.5 = 99.6071; spinach (2605 / 12) µg × 0.8 = 173.6667
        assertThat(total.vitaminAUg()).isCloseTo(273.2738, within(0.0001));
        assertThat(total.vitaminCMg()).isCloseTo(24.224, within(1e-9));    // 30.28 × 0.8
        assertThat(total.sodiumMg()).isCloseTo(99.05, within(1e-9));       // 3.51 + 61.5 + 34.04
        assertThat(total.potassiumMg()).isCloseTo(731, within(1e-9));      // 162 + 69 + 500

        // Woman, 34 y, 58 kg, moderate: BMR 8.126 × 58 + 845.6 = 1316.908; × PAL 1.85 = 2436.28 kcal
        Map<String, Double> need = checked.nutrition().need().perDay();
        assertThat(need.get(Nutrients.ENERGY)).isCloseTo(2436.2798, within(0.0001));
        assertThat(need.get(Nutrients.PROTEIN)).isCloseTo(48.14, within(1e-9));     // 0.83 × 58
        assertThat(need.get(Nutrients.FIBRE)).isCloseTo(25, within(1e-9));          // usrdaf 25 g
        assertThat(need.get(Nutrients.CALCIUM)).isCloseTo(1200, within(1e-9));      // usrdaf empty: usrdam 1.2 g
        assertThat(need.get(Nutrients.IRON)).isCloseTo(18, within(1e-9));           // usrdaf 18e-3 g
        assertThat(need.get(Nutrients.FAT)).isNull();

        Map<String, Double> share = checked.nutrition().sharePercent();
        assertThat(share.get(Nutrients.ENERGY)).isEqualTo(25.5);      // 621.4388 / 2436.2798 = 25.51 %
        assertThat(share.get(Nutrients.PROTEIN)).isEqualTo(42.1);     // 20.262 / 48.14 = 42.09 %
        assertThat(share.get(Nutrients.FIBRE)).isEqualTo(24.5);       // 6.119 / 25 = 24.48 %
        assertThat(share.get(Nutrients.CALCIUM)).isEqualTo(8.5);      // 101.787 / 1200 = 8.48 %
        assertThat(share.get(Nutrients.IRON)).isEqualTo(23.6);        // 4.245 / 18 = 23.58 %
        assertThat(share.get(Nutrients.VITAMIN_A)).isEqualTo(39.0);   // 273.2738 / 700 = 39.04 %
        assertThat(share.get(Nutrients.VITAMIN_C)).isEqualTo(32.3);   // 24.224 / 75 = 32.30 %
        assertThat(share.get(Nutrients.FAT)).isNull();
    }

    @Test
    void sharesAreForOneServing() {
        CheckedMeal checked = CATALOG.check(meal(2, new MealProposal.Ingredient("rice", 150),
                new MealProposal.Ingredient("egg", 50), new MealProposal.Ingredient("spinach", 80)), woman());

        // 621.4388 / 2 / 2436.2798 = 12.75 %
        assertThat(checked.nutrition().sharePercent().get(Nutrients.ENERGY)).isEqualTo(12.8);
        assertThat(checked.nutrition().perServing().energyKcal()).isCloseTo(310.7194, within(0.0001));
    }

    @Test
    void cookedRiceIsCountedAtItsRawWeight() {
        CheckedMeal checked = CATALOG.check(meal(1, new MealProposal.Ingredient("밥", 210)), null);
        MealNutrition.Line line = checked.nutrition().lines().get(0);

        assertThat(line.countedGrams()).isCloseTo(75.6, within(1e-9));     // 210 × 0.36
        // 1491 kJ × 0.756 = 1127.196 kJ; / 4.184 = 269.406 kcal
        assertThat(line.nutrients().energyKcal()).isCloseTo(269.406, within(0.001));
    }

    @Test
    void unmatchedIngredientsStayInTheRecipeButOutOfTheTotals() {
        CheckedMeal checked = CATALOG.check(meal(1, new MealProposal.Ingredient("rice", 100),
                new MealProposal.Ingredient("dragon fruit", 100), new MealProposal.Ingredient("tofu", 100)), null);

        assertThat(checked.selectedIngredients()).extracting(i -> i.get("name"))
                .containsExactly("rice", "dragon fruit", "tofu");
        assertThat(checked.nutrition().notCounted()).extracting(MealNutrition.NotCounted::name)
                .containsExactly("dragon fruit", "tofu");
        assertThat(checked.nutrition().total().energyKcal()).isCloseTo(1491 / 4.184, within(1e-9));
        assertThat(checked.validationIngredients()).extracting(i -> i.get("status"))
                .containsExactly("matched", "unmatched", "unmatched");
        assertThat(checked.validationIngredients().get(2)).containsEntry("reason", "IFCT 2017 has no tofu");
    }

    @Test
    void reportedFiguresAreRoundedOnlyAtTheEnd() {
        CheckedMeal checked = CATALOG.check(meal(1, new MealProposal.Ingredient("rice", 150),
                new MealProposal.Ingredient("egg", 50), new MealProposal.Ingredient("spinach", 80)), null);
        @SuppressWarnings("unchecked")
        Map<String, Object> total = (Map<String, Object>) checked.calculationResult().get("total");

        assertThat(total).containsEntry("energy_kcal", 621.44).containsEntry("protein_g", 20.26)
                .containsEntry("vitamin_a_ug", 273.27).containsEntry("potassium_mg", 731.0);
        assertThat(checked.calculationResult()).containsEntry("profile", null).containsKeys("daily_need",
                "daily_share_percent", "need_method", "sources", "ingredients", "not_counted", "per_serving");
    }
}
