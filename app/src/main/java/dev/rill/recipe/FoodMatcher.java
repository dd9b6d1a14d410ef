package dev.rill.recipe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches ingredient names to IFCT 2017 foods. In order, the first that finds something wins:
 * <ol>
 *   <li>the alias list ({@code recipe/food-aliases.csv}: English and Korean everyday names), by key;</li>
 *   <li>the table's own names, scientific names and local names, by key;</li>
 *   <li>the same two with preparation words left out ("chopped fresh spinach" → "spinach");</li>
 *   <li>for Korean, the longest alias that ends the name ("다진마늘" → "마늘"), since a Korean compound ends in
 *       its head noun;</li>
 *   <li>a table name that contains every word of the ingredient and whose family (the part before the first
 *       comma) the ingredient names in full ("tomatoes, ripe" → "Tomato, ripe, hybrid"; "oil" alone finds
 *       nothing rather than a guess).</li>
 * </ol>
 * Keys ignore case, punctuation, plurals and English word order (see {@link FoodNames}). An alias without a code
 * names a common food the table lacks; it is reported as unmatched with the alias's note as the reason.
 */
final class FoodMatcher {

    static final String NOT_FOUND = "not in the IFCT 2017 table or the alias list";

    /** Marks a name that names foods of different families; never returned. */
    private static final Food AMBIGUOUS = new Food("", "", "", List.of(), "", Nutrients.ZERO);

    /** One line of the alias list. {@code code} is {@code null} for a food the table does not have. */
    record Alias(String alias, String code, double gramsFactor, String note) {
    }

    private final List<Food> foods;
    private final Map<String, Alias> aliases = new HashMap<>();
    private final Map<String, Food> byCode = new HashMap<>();
    private final Map<String, Food> byName = new HashMap<>();
    private final Map<String, Food> byScientificName = new HashMap<>();
    private final Map<String, Food> byLocalName = new HashMap<>();
    /** Korean alias keys of two syllables or more, longest first: suffix candidates. */
    private final List<String> hangulAliasKeys;
    /** Every Korean alias key, longest first, for finding foods in running text. */
    private final List<String> allHangulAliasKeys;
    private final Map<Food, Set<String>> nameWords = new HashMap<>();
    private final Map<Food, Set<String>> familyWords = new HashMap<>();

    FoodMatcher(List<Food> foods, List<Alias> aliasList) {
        this.foods = List.copyOf(foods);
        for (Food food : foods) {
            byCode.put(food.code(), food);
            // The table lists the most common variety first within a name, so the first food with a key keeps it.
            byName.putIfAbsent(FoodNames.key(food.name()), food);
            if (!food.scientificName().isBlank()) {
                putUnlessAmbiguous(byScientificName, FoodNames.key(food.scientificName()), food);
            }
            for (String local : food.localNames()) {
                putUnlessAmbiguous(byLocalName, FoodNames.key(local), food);
            }
            nameWords.put(food, new HashSet<>(FoodNames.words(food.name())));
            familyWords.put(food, new HashSet<>(FoodNames.words(food.family())));
        }
        for (Alias alias : aliasList) {
            if (alias.code() != null && !byCode.containsKey(alias.code())) {
                throw new IllegalArgumentException("Alias " + alias.alias() + " names unknown food " + alias.code());
            }
            if (aliases.putIfAbsent(FoodNames.key(alias.alias()), alias) != null) {
                throw new IllegalArgumentException("Alias listed twice: " + alias.alias());
            }
        }
        List<String> hangul = new ArrayList<>(aliases.keySet().stream().filter(FoodNames::hasHangul).toList());
        hangul.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        this.allHangulAliasKeys = Collections.unmodifiableList(hangul);
        this.hangulAliasKeys = hangul.stream().filter(key -> key.codePointCount(0, key.length()) >= 2).toList();
    }

    /**
     * Scientific and local names are shared by several foods ("Oryza sativa" is raw, parboiled and flaked rice;
     * "Palak" names two greens): such a name is kept only while every food it names is of one family, and is
     * otherwise dropped (mapped to {@link #AMBIGUOUS}) rather than guessed.
     */
    private void putUnlessAmbiguous(Map<String, Food> index, String key, Food food) {
        Food existing = index.putIfAbsent(key, food);
        if (existing != null && existing != AMBIGUOUS && !existing.family().equalsIgnoreCase(food.family())) {
            index.put(key, AMBIGUOUS);
        }
    }

    Food food(String code) {
        return byCode.get(code);
    }

    List<Food> foods() {
        return foods;
    }

    FoodMatch match(String name) {
        List<String> words = FoodNames.words(name == null ? "" : name);
        if (words.isEmpty()) {
            return FoodMatch.missing("the name is empty");
        }
        FoodMatch exact = byKey(FoodNames.key(words));
        if (exact != null) {
            return exact;
        }
        List<String> essential = FoodNames.withoutDescriptors(words);
        if (!essential.isEmpty() && essential.size() < words.size()) {
            FoodMatch stripped = byKey(FoodNames.key(essential));
            if (stripped != null) {
                return stripped;
            }
        }
        if (essential.isEmpty()) {
            return FoodMatch.missing(NOT_FOUND);
        }
        String key = FoodNames.key(essential);
        if (FoodNames.hasHangul(key)) {
            for (String aliasKey : hangulAliasKeys) {
                if (key.endsWith(aliasKey)) {
                    return fromAlias(aliases.get(aliasKey));
                }
            }
            return FoodMatch.missing(NOT_FOUND);
        }
        Food partial = partial(essential);
        return partial != null ? FoodMatch.found(partial, FoodMatch.PARTIAL_NAME, 1, null)
                : FoodMatch.missing(NOT_FOUND);
    }

    /**
     * The alias or table name with exactly this key, or {@code null}: the strict lookup for finding foods in running
     * text, where a scientific or local name would more likely be an ordinary word.
     */
    FoodMatch named(String key) {
        Alias alias = aliases.get(key);
        if (alias != null) {
            return fromAlias(alias);
        }
        Food food = byName.get(key);
        return food == null ? null : FoodMatch.found(food, FoodMatch.NAME, 1, null);
    }

    List<String> hangulAliasKeys() {
        return allHangulAliasKeys;
    }

    /** The alias, the table's name, scientific name or local name with exactly this key. */
    private FoodMatch byKey(String key) {
        Alias alias = aliases.get(key);
        if (alias != null) {
            return fromAlias(alias);
        }
        Food food = byName.get(key);
        if (food != null) {
            return FoodMatch.found(food, FoodMatch.NAME, 1, null);
        }
        food = byScientificName.get(key);
        if (food != null && food != AMBIGUOUS) {
            return FoodMatch.found(food, FoodMatch.SCIENTIFIC_NAME, 1, null);
        }
        food = byLocalName.get(key);
        return food == null || food == AMBIGUOUS ? null : FoodMatch.found(food, FoodMatch.LOCAL_NAME, 1, null);
    }

    private FoodMatch fromAlias(Alias alias) {
        if (alias.code() == null) {
            return FoodMatch.missing(alias.note() == null ? NOT_FOUND : alias.note());
        }
        return FoodMatch.found(byCode.get(alias.code()), FoodMatch.ALIAS, alias.gramsFactor(), alias.note());
    }

    /** The food whose name holds every word and whose family is named in full; fewest other words, then table order. */
    private Food partial(List<String> words) {
        Set<String> wanted = new HashSet<>(words);
        Food best = null;
        int bestExtra = Integer.MAX_VALUE;
        for (Food food : foods) {
            Set<String> name = nameWords.get(food);
            if (name.containsAll(wanted) && wanted.containsAll(familyWords.get(food))) {
                int extra = name.size() - wanted.size();
                if (extra < bestExtra) {
                    best = food;
                    bestExtra = extra;
                }
            }
        }
        return best;
    }

    Map<String, Alias> aliases() {
        return Collections.unmodifiableMap(aliases);
    }
}
