-- Images attached to a chat room, owned by the attachment feature. The bytes live here, in bytea: there is no
-- file system path at all, let alone one a client could influence. Attachments cascade from their room (and so
-- from its user), so deleting a room or an account removes its images in the same statement.

CREATE TABLE attachments (
    id          uuid PRIMARY KEY,
    chat_id     uuid        NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Decided from the bytes (magic numbers), never from what the client declared.
    media_type  text        NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg')),
    -- The uploaded file's name, for display only: its last path segment, never used to store or find anything.
    filename    text,
    size_bytes  integer     NOT NULL CHECK (size_bytes > 0),
    -- The uploader asked for a structured extraction (e.g. the rows of a lab report) with the next turn.
    analysis    boolean     NOT NULL DEFAULT false,
    content     bytea       NOT NULL,
    created_at  timestamptz NOT NULL
);
-- A room's attachments in upload order.
CREATE INDEX attachments_chat_created_idx ON attachments (chat_id, created_at, id);
