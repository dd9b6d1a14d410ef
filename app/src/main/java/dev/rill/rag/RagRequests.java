package dev.rill.rag;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Request bodies of the rag routes. Lengths depend on configuration ({@code rill.rag.*}), so the services check
 * them; what is fixed is checked here.
 */
final class RagRequests {

    private RagRequests() {
    }

    /** A text or Markdown document sent as JSON (at most {@code rill.web.max-json-body}); files go as multipart. */
    record CreateDocument(
            @Schema(description = "Document title: one line", requiredMode = Schema.RequiredMode.REQUIRED)
            @NotNull String title,
            @Schema(description = "The document's text", requiredMode = Schema.RequiredMode.REQUIRED)
            @NotBlank String content,
            @Schema(description = "How to read content; text when left out", allowableValues = {"text", "markdown"})
            @Pattern(regexp = "text|markdown", message = "must be text or markdown") String format,
            @Schema(description = "user (default): only you search it; global: everyone does (admins only)",
                    allowableValues = {"user", "global"})
            @Pattern(regexp = "user|global", message = "must be user or global") String scope) {
    }

    /** The multipart form of an upload, for the OpenAPI document only: the handler reads the parts as a stream. */
    record UploadForm(
            @Schema(description = "The document: text (.txt), Markdown (.md) or PDF (.pdf), recognised by its bytes",
                    type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED) String file,
            @Schema(description = "Document title; the file name without its extension when left out") String title,
            @Schema(description = "user (default) or global (admins only)", allowableValues = {"user", "global"})
            String scope) {
    }

    record SubmitKnowledge(
            @Schema(description = "Title for the document it would become; the first line of content when left"
                    + " out") String title,
            @Schema(description = "The knowledge to add", requiredMode = Schema.RequiredMode.REQUIRED)
            @NotBlank String content,
            @Schema(description = "Why it belongs in the knowledge base", requiredMode = Schema.RequiredMode.REQUIRED)
            @NotBlank String reason) {
    }

    /** Fields left out stay as they are. */
    record EditKnowledge(String title, String content, String reason) {
    }
}
