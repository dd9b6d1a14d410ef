package dev.rill.recipe;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import dev.rill.chat.Cursor;
import dev.rill.chat.Page;
import dev.rill.profile.Profile;
import dev.rill.recipe.internal.RecipeRepository;
import dev.rill.recipe.internal.RecipeRow;
import dev.rill.shared.IdKind;
import dev.rill.shared.RillException;
import org.springframework.stereotype.Service;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Recipes: checking a proposed meal against the nutrition table and a profile, saving it, and reading a user's
 * saved recipes back.
 *
 * <p>{@link #check} matches every ingredient to an IFCT 2017 food (tolerating case, punctuation, plurals, word
 * order and Korean names through an alias list), excludes ingredients the profile is allergic to and, for pets,
 * foods that are toxic to them, and computes the nutrition of what is left, with the share of the profile's daily
 * need. Unmatched ingredients stay in the recipe and are reported, never dropped silently. Formulas and sources
 * are in {@code docs/nutrition.md}.
 *
 * <p>Reads take the acting user's ID and see only that user's recipes: a recipe that does not exist and one of
 * someone else both fail with the same 404 {@code not-found} problem. Lists are walked newest first with a
 * {@link Cursor} over {@code (created_at, id)}, like chat rooms.
 */
@Service
public class RecipeService {

    private final RecipeRepository recipes;
    private final NutritionTable table;
    private final RecipeProperties properties;

    RecipeService(RecipeRepository recipes, NutritionTable table, RecipeProperties properties) {
        this.recipes = recipes;
        this.table = table;
        this.properties = properties;
    }

    /**
     * Checks a proposal: matches, exclusions and nutrition. Saves nothing.
     *
     * @param profile whom the meal is for, or {@code null}: nothing is excluded and no daily share is computed
     */
    public Mono<CheckedMeal> check(MealProposal proposal, Profile profile) {
        return table.catalog().map(catalog -> catalog.check(proposal, profile));
    }

    /**
     * Saves a checked meal as the user's recipe, with the room, run and profile it came from, and returns it as
     * stored.
     *
     * @param chatId the room, or {@code null}
     * @param runId  the run, or {@code null}
     */
    public Mono<Recipe> save(UUID userId, UUID chatId, UUID runId, CheckedMeal meal) {
        return Mono.defer(() -> {
            Recipe recipe = new Recipe(IdKind.newUuid(), userId, chatId, runId,
                    meal.profile() == null ? null : meal.profile().id(), meal.proposal().title(),
                    meal.proposal().steps(), meal.selectedIngredients(), meal.validationIngredients(),
                    meal.calculationResult(), Instant.now().truncatedTo(ChronoUnit.MICROS));
            return recipes.insert(recipe.id(), recipe.userId(), recipe.chatId(), recipe.runId(), recipe.profileId(),
                            recipe.title(), RecipeJson.write(recipe.steps()),
                            RecipeJson.write(recipe.selectedIngredients()),
                            RecipeJson.write(recipe.validationIngredients()),
                            RecipeJson.write(recipe.calculationResult()), recipe.createdAt())
                    .thenReturn(recipe);
        });
    }

    /**
     * One page of the user's recipes, newest first. With a non-blank {@code query}, only recipes whose title or any
     * selected ingredient (its name as written, or the table's name of its food) contains it, ignoring case;
     * {@code %} and {@code _} in it match themselves.
     *
     * @param limit recipes per page, 1 to {@link RecipeProperties#maxPageSize()}
     * @throws RillException (as an error signal) 400 on field {@code q} when the query is too long
     */
    public Mono<Page<Recipe>> list(UUID userId, String query, Cursor cursor, int limit) {
        return Mono.defer(() -> {
            if (limit < 1 || limit > properties.maxPageSize()) {
                return Mono.error(new IllegalArgumentException(
                        "limit must be from 1 to " + properties.maxPageSize() + ", was " + limit));
            }
            String text = query == null ? "" : query.strip();
            if (text.codePointCount(0, text.length()) > properties.maxQueryLength()) {
                return Mono.error(RillException.invalid("q",
                        "must be at most " + properties.maxQueryLength() + " characters"));
            }
            // PostgreSQL's text cannot hold NUL: the query would fail as a 500 instead of matching nothing.
            if (text.indexOf('\u0000') >= 0) {
                return Mono.error(RillException.invalid("q", "must not contain NUL characters"));
            }
            Flux<RecipeRow> rows = text.isEmpty()
                    ? recipes.findPage(userId, cursor.createdAt(), cursor.id(), limit + 1)
                    : recipes.searchPage(userId, containsPattern(text), cursor.createdAt(), cursor.id(), limit + 1);
            return rows.map(RecipeService::toRecipe).collectList().map(found -> {
                if (found.size() <= limit) {
                    return new Page<>(found, null);
                }
                List<Recipe> results = found.subList(0, limit);
                Recipe last = results.get(limit - 1);
                return new Page<>(results, Cursor.after(last.createdAt(), last.id()));
            });
        });
    }

    /** The recipe, if the user owns it; otherwise 404 {@code not-found}. */
    public Mono<Recipe> requireOwned(UUID userId, UUID recipeId) {
        return recipes.findOwned(userId, recipeId).map(RecipeService::toRecipe)
                .switchIfEmpty(Mono.error(() -> RillException.notFound("The recipe")));
    }

    private static String containsPattern(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static Recipe toRecipe(RecipeRow row) {
        return new Recipe(row.id(), row.userId(), row.chatId(), row.runId(), row.profileId(), row.title(),
                RecipeJson.readStrings(row.steps()), RecipeJson.readObjects(row.selectedIngredients()),
                RecipeJson.readObjects(row.validationIngredients()), RecipeJson.readObject(row.calculationResult()),
                row.createdAt());
    }
}
