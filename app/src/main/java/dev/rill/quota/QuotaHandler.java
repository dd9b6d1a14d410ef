package dev.rill.quota;

import java.util.UUID;

import dev.rill.shared.IdKind;
import dev.rill.shared.web.CurrentUser;
import dev.rill.shared.web.JsonBodies;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;

/** Maps the quota routes onto {@link QuotaService}. */
@Component
class QuotaHandler {

    /** {@code {"daily_turns": n}}, or {@code null} to return the user to the configured allowance. */
    record SetQuota(@Min(0) @Max(QuotaProperties.MAX_TURNS) Integer dailyTurns) {
    }

    /** {@code GET /api/quota}. */
    record QuotaView(int limit, long remaining, String resetsAt) {
    }

    /** The answer to an admin's change: {@code daily_turns} is absent when the configured allowance applies. */
    record QuotaLimitView(String userId, Integer dailyTurns, int limit) {
    }

    private final QuotaService quotas;
    private final JsonBodies bodies;

    QuotaHandler(QuotaService quotas, JsonBodies bodies) {
        this.quotas = quotas;
        this.bodies = bodies;
    }

    Mono<ServerResponse> mine(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> quotas.status(user.id()))
                .flatMap(status -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(new QuotaView(status.limit(), status.remaining(), status.resetsAt().toString())));
    }

    Mono<ServerResponse> setForUser(ServerRequest request) {
        UUID userId = IdKind.USER.parse(request.pathVariable("userId"));
        return CurrentUser.of(request)
                .flatMap(user -> bodies.read(request, SetQuota.class)
                        .flatMap(body -> quotas.setOverride(user.isAdmin(), userId, body.dailyTurns())))
                .flatMap(limit -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(new QuotaLimitView(IdKind.USER.format(limit.userId()), limit.override(),
                                limit.limit())));
    }
}
