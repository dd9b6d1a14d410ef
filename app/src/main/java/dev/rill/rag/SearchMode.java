package dev.rill.rag;

/** How the knowledge base is searched, decided by the schema that the migrations produced. */
public enum SearchMode {
    /** pgvector's {@code vector(384)} column and its HNSW index: approximate, fast at any size. */
    HNSW,
    /** {@code real[]} column, every visible chunk scored in SQL: exact, and linear in the number of chunks. */
    EXACT
}
