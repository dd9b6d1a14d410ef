package dev.rill.recipe;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rill.chat.Page;
import dev.rill.shared.IdKind;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What the recipe routes return. IDs are prefixed ({@code recipe-…}, {@code chat-…}). Every field is always present,
 * {@code null} included, so that clients see one fixed shape; the three documents are returned as they were saved.
 */
final class RecipeResponses {

    private RecipeResponses() {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RecipeView(@Schema(description = "recipe-…") String id,
                      String title,
                      Instant createdAt,
                      @Schema(description = "The room whose answer made the recipe (chat-…), or null")
                      String chatId,
                      @Schema(description = "The profile it was made for (pet-… or profile-…), or null")
                      String profileId,
                      @Schema(description = "Ingredients kept in the recipe: [{name, grams, food_code, food_name}];"
                              + " food_code is null for an ingredient the nutrition table does not have")
                      List<Map<String, Object>> selectedIngredients,
                      @Schema(description = "Every proposed ingredient: status matched, unmatched or excluded, the"
                              + " matched food, and the reason when unmatched or excluded (allergy, unsafe for pets)")
                      List<Map<String, Object>> validationIngredients,
                      @Schema(description = "Nutrition per ingredient, total, per serving, daily need and share of"
                              + " it; see docs/nutrition.md")
                      Map<String, Object> calculationResult,
                      @Schema(description = "How to make it, in order") List<String> steps) {

        static RecipeView of(Recipe recipe) {
            // The prefix (pet- or profile-) follows the species the profile had when the recipe was made, which
            // the saved calculation keeps; the row holds only the UUID.
            String profileId = recipe.calculationResult().get("profile") instanceof Map<?, ?> profile
                    && profile.get("id") instanceof String id ? id : null;
            return new RecipeView(IdKind.RECIPE.format(recipe.id()), recipe.title(), recipe.createdAt(),
                    recipe.chatId() == null ? null : IdKind.CHAT.format(recipe.chatId()), profileId,
                    recipe.selectedIngredients(), recipe.validationIngredients(), recipe.calculationResult(),
                    recipe.steps());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RecipeList(@Schema(description = "Recipes, newest first") List<RecipeView> results,
                      @Schema(description = "Pass as cursor for the next (older) page; null on the last page")
                      String nextCursor,
                      boolean hasNext) {

        static RecipeList of(Page<Recipe> page) {
            return new RecipeList(page.results().stream().map(RecipeView::of).toList(),
                    page.hasNext() ? page.next().encode() : null, page.hasNext());
        }
    }
}
