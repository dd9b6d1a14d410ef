-- Users' own provider keys, owned by the keys feature. The key itself is stored only as AES-GCM ciphertext
-- (nonce || ciphertext+tag) under the key-encryption key named by kek_id; last4 is kept apart so that listing
-- keys never decrypts anything.

CREATE TABLE user_keys (
    id         uuid        PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider   text        NOT NULL,
    label      text        NOT NULL,
    base_url   text        NOT NULL,
    last4      text        NOT NULL,
    kek_id     text        NOT NULL,
    secret     bytea       NOT NULL,
    is_default boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL
);

CREATE INDEX user_keys_by_user ON user_keys (user_id, created_at);
-- At most one default key per user; the database holds the rule even against concurrent changes.
CREATE UNIQUE INDEX user_keys_one_default ON user_keys (user_id) WHERE is_default;
