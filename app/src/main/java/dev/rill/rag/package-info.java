/**
 * The knowledge base and retrieval-augmented answers. Owns the {@code rag_documents}, {@code rag_chunks} and
 * {@code rag_knowledge_requests} tables and the {@code /api/documents}, {@code /api/knowledge-requests} and
 * {@code /api/admin/knowledge-requests} routes.
 *
 * <p>{@link dev.rill.rag.RagService} stores documents (text, Markdown, PDF: a user's own, or global ones added by
 * admins), splits them into chunks embedded through {@link dev.rill.embedding.EmbeddingService}, and searches them
 * by cosine similarity, with pgvector's HNSW index where the database has pgvector and an exact scan where it does
 * not. {@link dev.rill.rag.KnowledgeRequestService} is the submissions board, whose applied requests become global
 * documents. {@link dev.rill.rag.RagFlow} is the graph's {@code rag} flow, which answers a turn from the chunks it
 * finds and cites them. Documents and requests cascade from {@code users}; a global document outlives its creator.
 */
package dev.rill.rag;
