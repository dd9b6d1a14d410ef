package dev.rill.recipe;

import java.util.List;
import java.util.Objects;

/**
 * A meal as proposed, by the language model or by the offline demo: not yet matched or checked.
 *
 * @param servings how many portions the ingredients make; daily shares are computed for one portion
 * @param steps    how to prepare it, in order
 */
public record MealProposal(String title, int servings, List<Ingredient> ingredients, List<String> steps) {

    /** One ingredient with its weight in grams, as the recipe states it (cooked rice as cooked, for example). */
    public record Ingredient(String name, double grams) {
        public Ingredient {
            Objects.requireNonNull(name, "name");
        }
    }

    public MealProposal {
        Objects.requireNonNull(title, "title");
        if (servings < 1) {
            throw new IllegalArgumentException("servings must be at least 1, was " + servings);
        }
        ingredients = List.copyOf(ingredients);
        steps = List.copyOf(steps);
    }
}
