package dev.rill.recipe;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.rill.profile.Profile;

/**
 * Decides which ingredients must leave a meal: those a profile is allergic to, and for dogs and cats those that
 * are toxic to them ({@code recipe/pet-unsafe.csv}). A term (an allergy as the user wrote it, or a pet-unsafe
 * food) hits an ingredient when
 * <ul>
 *   <li>every word of the term is a word of the ingredient's name ("peanut" in "peanut butter"); Korean terms of
 *       two or more syllables may also sit inside a word ("땅콩" in "땅콩버터");</li>
 *   <li>the term matches a food whose family the ingredient's food belongs to ("chicken" → Chicken, which also
 *       covers "Poultry, chicken, liver"; "닭고기" likewise); or</li>
 *   <li>the term names a group ({@code recipe/allergen-groups.csv}: dairy, fish, shellfish, nuts, gluten…) that
 *       holds the ingredient's food.</li>
 * </ul>
 * It errs towards excluding: a false alarm costs one ingredient, a miss could cost a reaction.
 */
final class Exclusions {

    static final String ALLERGY = "allergy";
    static final String UNSAFE_FOR_PETS = "unsafe_for_pets";

    /** Why an ingredient left the meal. {@code term} is the allergy or pet-unsafe food that hit it. */
    record Exclusion(String kind, String term, String reason) {
    }

    private final FoodMatcher matcher;
    private final Map<String, Set<String>> groupTargets;
    private final Map<String, String> petUnsafe;
    /** The pet-unsafe terms' own matches, worked out once instead of for every ingredient. */
    private final Map<String, FoodMatch> petUnsafeMatches = new HashMap<>();

    Exclusions(FoodMatcher matcher, Map<String, Set<String>> groupTargets, Map<String, String> petUnsafe) {
        this.matcher = matcher;
        this.groupTargets = Map.copyOf(groupTargets);
        // In file order, so that the reason given for a food that several terms hit never changes between runs.
        this.petUnsafe = Collections.unmodifiableMap(new LinkedHashMap<>(petUnsafe));
        petUnsafe.keySet().forEach(term -> petUnsafeMatches.put(term, matcher.match(term)));
    }

    static Exclusions parse(FoodMatcher matcher, List<List<String>> groups, List<List<String>> unsafe) {
        Map<String, Set<String>> targets = new HashMap<>();
        for (List<String> record : groups) {
            targets.put(FoodNames.key(record.get(0)), Set.of(record.get(1).split(";")));
        }
        Map<String, String> petUnsafe = new LinkedHashMap<>();
        for (List<String> record : unsafe) {
            petUnsafe.put(record.get(0).strip(), record.get(1).strip());
        }
        return new Exclusions(matcher, targets, petUnsafe);
    }

    /** The first reason to leave this ingredient out for {@code profile} ({@code null}: nothing to check). */
    Optional<Exclusion> check(String ingredient, FoodMatch match, Profile profile) {
        if (profile == null) {
            return Optional.empty();
        }
        for (String allergy : profile.allergies()) {
            if (hits(allergy, matcher.match(allergy), ingredient, match)) {
                return Optional.of(new Exclusion(ALLERGY, allergy,
                        "matches the profile's allergy '" + allergy + "'"));
            }
        }
        if (profile.species().isPet()) {
            for (Map.Entry<String, String> unsafe : petUnsafe.entrySet()) {
                if (hits(unsafe.getKey(), petUnsafeMatches.get(unsafe.getKey()), ingredient, match)) {
                    return Optional.of(new Exclusion(UNSAFE_FOR_PETS, unsafe.getKey(),
                            "not for a " + profile.species().wire() + ": " + unsafe.getValue()));
                }
            }
        }
        return Optional.empty();
    }

    private boolean hits(String term, FoodMatch termMatch, String ingredient, FoodMatch match) {
        List<String> termWords = FoodNames.withoutDescriptors(FoodNames.words(term));
        if (termWords.isEmpty()) {
            return false;
        }
        List<String> ingredientWords = FoodNames.words(ingredient);
        if (new HashSet<>(ingredientWords).containsAll(termWords)) {
            return true;
        }
        String termKey = FoodNames.key(termWords);
        if (FoodNames.hasHangul(termKey) && termKey.codePointCount(0, termKey.length()) >= 2
                && FoodNames.key(ingredientWords).contains(termKey)) {
            return true;
        }
        if (!match.matched()) {
            return false;
        }
        Food food = match.food();
        Set<String> targets = groupTargets.get(termKey);
        if (targets != null && (targets.contains(food.group()) || targets.contains(food.code()))) {
            return true;
        }
        if (!termMatch.matched()) {
            return false;
        }
        return termMatch.food().code().equals(food.code())
                || new HashSet<>(FoodNames.words(food.name())).containsAll(FoodNames.words(termMatch.food().family()));
    }
}
