-- Accounts, refresh tokens and external (OIDC) identities, owned by the auth feature.
-- Every table of every feature that holds a user's data references users(id) ON DELETE CASCADE,
-- so deleting an account removes all of its data in one statement, hence one transaction.

CREATE TABLE users (
    id                 uuid PRIMARY KEY,
    email              text        NOT NULL,
    password_hash      text,
    nickname           text        NOT NULL,
    bio                text        NOT NULL DEFAULT '',
    role               text        NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    -- Access tokens issued before this instant are refused (password change, "sign out everywhere").
    tokens_valid_after timestamptz NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);
-- Emails are stored lower-cased; the index makes "is this email taken" a unique lookup.
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE refresh_tokens (
    id          uuid PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- All tokens rotated from one login share a family; reuse of a rotated token revokes the family.
    family_id   uuid        NOT NULL,
    token_hash  text        NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    revoked_at  timestamptz
);
CREATE UNIQUE INDEX refresh_tokens_hash_key ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

CREATE TABLE external_identities (
    issuer     text        NOT NULL,
    subject    text        NOT NULL,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX external_identities_user_idx ON external_identities (user_id);
