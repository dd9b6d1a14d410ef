package dev.rill.recipe.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A stored recipe. The jsonb columns are held as JSON text: every query reads them with {@code ::text} and writes
 * them with {@code CAST(… AS jsonb)}, which keeps the driver's own JSON type out of compiled code.
 */
@Table("recipes")
public record RecipeRow(@Id UUID id, UUID userId, UUID chatId, UUID runId, UUID profileId, String title,
                        String steps, String selectedIngredients, String validationIngredients,
                        String calculationResult, Instant createdAt) {
}
