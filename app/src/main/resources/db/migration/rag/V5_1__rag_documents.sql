-- The knowledge base (documents and their embedded chunks) and the submissions board, owned by the rag feature.
-- Embeddings are stored as real[] here, which any PostgreSQL can hold and search exactly; V5_2 turns the column
-- into pgvector's vector(384) with an HNSW index where the extension is installed.

CREATE TABLE rag_documents (
    id              uuid PRIMARY KEY,
    -- The owner of a personal document, or NULL for a global one, which every user's search sees.
    owner_id        uuid        REFERENCES users (id) ON DELETE CASCADE,
    -- Who added it (an admin, for a global document); a global document outlives that account.
    created_by      uuid        REFERENCES users (id) ON DELETE SET NULL,
    title           text        NOT NULL CHECK (title <> ''),
    media_type      text        NOT NULL CHECK (media_type IN ('text/plain', 'text/markdown', 'application/pdf')),
    source          text        NOT NULL CHECK (source IN ('upload', 'knowledge_request')),
    -- Size of what was uploaded (a PDF's bytes, not its text).
    size_bytes      bigint      NOT NULL CHECK (size_bytes >= 0),
    -- The text that was chunked: a PDF's extracted text, or the uploaded text itself.
    content         text        NOT NULL,
    chunk_count     integer     NOT NULL CHECK (chunk_count > 0),
    -- The model that embedded the chunks; vectors of different models must not be compared.
    embedding_model text        NOT NULL,
    created_at      timestamptz NOT NULL
);
-- Listing walks (created_at, id) backwards over the user's own and the global documents.
CREATE INDEX rag_documents_owner_created_idx ON rag_documents (owner_id, created_at, id);
CREATE INDEX rag_documents_created_idx ON rag_documents (created_at, id);

CREATE TABLE rag_chunks (
    document_id uuid    NOT NULL REFERENCES rag_documents (id) ON DELETE CASCADE,
    ordinal     integer NOT NULL CHECK (ordinal >= 0),
    -- The document's owner_id, copied so that a search filters chunks without a join (NULL: global).
    owner_id    uuid,
    content     text    NOT NULL,
    -- L2-normalised, so that a dot product is the cosine similarity.
    embedding   real[]  NOT NULL,
    PRIMARY KEY (document_id, ordinal)
);
CREATE INDEX rag_chunks_owner_idx ON rag_chunks (owner_id);

-- Knowledge that users propose for the global knowledge base; an admin applies or rejects each one.
CREATE TABLE rag_knowledge_requests (
    id          uuid PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Title of the document it becomes; NULL: made from the first line of the content.
    title       text        CHECK (title IS NULL OR title <> ''),
    content     text        NOT NULL CHECK (content <> ''),
    reason      text        NOT NULL,
    status      text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied', 'rejected')),
    -- The global document an applied request became; NULL again if an admin deletes that document.
    document_id uuid        REFERENCES rag_documents (id) ON DELETE SET NULL,
    reviewed_by uuid        REFERENCES users (id) ON DELETE SET NULL,
    reviewed_at timestamptz,
    applied_at  timestamptz,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    CHECK ((status = 'applied') = (applied_at IS NOT NULL)),
    CHECK ((status = 'pending') = (reviewed_at IS NULL))
);
CREATE INDEX rag_knowledge_requests_user_created_idx ON rag_knowledge_requests (user_id, created_at, id);
CREATE INDEX rag_knowledge_requests_status_created_idx ON rag_knowledge_requests (status, created_at, id);
