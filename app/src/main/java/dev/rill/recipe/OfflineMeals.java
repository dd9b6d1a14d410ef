package dev.rill.recipe;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.rill.profile.Profile;
import dev.rill.shared.RillException;

/**
 * Designs a meal without a language model, for the offline demo model: the foods the user names in the message
 * (found through the alias list and the table's names), in default portions scaled to the profile's daily energy,
 * with generic steps for the kinds of food in it. Deterministic: the same message and profile give the same meal.
 */
final class OfflineMeals {

    static final String TITLE_PREFIX = "[Offline demo] ";

    /** Energy of the adult day the default portions are sized for; a profile's day scales them. */
    static final double REFERENCE_DAY_KCAL = 2000;

    /** Korean particles that may follow a one-syllable food name ("무를", "밥이랑"). */
    private static final Set<String> PARTICLES = Set.of("은", "는", "이", "가", "을", "를", "와", "과", "랑", "이랑",
            "하고", "도", "만", "의", "로", "으로", "에", "에서", "이나", "나", "까지", "부터", "처럼", "요");

    /** A food found in the message: the words the user wrote, and what they match. */
    record Named(String words, FoodMatch match) {
    }

    private OfflineMeals() {
    }

    /**
     * The meal for {@code message}.
     *
     * @throws RillException {@link RecipeProblems#NO_FOODS_NAMED} when the message names no food of the table
     */
    static MealProposal propose(String message, Profile profile, FoodCatalog catalog) {
        List<Named> named = foodsNamedIn(message, catalog.matcher());
        if (named.stream().noneMatch(found -> found.match().matched())) {
            throw new RillException(RecipeProblems.NO_FOODS_NAMED, "The offline demo model builds a meal from the"
                    + " foods named in the message, and found none it knows. Name a few foods, for example"
                    + " \"rice, egg and spinach\" or \"닭가슴살, 고구마, 당근\".");
        }
        Double dayKcal = DailyNeed.of(profile, catalog.intakes()).perDay().get(Nutrients.ENERGY);
        double scale = dayKcal == null ? 1 : Math.max(0.1, Math.min(2.0, dayKcal / REFERENCE_DAY_KCAL));
        List<MealProposal.Ingredient> ingredients = new ArrayList<>();
        for (Named found : named) {
            ingredients.add(new MealProposal.Ingredient(found.words(), portion(found.match(), scale)));
        }
        List<String> names = named.stream().map(Named::words).toList();
        return new MealProposal(TITLE_PREFIX + String.join(", ", names) + " meal", 1, ingredients,
                steps(named, ingredients, profile));
    }

    /**
     * Foods named in running text, in order of appearance, each once. English is read word by word, trying the
     * longest run of up to four words first ("sweet potatoes" before "potatoes"); Korean, whose particles stick
     * to the noun, is searched inside each word for the longest alias, a one-syllable alias only when it is the
     * whole word or is followed by a particle (so "무를" is radish but "무엇" is not).
     */
    static List<Named> foodsNamedIn(String text, FoodMatcher matcher) {
        List<String> words = FoodNames.words(text);
        Map<String, Named> found = new LinkedHashMap<>();
        Set<String> seenFoods = new HashSet<>();
        for (int i = 0; i < words.size(); ) {
            String word = words.get(i);
            if (FoodNames.hasHangul(word)) {
                korean(word, matcher, found, seenFoods);
                i++;
                continue;
            }
            int taken = 0;
            for (int n = Math.min(4, words.size() - i); n >= 1 && taken == 0; n--) {
                List<String> run = words.subList(i, i + n);
                if (run.stream().anyMatch(FoodNames::hasHangul)) {
                    continue;
                }
                FoodMatch match = matcher.named(FoodNames.key(run));
                if (match != null) {
                    add(String.join(" ", run), match, found, seenFoods);
                    taken = n;
                }
            }
            i += Math.max(1, taken);
        }
        return List.copyOf(found.values());
    }

    private static void korean(String word, FoodMatcher matcher, Map<String, Named> found, Set<String> seenFoods) {
        int pos = 0;
        while (pos < word.length()) {
            String hit = null;
            for (String alias : matcher.hangulAliasKeys()) {
                if (!word.startsWith(alias, pos)) {
                    continue;
                }
                boolean oneSyllable = alias.codePointCount(0, alias.length()) == 1;
                String rest = word.substring(pos + alias.length());
                if (!oneSyllable || pos == 0 && (rest.isEmpty() || PARTICLES.contains(rest))) {
                    hit = alias;
                    break;
                }
            }
            if (hit == null) {
                pos++;
            } else {
                add(hit, matcher.named(hit), found, seenFoods);
                pos += hit.length();
            }
        }
    }

    private static void add(String words, FoodMatch match, Map<String, Named> found, Set<String> seenFoods) {
        String identity = match.matched() ? match.food().code() : FoodNames.key(words);
        if (seenFoods.add(identity)) {
            found.put(identity, new Named(words, match));
        }
    }

    /** A default portion for one adult meal by food group, scaled; whole grams, in steps of 5 g from 20 g. */
    static double portion(FoodMatch match, double scale) {
        double base = match.matched() ? switch (match.food().group()) {
            case "Cereals and Millets" -> 80;
            case "Grain Legumes" -> 50;
            case "Green Leafy Vegetables" -> 80;
            case "Fruits", "Roots and Tubers" -> 120;
            case "Condiments and Spices" -> 10;
            case "Nuts and Oil Seeds" -> 20;
            case "Sugars", "Edible Oils and Fats" -> 10;
            case "Mushrooms" -> 60;
            case "Milk and Milk Products" -> 200;
            case "Egg and Egg Products" -> 50;
            case "Marine Shellfish", "Marine Mollusks" -> 80;
            default -> 100;
        } : 100;
        // Cooked rice and the like are stated in their cooked weight, which is heavier than the raw portion.
        double grams = base * scale / match.gramsFactor();
        return grams >= 20 ? Math.round(grams / 5) * 5.0 : Math.max(1, Math.round(grams));
    }

    private static List<String> steps(List<Named> named, List<MealProposal.Ingredient> ingredients,
                                      Profile profile) {
        List<String> steps = new ArrayList<>();
        List<String> amounts = new ArrayList<>();
        for (MealProposal.Ingredient ingredient : ingredients) {
            amounts.add(ingredient.name() + " " + Math.round(ingredient.grams()) + " g");
        }
        steps.add("Weigh the ingredients: " + String.join(", ", amounts) + ".");
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        for (Named found : named) {
            byKind.computeIfAbsent(kind(found.match()), kind -> new ArrayList<>()).add(found.words());
        }
        for (Map.Entry<String, List<String>> kind : byKind.entrySet()) {
            String foods = String.join(", ", kind.getValue());
            steps.add(switch (kind.getKey()) {
                case "grain" -> "Rinse " + foods + " and simmer in water until soft.";
                case "protein" -> "Cook " + foods + " through: no pink meat, fish that flakes, firm eggs.";
                case "vegetable" -> "Wash and cut " + foods + ", then steam or boil until tender.";
                case "fruit" -> "Wash and cut " + foods + "; serve fresh.";
                default -> "Add " + foods + " at the end.";
            });
        }
        steps.add(profile != null && profile.species().isPet()
                ? "Let it cool, cut into bite-sized pieces and serve without salt or seasoning."
                : "Season to taste and serve.");
        return steps;
    }

    private static String kind(FoodMatch match) {
        if (!match.matched()) {
            return "other";
        }
        return switch (match.food().group()) {
            case "Cereals and Millets", "Grain Legumes" -> "grain";
            case "Poultry", "Animal Meat", "Marine Fish", "Marine Shellfish", "Marine Mollusks",
                 "Fresh Water Fish and Shellfish", "Egg and Egg Products" -> "protein";
            case "Green Leafy Vegetables", "Other Vegetables", "Roots and Tubers", "Mushrooms" -> "vegetable";
            case "Fruits" -> "fruit";
            default -> "other";
        };
    }
}
