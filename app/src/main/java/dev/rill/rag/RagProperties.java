package dev.rill.rag;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The knowledge base, its search and the RAG flow ({@code rill.rag.*}).
 *
 * @param maxDocumentSize      largest upload (the file's bytes); larger ones get 413
 * @param maxTitleLength       longest document or request title, in characters
 * @param chunkTokens          target chunk size, in estimated tokens (about 4 characters of Latin text, or one
 *                             Hangul or CJK character, per token)
 * @param chunkOverlapTokens   how much of the end of one chunk is repeated at the start of the next, so a sentence
 *                             cut at a boundary is still found whole in one of them
 * @param maxChunksPerDocument a document that splits into more chunks is refused (413): embedding costs CPU time
 *                             in proportion to the chunks, and an upload waits for all of it
 * @param searchLimit          chunks the RAG flow retrieves for an answer
 * @param maxSearchLimit       largest {@code limit} of {@code GET /api/documents/search}
 * @param relevanceThreshold   cosine similarity a chunk needs to count as relevant; the RAG flow answers from
 *                             relevant chunks only, and says it found nothing when there are none
 * @param hnswEfSearch         pgvector's {@code hnsw.ef_search} for a search: candidates the HNSW scan keeps; higher
 *                             is slower and finds more of the true nearest chunks
 * @param parseThreads         threads that parse PDFs; 0 means one per CPU
 * @param defaultPageSize      documents or requests per page when the client gives no {@code limit}
 * @param maxPageSize          largest {@code limit} accepted
 * @param maxRequestLength     longest knowledge request text, in characters
 * @param maxReasonLength      longest reason given with a knowledge request, in characters
 * @param maxQueryLength       longest search text, in characters; the RAG flow cuts a longer message to this
 */
@Validated
@ConfigurationProperties("rill.rag")
public record RagProperties(
        @DefaultValue("10MB") @NotNull DataSize maxDocumentSize,
        @DefaultValue("200") @Min(10) @Max(1000) int maxTitleLength,
        @DefaultValue("500") @Min(50) @Max(4000) int chunkTokens,
        @DefaultValue("50") @Min(0) int chunkOverlapTokens,
        @DefaultValue("2000") @Min(1) @Max(100_000) int maxChunksPerDocument,
        @DefaultValue("5") @Min(1) @Max(50) int searchLimit,
        @DefaultValue("20") @Min(1) @Max(100) int maxSearchLimit,
        @DefaultValue("0.3") @DecimalMin("-1.0") @DecimalMax("1.0") double relevanceThreshold,
        @DefaultValue("100") @Min(10) @Max(1000) int hnswEfSearch,
        @DefaultValue("0") @Min(0) @Max(64) int parseThreads,
        @DefaultValue("20") @Min(1) int defaultPageSize,
        @DefaultValue("50") @Min(1) @Max(500) int maxPageSize,
        @DefaultValue("20000") @Min(100) @Max(1_000_000) int maxRequestLength,
        @DefaultValue("2000") @Min(10) @Max(100_000) int maxReasonLength,
        @DefaultValue("1000") @Min(10) @Max(10_000) int maxQueryLength) {

    @AssertTrue(message = "max-document-size must be from 1 byte to 100MB")
    boolean isMaxDocumentSizeInRange() {
        return maxDocumentSize == null
                || (maxDocumentSize.toBytes() > 0 && maxDocumentSize.compareTo(DataSize.ofMegabytes(100)) <= 0);
    }

    @AssertTrue(message = "chunk-overlap-tokens must be less than half of chunk-tokens")
    boolean isOverlapBelowHalfAChunk() {
        return chunkOverlapTokens * 2 < chunkTokens;
    }

    @AssertTrue(message = "default-page-size must not exceed max-page-size")
    boolean isDefaultPageSizeWithinMax() {
        return defaultPageSize <= maxPageSize;
    }

    @AssertTrue(message = "search-limit must not exceed max-search-limit")
    boolean isSearchLimitWithinMax() {
        return searchLimit <= maxSearchLimit;
    }

    public int effectiveParseThreads() {
        return parseThreads == 0 ? Runtime.getRuntime().availableProcessors() : parseThreads;
    }
}
