-- The user's own provider key a room's turns run on when a turn names none. No foreign key: the keys feature owns
-- user_keys (and creates it later in the migration order); a room whose key was deleted falls back to the user's
-- default key, then to Rill's model.
ALTER TABLE chats ADD COLUMN key_id uuid;
