package dev.rill.keys;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.rill.shared.IdKind;
import dev.rill.shared.web.CurrentUser;
import dev.rill.shared.web.JsonBodies;
import reactor.core.publisher.Mono;

/** Maps the key routes onto {@link KeyService}. */
@Component
class KeyHandler {

    /** A key on the wire: never the key itself. */
    record KeyView(String id, String provider, String label, String baseUrl,
                   @JsonProperty("default") boolean isDefault, String createdAt, String last4, String model) {

        static KeyView of(UserKey key) {
            return new KeyView(IdKind.KEY.format(key.id()), key.provider(), key.label(), key.baseUrl(),
                    key.isDefault(), key.createdAt().toString(), key.last4(), key.model());
        }
    }

    record KeyList(List<KeyView> keys) {
    }

    /** Tokens and their estimated cost; {@code estimated_cost} is absent when no price covers the model. */
    record TokensView(long promptTokens, long completionTokens, int turns, boolean estimatedTokens,
                      BigDecimal estimatedCost) {

        static TokensView of(UsageService.Tokens tokens) {
            return new TokensView(tokens.promptTokens(), tokens.completionTokens(), tokens.turns(),
                    tokens.estimated(), tokens.cost());
        }
    }

    record DayView(String day, String model, long promptTokens, long completionTokens, int turns,
                   boolean estimatedTokens, BigDecimal estimatedCost) {
    }

    record KeyUsageView(String keyId, String from, String to, String granularity, List<DayView> rows,
                        TokensView total, List<String> unpricedModels) {
    }

    /** {@code key_id} is absent for turns on Rill's own model, which {@code source} calls {@code rill}. */
    record SourceView(String source, String keyId, TokensView usage) {
    }

    record UserUsageView(String from, String to, List<SourceView> sources, TokensView total,
                         List<String> unpricedModels) {
    }

    private final KeyService keys;
    private final UsageService usage;
    private final JsonBodies bodies;

    KeyHandler(KeyService keys, UsageService usage, JsonBodies bodies) {
        this.keys = keys;
        this.usage = usage;
        this.bodies = bodies;
    }

    Mono<ServerResponse> keyUsage(ServerRequest request) {
        UUID keyId = IdKind.KEY.parse(request.pathVariable("keyId"));
        UsageService.Period period = period(request);
        return CurrentUser.of(request)
                .flatMap(user -> usage.forKey(user.id(), keyId, period))
                .flatMap(report -> ok(new KeyUsageView(IdKind.KEY.format(report.keyId()), report.from().toString(),
                        report.to().toString(), "day", report.rows().stream().map(row -> {
                            UsageService.Tokens t = row.tokens();
                            return new DayView(row.day().toString(), row.model(), t.promptTokens(),
                                    t.completionTokens(), t.turns(), t.estimated(), t.cost());
                        }).toList(), TokensView.of(report.total()), report.unpricedModels())));
    }

    Mono<ServerResponse> userUsage(ServerRequest request) {
        UsageService.Period period = period(request);
        return CurrentUser.of(request)
                .flatMap(user -> usage.forUser(user.id(), period))
                .flatMap(report -> ok(new UserUsageView(report.from().toString(), report.to().toString(),
                        report.bySource().stream().map(source -> new SourceView(
                                source.keyId() == null ? "rill" : "own-key",
                                source.keyId() == null ? null : IdKind.KEY.format(source.keyId()),
                                TokensView.of(source.tokens()))).toList(),
                        TokensView.of(report.total()), report.unpricedModels())));
    }

    private static UsageService.Period period(ServerRequest request) {
        return UsageService.Period.parse(request.queryParam("from").orElse(null),
                request.queryParam("to").orElse(null), request.queryParam("granularity").orElse(null));
    }

    Mono<ServerResponse> list(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> keys.list(user.id()).map(KeyView::of).collectList())
                .flatMap(views -> ok(new KeyList(views)));
    }

    Mono<ServerResponse> add(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> bodies.read(request, KeyRequests.Add.class)
                        .flatMap(body -> keys.add(user.id(), body)))
                .map(KeyView::of)
                .flatMap(view -> ServerResponse.created(URI.create("/api/keys/" + view.id()))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(view));
    }

    Mono<ServerResponse> update(ServerRequest request) {
        UUID keyId = IdKind.KEY.parse(request.pathVariable("keyId"));
        return CurrentUser.of(request)
                .flatMap(user -> bodies.read(request, KeyRequests.Update.class)
                        .flatMap(body -> keys.update(user.id(), keyId, body)))
                .flatMap(key -> ok(KeyView.of(key)));
    }

    Mono<ServerResponse> delete(ServerRequest request) {
        UUID keyId = IdKind.KEY.parse(request.pathVariable("keyId"));
        return CurrentUser.of(request)
                .flatMap(user -> keys.delete(user.id(), keyId))
                .then(ServerResponse.noContent().build());
    }

    private static Mono<ServerResponse> ok(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
