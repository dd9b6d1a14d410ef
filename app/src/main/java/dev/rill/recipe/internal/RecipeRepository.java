package dev.rill.recipe.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.Repository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Recipes, always looked up together with their owner: another user's recipe is simply not found. Not a CRUD
 * repository on purpose: the derived methods would read and write the jsonb columns as the driver's JSON type.
 * Pages walk backwards from a cursor (exclusive) over {@code (created_at, id)}.
 */
public interface RecipeRepository extends Repository<RecipeRow, UUID> {

    String COLUMNS = "r.id, r.user_id, r.chat_id, r.run_id, r.profile_id, r.title, r.steps::text AS steps,"
            + " r.selected_ingredients::text AS selected_ingredients,"
            + " r.validation_ingredients::text AS validation_ingredients,"
            + " r.calculation_result::text AS calculation_result, r.created_at";

    @Modifying
    @Query("""
            INSERT INTO recipes (id, user_id, chat_id, run_id, profile_id, title, steps, selected_ingredients,
                                 validation_ingredients, calculation_result, created_at)
            VALUES (:id, :userId, :chatId, :runId, :profileId, :title, CAST(:steps AS jsonb),
                    CAST(:selectedIngredients AS jsonb), CAST(:validationIngredients AS jsonb),
                    CAST(:calculationResult AS jsonb), :createdAt)""")
    Mono<Integer> insert(UUID id, UUID userId, UUID chatId, UUID runId, UUID profileId, String title, String steps,
                         String selectedIngredients, String validationIngredients, String calculationResult,
                         Instant createdAt);

    @Query("SELECT " + COLUMNS + " FROM recipes r WHERE r.id = :id AND r.user_id = :userId")
    Mono<RecipeRow> findOwned(UUID userId, UUID id);

    @Query("SELECT " + COLUMNS + " FROM recipes r"
            + " WHERE r.user_id = :userId AND (r.created_at, r.id) < (:beforeAt, :beforeId)"
            + " ORDER BY r.created_at DESC, r.id DESC LIMIT :limit")
    Flux<RecipeRow> findPage(UUID userId, Instant beforeAt, UUID beforeId, int limit);

    /**
     * Recipes whose title, or the name or matched food name of any selected ingredient, matches {@code pattern},
     * an ILIKE pattern escaped with {@code \}.
     */
    @Query("SELECT " + COLUMNS + " FROM recipes r"
            + " WHERE r.user_id = :userId AND (r.created_at, r.id) < (:beforeAt, :beforeId)"
            + " AND (r.title ILIKE :pattern ESCAPE '\\'"
            + "      OR EXISTS (SELECT 1 FROM jsonb_array_elements(r.selected_ingredients) i"
            + "                 WHERE i ->> 'name' ILIKE :pattern ESCAPE '\\'"
            + "                    OR i ->> 'food_name' ILIKE :pattern ESCAPE '\\'))"
            + " ORDER BY r.created_at DESC, r.id DESC LIMIT :limit")
    Flux<RecipeRow> searchPage(UUID userId, String pattern, Instant beforeAt, UUID beforeId, int limit);
}
