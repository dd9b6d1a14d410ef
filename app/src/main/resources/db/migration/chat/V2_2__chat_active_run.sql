-- The run answering in a room, if any: one answer at a time per room, across instances. The claim is taken in
-- the same transaction that stores the user's message and dropped in the one that stores the answer, so it
-- costs no round trip of its own and works whether or not Redis is up. It lasts until active_run_until; the
-- owning instance extends it while the run lives, so a crashed instance frees the room within one lease.
ALTER TABLE chats
    ADD COLUMN active_run_id    uuid,
    ADD COLUMN active_run_until timestamptz;

-- Claims that lapsed without an answer: what the sweeper looks for.
CREATE INDEX chats_active_run_until_idx ON chats (active_run_until) WHERE active_run_id IS NOT NULL;
