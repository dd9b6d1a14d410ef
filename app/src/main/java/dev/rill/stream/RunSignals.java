package dev.rill.stream;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.redisson.api.RedissonReactiveClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * Tells local followers that a run has new events. Each instance holds one subscription to one Redis channel
 * for all runs, rather than one per run: Redisson multiplexes only a few channels per connection, and a channel
 * per run would cap how many runs an instance can follow. Pub/sub delivers at most once, so followers also poll.
 */
@Component
class RunSignals {

    private static final Logger log = LoggerFactory.getLogger(RunSignals.class);

    private final RedissonReactiveClient redis;
    private final String channel;
    private final Map<UUID, Set<FluxSink<Long>>> listeners = new ConcurrentHashMap<>();
    private final AtomicReference<Mono<Void>> subscription = new AtomicReference<>();

    RunSignals(RedissonReactiveClient redis, RunEventLog events) {
        this.redis = redis;
        this.channel = events.notifyChannel();
    }

    /**
     * The sequence numbers of new batches of {@code runId}, as they are announced; only the latest is kept.
     * A follower registers here first and reads only after {@link #subscribed()}, so that no batch written in
     * between goes unannounced.
     */
    Flux<Long> wakeups(UUID runId) {
        subscribed().subscribe(null, e -> { });
        return Flux.create(sink -> {
            Set<FluxSink<Long>> sinks = listeners.computeIfAbsent(runId, id -> ConcurrentHashMap.newKeySet());
            sinks.add(sink);
            sink.onDispose(() -> listeners.computeIfPresent(runId, (id, set) -> {
                set.remove(sink);
                return set.isEmpty() ? null : set;
            }));
        }, FluxSink.OverflowStrategy.LATEST);
    }

    /** Subscribe at start-up, so that the first follower does not wait for the subscription. */
    @EventListener(ApplicationReadyEvent.class)
    void subscribeAtStartup() {
        subscribed().subscribe(null, e -> { });
    }

    /**
     * Completes once Redis has confirmed this instance's subscription to the notification channel. A failed
     * attempt is forgotten, so the next follower tries again; meanwhile followers fall back to polling.
     */
    Mono<Void> subscribed() {
        while (true) {
            Mono<Void> current = subscription.get();
            if (current != null) {
                return current;
            }
            AtomicReference<Mono<Void>> self = new AtomicReference<>();
            Mono<Void> attempt = redis.getTopic(channel, StringCodec.INSTANCE)
                    .addListener(String.class, (ignored, message) -> dispatch(message))
                    .doOnNext(id -> log.debug("Following run events on {}", channel))
                    .doOnError(e -> {
                        subscription.compareAndSet(self.get(), null);
                        log.warn("Cannot subscribe to run notifications ({}); followers fall back to polling",
                                e.getClass().getSimpleName());
                    })
                    .then()
                    .cache();
            self.set(attempt);
            if (subscription.compareAndSet(null, attempt)) {
                return attempt;
            }
        }
    }

    private void dispatch(String message) {
        int colon = message.lastIndexOf(':');
        if (colon < 0) {
            return;
        }
        Set<FluxSink<Long>> sinks;
        try {
            sinks = listeners.get(UUID.fromString(message.substring(0, colon)));
        } catch (IllegalArgumentException e) {
            return;
        }
        if (sinks != null) {
            long seq = Long.parseLong(message, colon + 1, message.length(), 10);
            sinks.forEach(sink -> sink.next(seq));
        }
    }
}
