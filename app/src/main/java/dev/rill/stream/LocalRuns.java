package dev.rill.stream;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The runs this instance is producing, with their events in memory. A follower on the producing instance (the
 * client that sent the message, above all) reads from here rather than from Redis: no round trip and no polling
 * between the model's token and the client, and answers keep flowing while Redis is down. Followers on other
 * instances, and anyone resuming after the run has been forgotten here, read the run's Redis stream.
 *
 * <p>Events arrive here only after the writer has stored them (or given up on Redis), so a client that saw an
 * event locally finds it again when it resumes elsewhere. Each run keeps one shared buffer, at most
 * {@code rill.stream.max-events-per-run} events, that every local follower reads at its own pace; a slow follower
 * costs a position in the buffer, not a copy. A run is forgotten {@link #GRACE} after its last event.
 */
@Component
class LocalRuns {

    /** Long enough for the sender's own stream to drain its last events; resumes after that go to Redis. */
    static final Duration GRACE = Duration.ofSeconds(30);

    /** A run being produced here. */
    static final class LocalRun {
        private final UUID chatId;
        private final Sinks.Many<RunEvent> events;
        private final int capacity;
        private volatile long published;

        LocalRun(UUID chatId, int capacity) {
            this.chatId = chatId;
            this.capacity = capacity;
            this.events = Sinks.many().replay().limit(capacity);
        }

        UUID chatId() {
            return chatId;
        }

        /** Whether the buffer still holds every event after {@code afterSeq}. */
        boolean covers(long afterSeq) {
            return published - afterSeq <= capacity;
        }

        /** Events after {@code afterSeq}, in order, until the run's last. */
        Flux<RunEvent> after(long afterSeq) {
            return events.asFlux().filter(event -> event.seq() > afterSeq);
        }
    }

    private final Map<UUID, LocalRun> runs = new ConcurrentHashMap<>();
    private final StreamProperties properties;

    LocalRuns(StreamProperties properties) {
        this.properties = properties;
    }

    LocalRun open(UUID runId, UUID chatId) {
        LocalRun run = new LocalRun(chatId, properties.maxEventsPerRun());
        runs.put(runId, run);
        return run;
    }

    LocalRun find(UUID runId) {
        return runs.get(runId);
    }

    /** Called by the run's single writer, one event at a time. */
    void publish(UUID runId, RunEvent event) {
        LocalRun run = runs.get(runId);
        if (run != null) {
            run.published = event.seq();
            run.events.tryEmitNext(event);
        }
    }

    /** The run has produced its last event: local followers complete, and the run is forgotten after a grace. */
    void finish(UUID runId) {
        LocalRun run = runs.get(runId);
        if (run == null) {
            return;
        }
        run.events.tryEmitComplete();
        Mono.delay(GRACE).subscribe(ignored -> runs.remove(runId, run));
    }

    /** The runs this instance is producing in room {@code chatId}. */
    java.util.List<UUID> runsIn(UUID chatId) {
        return runs.entrySet().stream()
                .filter(entry -> entry.getValue().chatId().equals(chatId))
                .map(Map.Entry::getKey)
                .toList();
    }

    int size() {
        return runs.size();
    }
}
