package dev.rill.platform;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;

import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document and the routes in code list exactly the same operations, in both directions. */
class OpenApiDocumentTest extends HttpTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Autowired
    ApplicationContext context;

    @Test
    void documentListsEveryRouteAndNothingElse() {
        Set<String> inCode = new TreeSet<>();
        context.getBeansOfType(RouterFunction.class).values()
                .forEach(router -> router.accept(new RouteCollector(inCode)));

        Set<String> documented = new TreeSet<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = client.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
        paths.forEach((path, operations) -> operations.keySet().stream().filter(METHODS::contains)
                .forEach(method -> documented.add(method.toUpperCase() + " " + path)));

        assertThat(inCode).as("routes found in RouterFunction beans").isNotEmpty()
                .contains("POST /api/auth/signup", "GET /api/me");
        assertThat(documented).as("operations in /v3/api-docs").isEqualTo(inCode);
    }

    @Test
    void everyOperationHasAnIdASummaryAndATag() {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Map<String, Object>>> paths = (Map<String, Map<String, Map<String, Object>>>)
                client.get().uri("/v3/api-docs").exchange().expectBody(Map.class).returnResult()
                        .getResponseBody().get("paths");
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                assertThat(operation).as(method + " " + path).containsKeys("operationId", "summary", "tags");
            }
        }));
    }

    @Test
    void schemasUseTheSnakeCaseNamesOfTheWire() {
        client.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.components.schemas.TokenPair.properties.access_token").exists()
                .jsonPath("$.components.schemas.TokenPair.properties.accessToken").doesNotExist()
                .jsonPath("$.components.schemas.Problem.properties.request_id").exists();
    }

    @Test
    void swaggerUiIsServed() {
        client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
        client.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
    }

    /** Walks a router's predicates and records "METHOD /path" for each route. */
    private static final class RouteCollector implements RouterFunctions.Visitor {

        private final Set<String> routes;

        RouteCollector(Set<String> routes) {
            this.routes = routes;
        }

        @Override
        public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
            PredicateReader reader = new PredicateReader();
            predicate.accept(reader);
            if (reader.path != null) {
                for (HttpMethod method : reader.methods) {
                    routes.add(method.name() + " " + reader.path);
                }
            }
        }

        @Override
        public void startNested(RequestPredicate predicate) {
        }

        @Override
        public void endNested(RequestPredicate predicate) {
        }

        @Override
        public void resources(Function<ServerRequest, Mono<Resource>> lookupFunction) {
        }

        @Override
        public void attributes(Map<String, Object> attributes) {
        }

        @Override
        public void unknown(RouterFunction<?> routerFunction) {
        }
    }

    private static final class PredicateReader implements RequestPredicates.Visitor {

        private final Set<HttpMethod> methods = new java.util.LinkedHashSet<>();
        private String path;

        @Override
        public void method(Set<HttpMethod> methods) {
            this.methods.addAll(methods);
        }

        @Override
        public void path(String pattern) {
            this.path = pattern;
        }

        @Override
        public void pathExtension(String extension) {
        }

        @Override
        public void header(String name, String value) {
        }

        @Override
        public void queryParam(String name, String value) {
        }

        @Override
        public void version(String version) {
        }

        @Override
        public void startAnd() {
        }

        @Override
        public void and() {
        }

        @Override
        public void endAnd() {
        }

        @Override
        public void startOr() {
        }

        @Override
        public void or() {
        }

        @Override
        public void endOr() {
        }

        @Override
        public void startNegate() {
        }

        @Override
        public void endNegate() {
        }

        @Override
        public void unknown(RequestPredicate predicate) {
        }
    }
}
