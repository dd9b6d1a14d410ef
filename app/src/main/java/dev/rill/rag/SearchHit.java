package dev.rill.rag;

import java.util.UUID;

/**
 * One chunk a search found.
 *
 * @param documentId the document the chunk belongs to
 * @param title      that document's title
 * @param chunk      the chunk's text
 * @param score      cosine similarity to the query, from -1 to 1 (in practice 0 to 1); higher is closer
 */
public record SearchHit(UUID documentId, String title, String chunk, double score) {
}
