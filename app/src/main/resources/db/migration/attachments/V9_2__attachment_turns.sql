-- Which run sent an attachment to the model (NULL: still pending, the room's next turn takes it), and the
-- structured extraction that run made when the uploader asked for one (JSON text: {"rows": [...]}).

ALTER TABLE attachments
    ADD COLUMN run_id          uuid,
    ADD COLUMN analysis_result text;
-- The next turn looks for the room's pending attachments.
CREATE INDEX attachments_pending_idx ON attachments (chat_id, created_at, id) WHERE run_id IS NULL;
