package dev.rill.recipe;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What became of one proposed ingredient: matched to a food, not matched (kept in the recipe, left out of the
 * calculation, and reported), or excluded (left out of both, because of an allergy or because it is unsafe for the
 * profile's pet).
 *
 * @param match         how the name was matched to the table
 * @param exclusionKind {@code allergy} or {@code unsafe_for_pets} when excluded, else {@code null}
 * @param exclusionTerm the allergy or unsafe food that excluded it, else {@code null}
 * @param reason        why it is unmatched or excluded, else {@code null}
 */
public record IngredientCheck(String name, double grams, Status status, FoodMatch match, String exclusionKind,
                              String exclusionTerm, String reason) {

    public enum Status {
        MATCHED("matched"),
        UNMATCHED("unmatched"),
        EXCLUDED("excluded");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** The grams the table's figures apply to: the stated grams times the match's factor. */
    public double countedGrams() {
        return grams * match.gramsFactor();
    }

    /** Part of the recipe: matched or unmatched, not excluded. */
    public boolean selected() {
        return status != Status.EXCLUDED;
    }

    /** One entry of {@code selected_ingredients}. */
    Map<String, Object> selectedJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("grams", grams);
        json.put("food_code", match.matched() ? match.food().code() : null);
        json.put("food_name", match.matched() ? match.food().name() : null);
        return json;
    }

    /** One entry of {@code validation_ingredients}. */
    Map<String, Object> validationJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("grams", grams);
        json.put("status", status.wire());
        json.put("food_code", match.matched() ? match.food().code() : null);
        json.put("food_name", match.matched() ? match.food().name() : null);
        json.put("food_group", match.matched() ? match.food().group() : null);
        json.put("matched_by", match.matchedBy());
        json.put("counted_grams", match.matched() ? Nutrients.round(countedGrams(), 2) : null);
        json.put("note", match.note());
        json.put("excluded_for", exclusionKind);
        json.put("allergy", Exclusions.ALLERGY.equals(exclusionKind) ? exclusionTerm : null);
        json.put("reason", reason);
        return json;
    }
}
