package dev.rill.stream;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.rill.platform.RedisProperties;
import org.redisson.api.RedissonReactiveClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Stops a run on whichever instance generates it. The instance that starts a run registers how to stop it; a
 * cancel request on any instance is published on one Redis channel, and the owner stops its run. A cancel for a
 * run this instance owns skips the round trip.
 */
@Component
class RunControl {

    private static final Logger log = LoggerFactory.getLogger(RunControl.class);

    private final RedissonReactiveClient redis;
    private final String channel;
    private final Map<UUID, Disposable> running = new ConcurrentHashMap<>();
    private final AtomicBoolean subscribed = new AtomicBoolean();

    RunControl(RedissonReactiveClient redis, RedisProperties properties) {
        this.redis = redis;
        this.channel = properties.key("run-control");
    }

    /** Registers a run generated here; the registration ends when the run does. */
    void register(UUID runId, Disposable stop) {
        ensureSubscribed();
        running.put(runId, stop);
    }

    void unregister(UUID runId) {
        running.remove(runId);
    }

    boolean runsHere(UUID runId) {
        return running.containsKey(runId);
    }

    /** Asks the run's owner, wherever it is, to stop it. Completes once the request is out, not once it stopped. */
    Mono<Void> cancel(UUID runId) {
        if (stopLocally(runId)) {
            return Mono.empty();
        }
        return redis.getTopic(channel, StringCodec.INSTANCE).publish(runId.toString()).then();
    }

    /** Stops a run of this instance, if it is still going. */
    void stopHere(UUID runId) {
        stopLocally(runId);
    }

    private boolean stopLocally(UUID runId) {
        Disposable stop = running.remove(runId);
        if (stop == null) {
            return false;
        }
        stop.dispose();
        return true;
    }

    /** Subscribe at start-up, so that the first message after start is not lost to a subscription in flight. */
    @EventListener(ApplicationReadyEvent.class)
    void ensureSubscribed() {
        if (!subscribed.compareAndSet(false, true)) {
            return;
        }
        redis.getTopic(channel, StringCodec.INSTANCE)
                .addListener(String.class, (ignored, message) -> {
                    try {
                        stopLocally(UUID.fromString(message));
                    } catch (IllegalArgumentException e) {
                        log.debug("Ignoring malformed run-control message");
                    }
                })
                .subscribe(id -> { }, e -> {
                    subscribed.set(false);
                    log.warn("Cannot subscribe to run cancellations ({}); cancels reach local runs only",
                            e.getClass().getSimpleName());
                });
    }
}
