package dev.rill.recipe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.rill.profile.Profile;

/**
 * Everything the recipe feature reads from its resources, parsed once: the IFCT 2017 foods
 * ({@code recipe/ifct2017/foods.csv}), the reference intakes ({@code recipe/ifct2017/intakes.csv}), the alias list,
 * the allergen groups and the foods unsafe for pets. Immutable, so it is shared freely between threads.
 */
final class FoodCatalog {

    private final FoodMatcher matcher;
    private final ReferenceIntakes intakes;
    private final Exclusions exclusions;

    FoodCatalog(FoodMatcher matcher, ReferenceIntakes intakes, Exclusions exclusions) {
        this.matcher = matcher;
        this.intakes = intakes;
        this.exclusions = exclusions;
    }

    /** Reads and parses the resources: blocking file reads and some CPU, so never on an event loop. */
    static FoodCatalog load() {
        List<Food> foods = new ArrayList<>();
        for (List<String> record : Csv.read("recipe/ifct2017/foods.csv")) {
            foods.add(food(record));
        }
        List<FoodMatcher.Alias> aliases = new ArrayList<>();
        for (List<String> record : Csv.read("recipe/food-aliases.csv")) {
            String code = record.get(1).strip();
            String factor = record.size() > 2 ? record.get(2).strip() : "";
            String note = record.size() > 3 ? String.join(",", record.subList(3, record.size())).strip() : "";
            aliases.add(new FoodMatcher.Alias(record.get(0).strip(), code.isEmpty() ? null : code,
                    factor.isEmpty() ? 1 : Double.parseDouble(factor), note.isEmpty() ? null : note));
        }
        FoodMatcher matcher = new FoodMatcher(foods, aliases);
        return new FoodCatalog(matcher, ReferenceIntakes.parse(Csv.read("recipe/ifct2017/intakes.csv")),
                Exclusions.parse(matcher, Csv.read("recipe/allergen-groups.csv"), Csv.read("recipe/pet-unsafe.csv")));
    }

    /**
     * One row of the trimmed table: code, name, scie, lang, grup, then enerc (kJ), protcnt, fatce, choavldf, fibtg
     * (g) and ca, fe, zn, retol, cartbeq, vitc, na, k (g), all per 100 g of edible portion.
     */
    private static Food food(List<String> r) {
        double retinol = number(r.get(13));
        double betaCaroteneEquivalents = number(r.get(14));
        Nutrients per100g = new Nutrients(
                number(r.get(5)) / Nutrients.KJ_PER_KCAL,
                number(r.get(6)), number(r.get(7)), number(r.get(8)), number(r.get(9)),
                number(r.get(10)) * 1e3, number(r.get(11)) * 1e3, number(r.get(12)) * 1e3,
                // Retinol activity equivalents: 12 µg of dietary β-carotene count as 1 µg of retinol (IOM 2001).
                (retinol + betaCaroteneEquivalents / 12) * 1e6,
                number(r.get(15)) * 1e3, number(r.get(16)) * 1e3, number(r.get(17)) * 1e3);
        return new Food(r.get(0).strip(), r.get(1).strip(), r.get(2).strip(), localNames(r.get(3)), r.get(4).strip(),
                per100g);
    }

    private static double number(String text) {
        String value = text.strip();
        return value.isEmpty() ? 0 : Double.parseDouble(value);
    }

    /**
     * "A. Chira, Chiura; E. Flattened rice; H. Poha." → ["Chira", "Chiura", "Flattened rice", "Poha"]: one entry per
     * language (tag dropped), each possibly listing several names.
     */
    private static List<String> localNames(String text) {
        List<String> names = new ArrayList<>();
        for (String part : text.split(";")) {
            String language = part.strip();
            int dot = language.indexOf(". ");
            if (dot > 0 && dot <= 5) {
                language = language.substring(dot + 2);
            }
            for (String name : language.split(",")) {
                String clean = name.strip();
                clean = clean.endsWith(".") ? clean.substring(0, clean.length() - 1).strip() : clean;
                if (!clean.isBlank()) {
                    names.add(clean);
                }
            }
        }
        return names;
    }

    /**
     * Matches every ingredient, excludes those the profile must not eat, and computes the nutrition of the rest.
     * Pure computation over immutable data.
     *
     * @param profile {@code null} for a room without a profile: nothing is excluded and no daily need is known
     */
    CheckedMeal check(MealProposal proposal, Profile profile) {
        List<IngredientCheck> checks = new ArrayList<>();
        for (MealProposal.Ingredient ingredient : proposal.ingredients()) {
            FoodMatch match = matcher.match(ingredient.name());
            Optional<Exclusions.Exclusion> exclusion = exclusions.check(ingredient.name(), match, profile);
            if (exclusion.isPresent()) {
                checks.add(new IngredientCheck(ingredient.name(), ingredient.grams(), IngredientCheck.Status.EXCLUDED,
                        match, exclusion.get().kind(), exclusion.get().term(), exclusion.get().reason()));
            } else if (match.matched()) {
                checks.add(new IngredientCheck(ingredient.name(), ingredient.grams(), IngredientCheck.Status.MATCHED,
                        match, null, null, null));
            } else {
                checks.add(new IngredientCheck(ingredient.name(), ingredient.grams(),
                        IngredientCheck.Status.UNMATCHED, match, null, null, match.reason()));
            }
        }
        MealNutrition nutrition = MealNutrition.compute(checks, proposal.servings(), DailyNeed.of(profile, intakes));
        return new CheckedMeal(proposal, profile, checks, nutrition);
    }

    FoodMatcher matcher() {
        return matcher;
    }

    ReferenceIntakes intakes() {
        return intakes;
    }

    Exclusions exclusions() {
        return exclusions;
    }
}
