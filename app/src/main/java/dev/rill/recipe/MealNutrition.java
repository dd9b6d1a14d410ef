package dev.rill.recipe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rill.profile.Profile;

/**
 * The nutrition of a meal: each counted ingredient is its grams (times the match's factor) / 100 × the food's
 * per-100 g figures; the total is their sum; the daily share is one serving's amount / the daily need × 100.
 * Sums and shares are taken from unrounded amounts, and only the reported figures are rounded (amounts to 2
 * decimals, shares to 1).
 *
 * @param lines        the counted (matched, not excluded) ingredients, in the recipe's order
 * @param sharePercent one serving as a percentage of the daily need, {@code null} where the need is unknown
 * @param notCounted   selected ingredients that have no figures (unmatched), with the reason
 */
public record MealNutrition(List<Line> lines, Nutrients total, int servings, DailyNeed need,
                            Map<String, Double> sharePercent, List<NotCounted> notCounted) {

    public record Line(String name, Food food, double grams, double countedGrams, Nutrients nutrients) {
    }

    public record NotCounted(String name, String reason) {
    }

    public MealNutrition {
        lines = List.copyOf(lines);
        notCounted = List.copyOf(notCounted);
    }

    static MealNutrition compute(List<IngredientCheck> checks, int servings, DailyNeed need) {
        List<Line> lines = new ArrayList<>();
        List<NotCounted> notCounted = new ArrayList<>();
        Nutrients total = Nutrients.ZERO;
        for (IngredientCheck check : checks) {
            if (check.status() == IngredientCheck.Status.MATCHED) {
                Food food = check.match().food();
                Nutrients nutrients = food.per100g().scaled(check.countedGrams() / 100);
                lines.add(new Line(check.name(), food, check.grams(), check.countedGrams(), nutrients));
                total = total.plus(nutrients);
            } else if (check.status() == IngredientCheck.Status.UNMATCHED) {
                notCounted.add(new NotCounted(check.name(), check.reason()));
            }
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        for (String key : Nutrients.KEYS) {
            Double perDay = need.perDay().get(key);
            shares.put(key, perDay == null || perDay <= 0 ? null
                    : Nutrients.round(total.get(key) / servings / perDay * 100, 1));
        }
        return new MealNutrition(lines, total, servings, need, shares, notCounted);
    }

    public Nutrients perServing() {
        return total.scaled(1.0 / servings);
    }

    /** The {@code calculation_result} document. */
    Map<String, Object> toJson(Profile profile) {
        Map<String, Object> json = new LinkedHashMap<>();
        List<Map<String, Object>> ingredients = new ArrayList<>();
        for (Line line : lines) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", line.name());
            item.put("food_code", line.food().code());
            item.put("food_name", line.food().name());
            item.put("grams", line.grams());
            item.put("counted_grams", Nutrients.round(line.countedGrams(), 2));
            item.put("nutrients", line.nutrients().toJson());
            ingredients.add(item);
        }
        json.put("ingredients", ingredients);
        json.put("total", total.toJson());
        json.put("servings", servings);
        json.put("per_serving", perServing().toJson());
        Map<String, Object> perDay = new LinkedHashMap<>();
        need.perDay().forEach((key, value) -> perDay.put(key, value == null ? null : Nutrients.round(value, 2)));
        json.put("daily_need", perDay);
        json.put("daily_share_percent", new LinkedHashMap<>(sharePercent));
        json.put("need_method", need.method());
        json.put("profile", profile == null ? null : profileJson(profile));
        List<Map<String, Object>> missing = new ArrayList<>();
        for (NotCounted item : notCounted) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", item.name());
            entry.put("reason", item.reason());
            missing.add(entry);
        }
        json.put("not_counted", missing);
        List<String> sources = new ArrayList<>();
        sources.add("IFCT 2017, Indian Food Composition Tables (NIN Hyderabad), per 100 g edible portion;"
                + " energy kJ / 4.184");
        sources.addAll(need.sources());
        json.put("sources", sources);
        return json;
    }

    private static Map<String, Object> profileJson(Profile profile) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", profile.wireId());
        json.put("name", profile.name());
        json.put("species", profile.species().wire());
        json.put("weight_kg", profile.weightKg());
        json.put("age_years", profile.ageYears());
        json.put("activity", profile.activity().wire());
        return json;
    }
}
