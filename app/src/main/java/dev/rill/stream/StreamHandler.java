package dev.rill.stream;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.rill.shared.IdKind;
import dev.rill.shared.RillException;
import dev.rill.shared.web.CurrentUser;
import dev.rill.shared.web.JsonBodies;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Maps the message and run routes onto {@link RunService}, and runs' events onto Server-Sent Events. */
@Component
class StreamHandler {

    /**
     * {@code {"content": {"message": "…"}}}, the shape the seeds' clients send, and optionally {@code key_id}: the
     * user's own provider key to answer with.
     */
    record SendMessage(@NotNull @Valid Content content, String keyId) {
        record Content(@NotBlank String message) {
        }
    }

    /** Marks the end of a run's events in the SSE flux; never sent. */
    private static final ServerSentEvent<String> DONE = ServerSentEvent.<String>builder().comment("done").build();

    private final RunService runs;
    private final JsonBodies bodies;
    private final StreamProperties properties;

    StreamHandler(RunService runs, JsonBodies bodies, StreamProperties properties) {
        this.runs = runs;
        this.bodies = bodies;
        this.properties = properties;
    }

    Mono<ServerResponse> sendToChat(ServerRequest request) {
        UUID chatId = IdKind.CHAT.parse(request.pathVariable("chatId"));
        return send(request, chatId);
    }

    Mono<ServerResponse> sendToNewChat(ServerRequest request) {
        return send(request, null);
    }

    Mono<ServerResponse> events(ServerRequest request) {
        UUID chatId = IdKind.CHAT.parse(request.pathVariable("chatId"));
        UUID runId = IdKind.RUN.parse(request.pathVariable("runId"));
        long after = lastEventId(request);
        return CurrentUser.of(request)
                // Checked before answering 200, so that a wrong room or run is a 404 problem, not a stream.
                .flatMap(user -> runs.requireRun(user.id(), chatId, runId)
                        .then(Mono.defer(() -> stream(runs.eventsAfter(runId, after), Map.of()))));
    }

    Mono<ServerResponse> cancel(ServerRequest request) {
        UUID chatId = IdKind.CHAT.parse(request.pathVariable("chatId"));
        UUID runId = IdKind.RUN.parse(request.pathVariable("runId"));
        return CurrentUser.of(request)
                .flatMap(user -> runs.cancel(user.id(), chatId, runId))
                .then(ServerResponse.accepted().build());
    }

    private Mono<ServerResponse> send(ServerRequest request, UUID chatId) {
        return CurrentUser.of(request)
                .zipWith(bodies.read(request, SendMessage.class))
                .flatMap(t -> {
                    String text = t.getT2().content().message();
                    if (text.codePointCount(0, text.length()) > properties.maxMessageChars()) {
                        return Mono.error(RillException.invalid("content.message",
                                "must be at most " + properties.maxMessageChars() + " characters"));
                    }
                    UUID keyId = t.getT2().keyId() == null ? null : IdKind.KEY.parse(t.getT2().keyId());
                    return runs.start(t.getT1().id(), chatId, text, keyId);
                })
                // The quota's RateLimit-* headers go on every counted turn, not only on the 429 that ends them.
                .flatMap(started -> stream(runs.eventsAfter(started.runId(), 0), started.quota().headers()));
    }

    private Mono<ServerResponse> stream(Flux<RunEvent> events, Map<String, String> headers) {
        // The marker after the last event ends the heartbeats too. Cheaper per event than a multicast of the events
        // with ignoreElements() as the heartbeats' end signal, which looked up the subscriber context per event.
        Flux<ServerSentEvent<String>> sse = events
                .map(event -> ServerSentEvent.builder(event.json()).id(Long.toString(event.seq())).build())
                .concatWith(Mono.just(DONE))
                .mergeWith(heartbeats(properties.heartbeat()))
                .takeUntil(event -> event == DONE)
                .filter(event -> event != DONE);
        return ServerResponse.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .cacheControl(CacheControl.noCache())
                // Tells nginx-style proxies not to buffer the stream: tokens must reach the client as they come.
                .header("X-Accel-Buffering", "no")
                .headers(h -> headers.forEach(h::set))
                .body(BodyInserters.fromServerSentEvents(sse));
    }

    private static Flux<ServerSentEvent<String>> heartbeats(Duration every) {
        return Flux.interval(every, every).map(i -> ServerSentEvent.<String>builder().comment("heartbeat").build());
    }

    private static long lastEventId(ServerRequest request) {
        String raw = request.headers().firstHeader("Last-Event-ID");
        if (raw == null) {
            raw = request.queryParam("last_event_id").orElse(null);
        }
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        try {
            long value = Long.parseLong(raw.strip());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw RillException.invalid("Last-Event-ID", "must be a non-negative event number");
        }
    }
}
