package dev.rill.shared.web;

import java.util.List;

import org.springdoc.core.fn.builders.apiresponse.Builder;

import static org.springdoc.core.fn.builders.apiresponse.Builder.responseBuilder;
import static org.springdoc.core.fn.builders.content.Builder.contentBuilder;
import static org.springdoc.core.fn.builders.schema.Builder.schemaBuilder;
import static org.springdoc.core.fn.builders.securityrequirement.Builder.securityRequirementBuilder;

/** Shorthands for documenting functional routes, so that routers stay a list of routes. */
public final class ApiDocs {

    public static final String BEARER = "bearer";

    /** The shape of every error body, for the OpenAPI document. */
    public record Problem(String type, String title, int status, String detail, String instance, String requestId,
                          List<RillFieldError> errors) {
    }

    public record RillFieldError(String field, String message) {
    }

    private ApiDocs() {
    }

    public static Builder ok(String code, Class<?> body) {
        return responseBuilder().responseCode(code).description(describe(code)).implementation(body);
    }

    public static Builder empty(String code) {
        return responseBuilder().responseCode(code).description(describe(code));
    }

    public static Builder problem(String code, String description) {
        return responseBuilder().responseCode(code).description(description)
                .content(contentBuilder().mediaType("application/problem+json")
                        .schema(schemaBuilder().implementation(Problem.class)));
    }

    public static org.springdoc.core.fn.builders.securityrequirement.Builder bearer() {
        return securityRequirementBuilder().name(BEARER);
    }

    private static String describe(String code) {
        return switch (code) {
            case "200" -> "OK";
            case "201" -> "Created";
            case "202" -> "Accepted";
            case "204" -> "No content";
            default -> code;
        };
    }
}
