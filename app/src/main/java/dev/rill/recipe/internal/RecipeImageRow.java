package dev.rill.recipe.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A recipe's stored picture: its bytes, their checked content type, and their SHA-256 in hex. */
@Table("recipe_images")
public record RecipeImageRow(@Id UUID recipeId, String contentType, byte[] bytes, String sha256,
                             Instant createdAt) {
}
