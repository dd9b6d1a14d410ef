/**
 * Recipes: meals designed for a profile, checked against a real nutrition table, and saved. Owns the
 * {@code recipes} and {@code recipe_images} tables and the {@code /api/recipes} routes (list and search, read, and
 * each recipe's picture: drawn by an image model after the turn by {@link dev.rill.recipe.RecipePictures}, or an
 * SVG card), the trimmed IFCT 2017 table
 * and its lists under {@code resources/recipe/} (aliases, allergen groups, foods unsafe for pets), and the
 * recipe flow ({@link dev.rill.recipe.RecipeFlow}), which the graph runs when a user asks for a meal.
 * {@link dev.rill.recipe.RecipeService} matches, excludes, calculates and saves; profiles come from
 * {@link dev.rill.profile.ProfileService}. Recipes cascade from {@code users} in PostgreSQL and keep the room, run
 * and profile they came from as plain IDs, so a recipe outlives its room. Formulas and sources:
 * {@code docs/nutrition.md}.
 */
package dev.rill.recipe;
