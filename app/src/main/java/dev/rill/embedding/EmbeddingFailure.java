package dev.rill.embedding;

import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import org.springframework.http.HttpStatus;

/**
 * The remote embedding server failed or answered with something unusable. A 5xx: it is Rill's upstream that failed,
 * not the client's request. The in-process model has no such failures; its errors are bugs and surface as 500.
 */
public final class EmbeddingFailure extends RillException {

    public static final ProblemType UNAVAILABLE = new ProblemType("embedding-unavailable",
            "Embedding model unavailable", HttpStatus.SERVICE_UNAVAILABLE);

    EmbeddingFailure(String detail, Throwable cause) {
        super(UNAVAILABLE, detail, cause);
    }
}
