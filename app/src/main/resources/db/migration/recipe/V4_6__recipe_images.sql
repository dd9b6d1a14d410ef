-- Pictures of recipes, drawn by an image model after the turn that saved the recipe. At most one per recipe, and
-- never replaced, so its hash is a stable strong ETag. Only PNG, JPEG and WebP (checked by their first bytes
-- before they are stored) are kept; a recipe without a row is shown as a generated SVG card.

CREATE TABLE recipe_images (
    recipe_id     uuid PRIMARY KEY REFERENCES recipes (id) ON DELETE CASCADE,
    content_type  text        NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp')),
    bytes         bytea       NOT NULL CHECK (octet_length(bytes) > 0),
    -- SHA-256 of bytes, lower-case hex.
    sha256        text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    created_at    timestamptz NOT NULL
);
