package dev.rill.rag;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rill.chat.Page;
import dev.rill.shared.IdKind;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What the rag routes return. IDs are prefixed ({@code doc-…}, {@code kreq-…}, {@code user-…}). Every field is
 * always present, {@code null} included, so that clients see one fixed shape.
 */
final class RagResponses {

    private RagResponses() {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DocumentView(String id,
                        String title,
                        @Schema(allowableValues = {"user", "global"}) String scope,
                        @Schema(description = "user-… for a personal document, null for a global one") String ownerId,
                        @Schema(allowableValues = {"text/plain", "text/markdown", "application/pdf"})
                        String mediaType,
                        @Schema(allowableValues = {"upload", "knowledge_request"}) String source,
                        @Schema(description = "Size of the uploaded file in bytes") long sizeBytes,
                        @Schema(description = "Chunks the text was split into for search") int chunkCount,
                        @Schema(description = "The model that embedded the chunks") String embeddingModel,
                        Instant createdAt) {

        static DocumentView of(KnowledgeDocument document) {
            return new DocumentView(IdKind.DOCUMENT.format(document.id()), document.title(), document.scope().wire(),
                    document.ownerId() == null ? null : IdKind.USER.format(document.ownerId()), document.mediaType(),
                    document.source(), document.sizeBytes(), document.chunkCount(), document.embeddingModel(),
                    document.createdAt());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DocumentWithContent(String id, String title, String scope, String ownerId, String mediaType, String source,
                               long sizeBytes, int chunkCount, String embeddingModel, Instant createdAt,
                               @Schema(description = "The text that was chunked: the upload's text, or a PDF's"
                                       + " extracted text") String content) {

        static DocumentWithContent of(DocumentText text) {
            DocumentView view = DocumentView.of(text.document());
            return new DocumentWithContent(view.id(), view.title(), view.scope(), view.ownerId(), view.mediaType(),
                    view.source(), view.sizeBytes(), view.chunkCount(), view.embeddingModel(), view.createdAt(),
                    text.content());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DocumentList(@Schema(description = "Documents, newest first") List<DocumentView> results,
                        @Schema(description = "Pass as cursor for the next (older) page; null on the last page")
                        String nextCursor,
                        boolean hasNext) {

        static DocumentList of(Page<KnowledgeDocument> page) {
            return new DocumentList(page.results().stream().map(DocumentView::of).toList(),
                    page.hasNext() ? page.next().encode() : null, page.hasNext());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SearchResult(@Schema(description = "doc-…") String documentId,
                        String title,
                        @Schema(description = "The matching chunk's text") String chunk,
                        @Schema(description = "Cosine similarity to the query; higher is closer") double score) {

        static SearchResult of(SearchHit hit) {
            return new SearchResult(IdKind.DOCUMENT.format(hit.documentId()), hit.title(), hit.chunk(), hit.score());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SearchResults(String searchQuery,
                         @Schema(description = "Chunks of your and the global documents, most similar first")
                         List<SearchResult> searchResult) {

        static SearchResults of(String query, List<SearchHit> hits) {
            return new SearchResults(query, hits.stream().map(SearchResult::of).toList());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record KnowledgeRequestView(String id,
                                @Schema(description = "user-… of the author") String userId,
                                String title,
                                String content,
                                String reason,
                                @Schema(allowableValues = {"pending", "applied", "rejected"}) String status,
                                @JsonProperty("is_applied") boolean isApplied,
                                @Schema(description = "doc-… of the global document it became, once applied")
                                String documentId,
                                Instant reviewedAt,
                                Instant appliedAt,
                                Instant createdAt,
                                Instant updatedAt) {

        static KnowledgeRequestView of(KnowledgeRequest request) {
            return new KnowledgeRequestView(IdKind.KNOWLEDGE_REQUEST.format(request.id()),
                    IdKind.USER.format(request.userId()), request.title(), request.content(), request.reason(),
                    request.status().wire(), request.applied(),
                    request.documentId() == null ? null : IdKind.DOCUMENT.format(request.documentId()),
                    request.reviewedAt(), request.appliedAt(), request.createdAt(), request.updatedAt());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record KnowledgeRequestList(@Schema(description = "Requests, newest first") List<KnowledgeRequestView> results,
                                @Schema(description = "Pass as cursor for the next (older) page; null on the last"
                                        + " page") String nextCursor,
                                boolean hasNext) {

        static KnowledgeRequestList of(Page<KnowledgeRequest> page) {
            return new KnowledgeRequestList(page.results().stream().map(KnowledgeRequestView::of).toList(),
                    page.hasNext() ? page.next().encode() : null, page.hasNext());
        }
    }
}
