-- Tokens spent per user, key, model and UTC day, owned by the keys feature. key_id is the nil UUID for turns on
-- Rill's own model. It has no foreign key to user_keys on purpose: a deleted key's spending stays in the user's
-- totals. Rows go with their user.

CREATE TABLE key_usage (
    user_id           uuid    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key_id            uuid    NOT NULL,
    model             text    NOT NULL,
    day               date    NOT NULL,
    prompt_tokens     bigint  NOT NULL DEFAULT 0,
    completion_tokens bigint  NOT NULL DEFAULT 0,
    turns             integer NOT NULL DEFAULT 0,
    estimated         boolean NOT NULL DEFAULT false,
    PRIMARY KEY (user_id, key_id, model, day)
);
