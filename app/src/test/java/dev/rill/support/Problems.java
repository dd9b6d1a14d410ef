package dev.rill.support;

import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on RFC 9457 problem responses, the shape of every error Rill returns. */
public final class Problems {

    public static final String BASE = "https://rill.dev/problems/";

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    private Problems() {
    }

    /**
     * Asserts that {@code response} is a problem of type {@code slug} with {@code status}, with every standard
     * member present, and returns its body for further checks.
     */
    public static Map<String, Object> expectProblem(WebTestClient.ResponseSpec response, HttpStatus status,
                                                    String slug) {
        Map<String, Object> body = response
                .expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(MAP).returnResult().getResponseBody();
        assertThat(body).as("problem body").isNotNull()
                .containsEntry("type", BASE + slug)
                .containsEntry("status", status.value())
                .containsKeys("title", "detail", "instance", "request_id");
        assertThat((String) body.get("title")).isNotBlank();
        assertThat((String) body.get("detail")).isNotBlank();
        return body;
    }

    /** A 401 problem that also tells the client, in {@code WWW-Authenticate}, to use a bearer token. */
    public static Map<String, Object> expectUnauthorized(WebTestClient.ResponseSpec response) {
        Map<String, Object> problem = expectProblem(response, HttpStatus.UNAUTHORIZED, "unauthorized");
        response.expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, value -> assertThat(value).startsWith("Bearer"));
        return problem;
    }

    /** The {@code field} of every entry in a validation problem's {@code errors}. */
    @SuppressWarnings("unchecked")
    public static List<String> errorFields(Map<String, Object> problem) {
        assertThat(problem).containsKey("errors");
        List<Map<String, Object>> errors = (List<Map<String, Object>>) problem.get("errors");
        assertThat(errors).allSatisfy(e -> assertThat(e).containsKeys("field", "message"));
        return errors.stream().map(e -> (String) e.get("field")).toList();
    }

    /** Asserts a 400 validation problem naming (at least) the given fields. */
    public static Map<String, Object> expectValidation(WebTestClient.ResponseSpec response, String... fields) {
        Map<String, Object> problem = expectProblem(response, HttpStatus.BAD_REQUEST, "validation");
        assertThat(errorFields(problem)).contains(fields);
        return problem;
    }
}
