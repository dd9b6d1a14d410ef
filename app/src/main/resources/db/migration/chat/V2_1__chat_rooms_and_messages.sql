-- Chat rooms and their stored messages, owned by the chat feature.
-- Rooms cascade from users and messages from rooms, so deleting an account or a room removes every message
-- with it in the same statement.

CREATE TABLE chats (
    id          uuid PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- NULL until the user names the room or its first user message does.
    title       text        CHECK (title IS NULL OR title <> ''),
    -- A profile the room is about (e.g. a pet). Free text until the profile feature gives it a table.
    profile_id  text,
    is_shared   boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
-- A user's rooms newest first, paged by the tuple (created_at, id): a backward scan of this index.
CREATE INDEX chats_user_created_idx ON chats (user_id, created_at, id);

CREATE TABLE chat_messages (
    id          uuid PRIMARY KEY,
    chat_id     uuid        NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    role        text        NOT NULL
                CHECK (role IN ('user', 'assistant', 'tool', 'tool_result', 'recipe', 'rag')),
    -- Always a JSON object; visible text lives under "message".
    content     jsonb       NOT NULL CHECK (jsonb_typeof(content) = 'object'),
    -- 'streaming' while an answer is being written, then how it ended.
    status      text        NOT NULL DEFAULT 'complete'
                CHECK (status IN ('streaming', 'complete', 'stopped', 'failed')),
    -- Model usage for the message (prompt/completion tokens), when a model produced it.
    token_count jsonb       CHECK (token_count IS NULL OR jsonb_typeof(token_count) = 'object'),
    -- The run that produced the message. No foreign key yet: the runs table comes with the streaming feature.
    run_id      uuid,
    created_at  timestamptz NOT NULL
);
-- A room's messages in order, and the latest N of them (history window), paged by (created_at, id).
CREATE INDEX chat_messages_chat_created_idx ON chat_messages (chat_id, created_at, id);
