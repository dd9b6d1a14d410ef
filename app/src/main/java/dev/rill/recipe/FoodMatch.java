package dev.rill.recipe;

/**
 * How one ingredient name was matched to the nutrition table.
 *
 * @param food        the matched food, or {@code null} when nothing matched
 * @param matchedBy   {@value #ALIAS}, {@value #NAME}, {@value #SCIENTIFIC_NAME}, {@value #LOCAL_NAME} or
 *                    {@value #PARTIAL_NAME}; {@code null} when nothing matched
 * @param gramsFactor multiplies the ingredient's grams before the table's per-100 g figures apply (1 except for
 *                    foods the table lists in another state, such as cooked rice counted as raw rice)
 * @param note        what the match assumed, or {@code null}
 * @param reason      why nothing matched, or {@code null} when a food matched
 */
public record FoodMatch(Food food, String matchedBy, double gramsFactor, String note, String reason) {

    public static final String ALIAS = "alias";
    public static final String NAME = "name";
    public static final String SCIENTIFIC_NAME = "scientific_name";
    public static final String LOCAL_NAME = "local_name";
    public static final String PARTIAL_NAME = "partial_name";

    public boolean matched() {
        return food != null;
    }

    static FoodMatch found(Food food, String matchedBy, double gramsFactor, String note) {
        return new FoodMatch(food, matchedBy, gramsFactor, note, null);
    }

    static FoodMatch missing(String reason) {
        return new FoodMatch(null, null, 1, null, reason);
    }
}
