package dev.rill.recipe;

import java.util.List;
import java.util.Map;

import dev.rill.profile.Profile;

/**
 * A proposal checked against the nutrition table and the profile: each ingredient's fate and the meal's nutrition.
 *
 * @param profile {@code null} when the room has no profile
 */
public record CheckedMeal(MealProposal proposal, Profile profile, List<IngredientCheck> checks,
                          MealNutrition nutrition) {

    public CheckedMeal {
        checks = List.copyOf(checks);
    }

    /** The ingredients that stay in the recipe (matched or not), as {@code selected_ingredients}. */
    public List<Map<String, Object>> selectedIngredients() {
        return checks.stream().filter(IngredientCheck::selected).map(IngredientCheck::selectedJson).toList();
    }

    /** Every proposed ingredient with how it was matched, or why not, or why it was excluded. */
    public List<Map<String, Object>> validationIngredients() {
        return checks.stream().map(IngredientCheck::validationJson).toList();
    }

    public Map<String, Object> calculationResult() {
        return nutrition.toJson(profile);
    }

    public List<IngredientCheck> withStatus(IngredientCheck.Status status) {
        return checks.stream().filter(check -> check.status() == status).toList();
    }
}
