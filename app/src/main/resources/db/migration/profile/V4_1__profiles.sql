-- Profiles of whom a user's meals are for (a person, a dog, a cat), owned by the profile feature.
-- They cascade from users, so deleting an account removes them in the same statement.

CREATE TABLE profiles (
    id          uuid PRIMARY KEY,
    user_id     uuid             NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        text             NOT NULL CHECK (name <> ''),
    species     text             NOT NULL CHECK (species IN ('human', 'dog', 'cat')),
    -- Optional; only people's reference intakes depend on it.
    sex         text             CHECK (sex IS NULL OR sex IN ('female', 'male')),
    weight_kg   double precision NOT NULL CHECK (weight_kg > 0),
    age_years   double precision NOT NULL CHECK (age_years >= 0),
    activity    text             NOT NULL DEFAULT 'moderate' CHECK (activity IN ('low', 'moderate', 'high')),
    -- As the user wrote them; the recipe flow matches them against ingredients.
    allergies   text[]           NOT NULL DEFAULT '{}',
    created_at  timestamptz      NOT NULL,
    updated_at  timestamptz      NOT NULL
);
-- A user's profiles newest first, paged by the tuple (created_at, id): a backward scan of this index.
CREATE INDEX profiles_user_created_idx ON profiles (user_id, created_at, id);
