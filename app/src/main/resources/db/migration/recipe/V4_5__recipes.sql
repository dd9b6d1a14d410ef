-- Recipes the recipe flow saved, owned by the recipe feature. They cascade from users; the room, run and
-- profile they came from are kept as plain IDs (no foreign keys into other features' tables), so a recipe
-- outlives the room it was made in.

CREATE TABLE recipes (
    id                      uuid PRIMARY KEY,
    user_id                 uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    chat_id                 uuid,
    run_id                  uuid,
    profile_id              uuid,
    title                   text        NOT NULL CHECK (title <> ''),
    -- How to make it, as a JSON array of strings.
    steps                   jsonb       NOT NULL CHECK (jsonb_typeof(steps) = 'array'),
    -- The ingredients kept in the recipe: [{name, grams, food_code, food_name}].
    selected_ingredients    jsonb       NOT NULL CHECK (jsonb_typeof(selected_ingredients) = 'array'),
    -- Every proposed ingredient, with its match, or why it is unmatched or excluded.
    validation_ingredients  jsonb       NOT NULL CHECK (jsonb_typeof(validation_ingredients) = 'array'),
    -- Nutrition per ingredient, in total and as a share of the profile's daily need.
    calculation_result      jsonb       NOT NULL CHECK (jsonb_typeof(calculation_result) = 'object'),
    created_at              timestamptz NOT NULL
);
-- A user's recipes newest first, paged by the tuple (created_at, id): a backward scan of this index.
CREATE INDEX recipes_user_created_idx ON recipes (user_id, created_at, id);
