package dev.rill.shared;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure a client can act on. It carries a {@link ProblemType} and a detail that is safe to show; the web
 * layer renders it as {@code application/problem+json}. Expected failures skip the stack trace: they are
 * answers, not bugs, and a login storm should not cost a stack walk per request.
 */
public class RillException extends RuntimeException {

    /** One field at fault in a request, as listed in a validation problem's {@code errors}. */
    public record FieldError(String field, String message) {
    }

    private final ProblemType type;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration retryAfter;

    public RillException(ProblemType type, String detail) {
        this(type, detail, null);
    }

    /** For failures caused by another system's error, which stays attached for the log but never reaches a client. */
    protected RillException(ProblemType type, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.type = type;
    }

    public ProblemType type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> properties() {
        return properties;
    }

    /** Response headers the problem carries besides {@code Retry-After}, such as a quota's {@code RateLimit-*}. */
    public Map<String, String> headers() {
        return headers;
    }

    public RillException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public RillException with(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    public RillException retryAfter(Duration delay) {
        this.retryAfter = delay;
        return this;
    }

    public static RillException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new RillException(ProblemType.VALIDATION, detail).with("errors", errors);
    }

    public static RillException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static RillException notFound(String what) {
        return new RillException(ProblemType.NOT_FOUND, what + " was not found");
    }

    public static RillException rateLimited(String detail, Duration retryAfter) {
        return new RillException(ProblemType.RATE_LIMITED, detail).retryAfter(retryAfter);
    }
}
