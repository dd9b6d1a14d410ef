package dev.rill.shared;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * A stable kind of failure, rendered as an RFC 9457 problem. Clients branch on {@link #type()}, never on the
 * detail text, so a type's slug never changes once released. Features declare their own types next to their
 * exceptions; the generic ones live here.
 */
public record ProblemType(String slug, String title, HttpStatus status) {

    public static final String BASE = "https://rill.dev/problems/";

    public static final ProblemType VALIDATION = new ProblemType("validation", "Invalid request", HttpStatus.BAD_REQUEST);
    public static final ProblemType MALFORMED_BODY = new ProblemType("malformed-body", "Malformed request body", HttpStatus.BAD_REQUEST);
    public static final ProblemType UNKNOWN_FIELD = new ProblemType("unknown-field", "Unknown field in request body", HttpStatus.BAD_REQUEST);
    public static final ProblemType MALFORMED_ID = new ProblemType("malformed-id", "Malformed identifier", HttpStatus.BAD_REQUEST);
    public static final ProblemType BAD_REQUEST = new ProblemType("bad-request", "Bad request", HttpStatus.BAD_REQUEST);
    public static final ProblemType UNAUTHORIZED = new ProblemType("unauthorized", "Authentication required", HttpStatus.UNAUTHORIZED);
    public static final ProblemType FORBIDDEN = new ProblemType("forbidden", "Forbidden", HttpStatus.FORBIDDEN);
    public static final ProblemType NOT_FOUND = new ProblemType("not-found", "Not found", HttpStatus.NOT_FOUND);
    public static final ProblemType METHOD_NOT_ALLOWED = new ProblemType("method-not-allowed", "Method not allowed", HttpStatus.METHOD_NOT_ALLOWED);
    public static final ProblemType NOT_ACCEPTABLE = new ProblemType("not-acceptable", "Not acceptable", HttpStatus.NOT_ACCEPTABLE);
    public static final ProblemType CONFLICT = new ProblemType("conflict", "Conflict", HttpStatus.CONFLICT);
    public static final ProblemType BODY_TOO_LARGE = new ProblemType("body-too-large", "Request body too large", HttpStatus.CONTENT_TOO_LARGE);
    public static final ProblemType UNSUPPORTED_MEDIA_TYPE = new ProblemType("unsupported-media-type", "Unsupported media type", HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    public static final ProblemType RATE_LIMITED = new ProblemType("rate-limited", "Too many requests", HttpStatus.TOO_MANY_REQUESTS);
    public static final ProblemType INTERNAL = new ProblemType("internal", "Internal error", HttpStatus.INTERNAL_SERVER_ERROR);
    public static final ProblemType UNAVAILABLE = new ProblemType("unavailable", "Service temporarily unavailable", HttpStatus.SERVICE_UNAVAILABLE);

    public URI uri() {
        return URI.create(BASE + slug);
    }
}
