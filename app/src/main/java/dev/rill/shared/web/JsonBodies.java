package dev.rill.shared.web;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;

import reactor.core.publisher.Mono;

/**
 * Reads and validates JSON request bodies for handlers: the content type must be JSON, the body must fit the
 * configured limit, parse, and pass the record's Bean Validation constraints. Every failure is a 4xx problem.
 */
@Component
public class JsonBodies {

    private final Validator validator;
    private final WebProperties properties;

    public JsonBodies(Validator validator, WebProperties properties) {
        this.validator = validator;
        this.properties = properties;
        // The first violation loads the message bundles from a jar: a file read that must happen here, at
        // start-up, rather than on an event loop serving the first bad request.
        validator.validate(new WarmUp(null, "", -1));
    }

    private record WarmUp(@jakarta.validation.constraints.NotNull String a,
                          @jakarta.validation.constraints.Size(min = 1) @jakarta.validation.constraints.Email
                          @jakarta.validation.constraints.Pattern(regexp = "x") @jakarta.validation.constraints.NotBlank
                          String b,
                          @jakarta.validation.constraints.Min(0) @jakarta.validation.constraints.Max(-2) int c) {
    }

    public <T> Mono<T> read(ServerRequest request, Class<T> type) {
        MediaType contentType = request.headers().contentType().orElse(null);
        if (contentType == null || !(contentType.isCompatibleWith(MediaType.APPLICATION_JSON)
                || "json".equals(contentType.getSubtypeSuffix()))) {
            return Mono.error(new RillException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Send the request body as application/json"));
        }
        long length = request.headers().contentLength().orElse(-1);
        if (length > properties.maxJsonBody().toBytes()) {
            return Mono.error(new RillException(ProblemType.BODY_TOO_LARGE,
                    "The request body exceeds " + properties.maxJsonBody().toKilobytes() + " KiB"));
        }
        return request.bodyToMono(type)
                .switchIfEmpty(Mono.error(() -> new RillException(ProblemType.MALFORMED_BODY,
                        "A JSON request body is required")))
                .map(this::validate);
    }

    public <T> T validate(T value) {
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (violations.isEmpty()) {
            return value;
        }
        List<RillException.FieldError> errors = violations.stream()
                .map(v -> new RillException.FieldError(snakeCase(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(RillException.FieldError::field)
                        .thenComparing(RillException.FieldError::message))
                .toList();
        throw RillException.invalid(errors);
    }

    static String snakeCase(String path) {
        return path.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }
}
