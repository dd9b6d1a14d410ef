package dev.rill.recipe;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A saved recipe. IDs are plain UUIDs here; the web layer shows them prefixed ({@code recipe-…}). The three
 * documents are stored as JSON and returned as they were saved.
 *
 * @param chatId    the room whose turn made it, or {@code null}
 * @param runId     the run that made it, or {@code null}
 * @param profileId the profile it was made for, or {@code null}
 */
public record Recipe(UUID id, UUID userId, UUID chatId, UUID runId, UUID profileId, String title, List<String> steps,
                     List<Map<String, Object>> selectedIngredients, List<Map<String, Object>> validationIngredients,
                     Map<String, Object> calculationResult, Instant createdAt) {

    public Recipe {
        steps = List.copyOf(steps);
        selectedIngredients = List.copyOf(selectedIngredients);
        validationIngredients = List.copyOf(validationIngredients);
    }
}
