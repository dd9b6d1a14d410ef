/**
 * Text embeddings: {@link dev.rill.embedding.EmbeddingService} turns text into L2-normalised vectors, with the
 * in-process all-MiniLM-L6-v2 model (ONNX Runtime, 384 dimensions, works offline) or an OpenAI-compatible
 * embedding endpoint ({@code rill.embedding.*}). Used by the knowledge base ({@code rag}) and the router's fast
 * path ({@code graph}). No tables and no routes; no langchain4j type leaves this package.
 */
package dev.rill.embedding;
