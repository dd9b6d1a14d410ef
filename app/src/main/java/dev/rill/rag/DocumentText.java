package dev.rill.rag;

/**
 * A document with the text that was chunked and embedded: the uploaded text itself, or a PDF's extracted text.
 */
public record DocumentText(KnowledgeDocument document, String content) {
}
