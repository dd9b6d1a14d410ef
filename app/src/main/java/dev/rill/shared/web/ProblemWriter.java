package dev.rill.shared.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes RFC 9457 problem documents. Shared by the exception handler and by the security entry points, so that a
 * 401 from the filter chain looks exactly like a 404 from a handler.
 */
@Component
public class ProblemWriter {

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public Mono<Void> write(ServerWebExchange exchange, RillException problem) {
        problem.headers().forEach(exchange.getResponse().getHeaders()::set);
        return write(exchange, problem.type(), problem.detail(), problem.properties(), problem.retryAfter());
    }

    public Mono<Void> write(ServerWebExchange exchange, ProblemType type, String detail,
                            Map<String, Object> properties, Duration retryAfter) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri().toString());
        body.put("title", type.title());
        body.put("status", type.status().value());
        body.put("detail", detail);
        body.put("instance", exchange.getRequest().getPath().value());
        body.putAll(properties);
        body.put("request_id", exchange.getRequest().getId());

        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(type.status());
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.setCacheControl("no-store");
        if (retryAfter != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ceilSeconds(retryAfter))));
        }
        DataBuffer buffer = response.bufferFactory().wrap(json.writeValueAsBytes(body));
        return response.writeWith(Mono.just(buffer));
    }

    static long ceilSeconds(Duration d) {
        return (d.toMillis() + 999) / 1000;
    }
}
