-- Per-user daily turn allowances set by an admin, owned by the quota feature. A user without a row gets
-- rill.quota.daily-turns. The counts themselves live in Redis, one key per user per local day.

CREATE TABLE quota_overrides (
    user_id     uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    daily_turns integer     NOT NULL CHECK (daily_turns >= 0),
    updated_at  timestamptz NOT NULL
);
