package dev.rill.shared.web;

import java.util.List;
import java.util.stream.Collectors;

import dev.rill.shared.Causes;
import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;

import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Renders every failure that reaches the web layer as a problem document. It runs before Spring Boot's own error
 * handler, so no stack trace, SQL or class name can reach a client: anything unexpected becomes a generic 500
 * with a request ID, and the details go to the log under that ID.
 */
@Component
@Order(-2)
public class ProblemExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private final ProblemWriter writer;

    public ProblemExceptionHandler(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            // A stream that has started reports its own failure as an event; nothing more can be sent here.
            return Mono.error(ex);
        }
        RillException problem = toProblem(ex);
        // 501 means a feature this deployment has not configured: an answer, not a fault to investigate.
        if (problem.type().status().is5xxServerError() && problem.type().status() != HttpStatus.NOT_IMPLEMENTED) {
            log.error("Request {} {} failed [request_id={}]", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), exchange.getRequest().getId(), ex);
        }
        if (ex instanceof MethodNotAllowedException notAllowed && !notAllowed.getSupportedMethods().isEmpty()) {
            exchange.getResponse().getHeaders().setAllow(notAllowed.getSupportedMethods());
        }
        return writer.write(exchange, problem);
    }

    static RillException toProblem(Throwable ex) {
        if (ex instanceof RillException rill) {
            return rill;
        }
        if (Causes.find(ex, DataBufferLimitException.class) != null) {
            return new RillException(ProblemType.BODY_TOO_LARGE, "The request body exceeds the size limit");
        }
        UnrecognizedPropertyException unknown = Causes.find(ex, UnrecognizedPropertyException.class);
        if (unknown != null) {
            String field = path(unknown);
            return new RillException(ProblemType.UNKNOWN_FIELD, "Unknown field '" + field + "'")
                    .with("errors", List.of(new RillException.FieldError(field, "is not a known field")));
        }
        MismatchedInputException mismatch = Causes.find(ex, MismatchedInputException.class);
        if (mismatch != null) {
            String field = path(mismatch);
            return field.isEmpty()
                    ? new RillException(ProblemType.MALFORMED_BODY, "The request body has the wrong shape")
                    : RillException.invalid(field, "has the wrong type");
        }
        if (Causes.find(ex, JacksonException.class) != null || Causes.find(ex, DecodingException.class) != null) {
            return new RillException(ProblemType.MALFORMED_BODY, "The request body is not valid JSON");
        }
        if (ex instanceof UnsupportedMediaTypeStatusException unsupported) {
            String supported = unsupported.getSupportedMediaTypes().stream().map(Object::toString)
                    .collect(Collectors.joining(", "));
            return new RillException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Content type is not supported" + (supported.isEmpty() ? "" : "; use " + supported));
        }
        if (ex instanceof MethodNotAllowedException notAllowed) {
            return new RillException(ProblemType.METHOD_NOT_ALLOWED,
                    "Method " + notAllowed.getHttpMethod() + " is not allowed here");
        }
        if (ex instanceof NotAcceptableStatusException) {
            return new RillException(ProblemType.NOT_ACCEPTABLE, "No acceptable representation");
        }
        if (ex instanceof ServerWebInputException input) {
            String reason = input.getReason();
            return new RillException(ProblemType.BAD_REQUEST,
                    StringUtils.hasText(reason) ? reason : "The request is not valid");
        }
        if (ex instanceof ResponseStatusException status) {
            HttpStatus code = HttpStatus.resolve(status.getStatusCode().value());
            if (code == HttpStatus.NOT_FOUND) {
                return new RillException(ProblemType.NOT_FOUND, "No resource at this path");
            }
            if (code != null && code.is4xxClientError()) {
                return new RillException(new ProblemType(slug(code), code.getReasonPhrase(), code),
                        code.getReasonPhrase());
            }
        }
        if (ex instanceof AuthenticationException) {
            return new RillException(ProblemType.UNAUTHORIZED, "Authentication is required");
        }
        // PostgreSQL down or unreachable (no connection, or it broke mid-query): the client should retry, which
        // a 500 would not tell it. docs/reliability.md has the outage test that found these as 500s.
        if (Causes.find(ex, DataAccessResourceFailureException.class) != null
                || Causes.find(ex, CannotCreateTransactionException.class) != null
                || Causes.find(ex, R2dbcNonTransientResourceException.class) != null) {
            return new RillException(ProblemType.UNAVAILABLE, "Storage is unavailable; try again");
        }
        if (ex instanceof AccessDeniedException) {
            return new RillException(ProblemType.NOT_FOUND, "No resource at this path");
        }
        return new RillException(ProblemType.INTERNAL,
                "An unexpected error occurred; quote the request_id when reporting it");
    }

    private static String slug(HttpStatus status) {
        return status.getReasonPhrase().toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }

    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
