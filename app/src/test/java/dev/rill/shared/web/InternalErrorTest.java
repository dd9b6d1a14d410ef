package dev.rill.shared.web;

import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/** An unexpected failure becomes a generic 500: the SQL and class names in it stay in the log. */
@Import(InternalErrorTest.FailingRoute.class)
class InternalErrorTest extends HttpTest {

    @TestConfiguration
    static class FailingRoute {
        @Bean
        RouterFunction<ServerResponse> failingRoute() {
            return RouterFunctions.route().GET("/api/test/explode", request -> Mono.error(new IllegalStateException(
                    "ERROR: relation \"users\" violates constraint; SELECT password_hash FROM users"))).build();
        }
    }

    @Test
    void unexpectedFailureRevealsNothingInternal() {
        Session session = signUp();
        String body = client.get().uri("/api/test/explode").header("Authorization", session.bearer())
                .exchange()
                .expectStatus().is5xxServerError()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(body).contains("https://rill.dev/problems/internal").contains("request_id");
        assertThat(body).doesNotContain("SELECT", "password_hash", "IllegalStateException", "relation", "\tat ");
    }
}
