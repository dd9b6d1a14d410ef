package dev.rill.chat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.rill.shared.RillException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;

/**
 * Reads a cursor and a limit from the query string. An absent or empty parameter means the default (first page,
 * default size); anything else must be valid, and every parameter at fault is named in one validation problem.
 * Public so that other features' handlers page their lists exactly as the chat routes do.
 */
public final class PagingParameters {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    public record Paging(Cursor cursor, int limit) {
    }

    private PagingParameters() {
    }

    public static Paging read(ServerRequest request, String cursorName, String limitName, int defaultLimit, int maxLimit) {
        List<RillException.FieldError> errors = new ArrayList<>();
        Cursor cursor = Cursor.start();
        String rawCursor = request.queryParam(cursorName).orElse("");
        if (!rawCursor.isEmpty()) {
            try {
                cursor = Cursor.parse(rawCursor);
            } catch (IllegalArgumentException e) {
                errors.add(new RillException.FieldError(cursorName,
                        "must be a cursor returned by this API or an ISO-8601 time"));
            }
        }
        int limit = defaultLimit;
        String rawLimit = request.queryParam(limitName).orElse("").strip();
        if (!rawLimit.isEmpty()) {
            limit = DIGITS.matcher(rawLimit).matches() ? Integer.parseInt(rawLimit) : -1;
            if (limit < 1 || limit > maxLimit) {
                errors.add(new RillException.FieldError(limitName, "must be a whole number from 1 to " + maxLimit));
            }
        }
        if (!errors.isEmpty()) {
            throw RillException.invalid(errors);
        }
        return new Paging(cursor, limit);
    }

    /**
     * The request's own path and query with {@code cursorName} set to {@code next}, as a {@code Link} header
     * value. Values are form-encoded because the server decodes query strings that way ({@code +} is a space).
     */
    /**
     * A 200 JSON response with {@code body}, one page of a list, and a {@code Link: <…>; rel="next"} header (with the
     * cursor in {@code cursor}) when {@code page} has a next page.
     */
    public static Mono<ServerResponse> okPage(ServerRequest request, Page<?> page, Object body) {
        ServerResponse.BodyBuilder ok = ServerResponse.ok().contentType(MediaType.APPLICATION_JSON);
        if (page.hasNext()) {
            ok.header(HttpHeaders.LINK, nextLink(request, "cursor", page.next()));
        }
        return ok.bodyValue(body);
    }

    public static String nextLink(ServerRequest request, String cursorName, Cursor next) {
        StringBuilder uri = new StringBuilder(request.path()).append('?');
        request.queryParams().forEach((name, values) -> {
            if (!name.equals(cursorName)) {
                values.forEach(value -> uri.append(encode(name)).append('=').append(encode(value)).append('&'));
            }
        });
        uri.append(encode(cursorName)).append('=').append(next.encode());
        return "<" + uri + ">; rel=\"next\"";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
