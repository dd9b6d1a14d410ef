package dev.rill.recipe.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.Repository;

import reactor.core.publisher.Mono;

/**
 * Recipes' pictures. Reads go through the owner, like recipes: a picture of another user's recipe is not found.
 */
public interface RecipeImageRepository extends Repository<RecipeImageRow, UUID> {

    /** Stores the recipe's picture unless it has one already (a picture is never replaced); 1 if stored. */
    @Modifying
    @Query("""
            INSERT INTO recipe_images (recipe_id, content_type, bytes, sha256, created_at)
            VALUES (:recipeId, :contentType, :bytes, :sha256, :createdAt)
            ON CONFLICT (recipe_id) DO NOTHING""")
    Mono<Integer> insert(UUID recipeId, String contentType, byte[] bytes, String sha256, Instant createdAt);

    @Query("SELECT i.recipe_id, i.content_type, i.bytes, i.sha256, i.created_at FROM recipe_images i"
            + " JOIN recipes r ON r.id = i.recipe_id WHERE i.recipe_id = :recipeId AND r.user_id = :userId")
    Mono<RecipeImageRow> findOwned(UUID userId, UUID recipeId);
}
