package dev.rill.llm;

import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import org.springframework.http.HttpStatus;

/**
 * Why a reply stream failed. Callers branch on {@link #kind()}, never on the message, and on
 * {@link #tokensEmitted()} to decide whether there is partial output to keep.
 *
 * <p>Rendered as a problem, every kind is a 5xx: a refused key or an exhausted quota at the language model is
 * Rill's problem, not the client's, so it must not look like the client's own 401 or 429.
 */
public final class LlmFailure extends RillException {

    /** The stable kinds of failure. Only the first three are retried, and only before any output. */
    public enum Kind {
        /** Connection refused or reset, DNS failure, HTTP 5xx. */
        UPSTREAM_UNAVAILABLE(true, new ProblemType("llm-unavailable", "Language model unavailable",
                HttpStatus.SERVICE_UNAVAILABLE)),
        /** HTTP 429. An exhausted quota is this kind too, but is not retried. */
        RATE_LIMITED(true, new ProblemType("llm-rate-limited", "Language model rate limit reached",
                HttpStatus.SERVICE_UNAVAILABLE)),
        /** Connect, response-header, first-token, idle or overall timeout, or HTTP 408. */
        TIMEOUT(true, new ProblemType("llm-timeout", "Language model timed out", HttpStatus.GATEWAY_TIMEOUT)),
        /** The upstream answered with something that is not a complete OpenAI stream. */
        BAD_RESPONSE(false, new ProblemType("llm-bad-response", "Language model sent an unusable response",
                HttpStatus.BAD_GATEWAY)),
        /** HTTP 401 or 403: the key is wrong, revoked or lacks access. */
        AUTH_FAILED(false, new ProblemType("llm-auth-failed", "Language model refused the credentials",
                HttpStatus.BAD_GATEWAY)),
        /** Any other HTTP 4xx: unknown model, context too long, invalid tool schema. Retrying cannot help. */
        REQUEST_REJECTED(false, new ProblemType("llm-request-rejected", "Language model rejected the request",
                HttpStatus.BAD_GATEWAY)),
        /** The subscriber fell so far behind that Rill stopped the upstream rather than buffer without bound. */
        OVERRUN(false, new ProblemType("llm-overrun", "Reply consumer fell behind",
                HttpStatus.INTERNAL_SERVER_ERROR));

        private final boolean retryable;
        private final ProblemType problem;

        Kind(boolean retryable, ProblemType problem) {
            this.retryable = retryable;
            this.problem = problem;
        }

        public ProblemType problem() {
            return problem;
        }
    }

    private final Kind kind;
    private final boolean tokensEmitted;
    private final boolean retryable;
    private final int upstreamStatus;
    private final String upstreamCode;

    LlmFailure(Kind kind, String detail, boolean tokensEmitted, int upstreamStatus, String upstreamCode,
               boolean retryable, Throwable cause) {
        super(kind.problem(), detail, cause);
        this.kind = kind;
        this.tokensEmitted = tokensEmitted;
        this.upstreamStatus = upstreamStatus;
        this.upstreamCode = upstreamCode;
        this.retryable = retryable && kind.retryable;
        with("kind", kind.name());
    }

    LlmFailure(Kind kind, String detail, boolean tokensEmitted, Throwable cause) {
        this(kind, detail, tokensEmitted, 0, null, true, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** Whether any token or tool call reached the subscriber before the failure: if so, it was not retried. */
    public boolean tokensEmitted() {
        return tokensEmitted;
    }

    /** The upstream's HTTP status, or 0 when the failure was not an HTTP error response. */
    public int upstreamStatus() {
        return upstreamStatus;
    }

    /** The upstream's {@code error.code}, e.g. {@code invalid_api_key}, or {@code null}. */
    public String upstreamCode() {
        return upstreamCode;
    }

    /** Whether another attempt could succeed; a failure after output is never retried, whatever this says. */
    public boolean retryable() {
        return retryable;
    }

    @Override
    public String toString() {
        return "LlmFailure[" + kind + (upstreamStatus > 0 ? ", HTTP " + upstreamStatus : "")
                + (upstreamCode != null ? ", " + upstreamCode : "") + ", tokensEmitted=" + tokensEmitted + "]: "
                + getMessage();
    }
}
