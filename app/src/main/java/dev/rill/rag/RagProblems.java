package dev.rill.rag;

import dev.rill.shared.ProblemType;
import org.springframework.http.HttpStatus;

/** Problem types of the rag feature. */
final class RagProblems {

    /** The upload has the right type but no text can be taken from it: a corrupt or encrypted PDF, or a scan. */
    static final ProblemType UNREADABLE_DOCUMENT =
            new ProblemType("unreadable-document", "Document has no readable text", HttpStatus.UNPROCESSABLE_CONTENT);
    /** The text would split into more chunks than {@code rill.rag.max-chunks-per-document}. */
    static final ProblemType DOCUMENT_TOO_LONG =
            new ProblemType("document-too-long", "Document too long", HttpStatus.CONTENT_TOO_LARGE);
    /** The knowledge request was already applied or rejected; only pending requests change. */
    static final ProblemType REQUEST_NOT_PENDING =
            new ProblemType("request-not-pending", "Knowledge request already reviewed", HttpStatus.CONFLICT);

    private RagProblems() {
    }
}
