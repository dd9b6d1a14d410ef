-- Where pgvector is installed, embeddings become vector(384) with an HNSW index for cosine distance, and searches
-- use it. Where it is not (the embedded PostgreSQL of the tests and of spring-boot:test-run), nothing changes: the
-- column stays real[] and searches compute an exact cosine in SQL. The application detects which at start-up.
--
-- pgvector is not a trusted extension, so this migration does not create it: a superuser runs
-- CREATE EXTENSION vector before Rill starts (see docs/rag.md, also for adding it to an existing database later).
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_extension WHERE extname = 'vector') THEN
        ALTER TABLE rag_chunks ALTER COLUMN embedding TYPE vector(384) USING embedding::vector(384);
        CREATE INDEX rag_chunks_embedding_hnsw_idx ON rag_chunks USING hnsw (embedding vector_cosine_ops);
    END IF;
END
$$;
