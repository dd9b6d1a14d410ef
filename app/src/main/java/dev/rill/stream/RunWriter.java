package dev.rill.stream;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.rill.platform.RedisAvailability;
import dev.rill.platform.RedisProperties;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;

/**
 * Numbers a run's events and stores them in its Redis stream. Events that arrive within a few milliseconds of
 * each other are written as one batch: a command per token would make Redis round trips, not the model, the
 * limit on how many streams an instance carries. Batches are written one after another, so the stream's order
 * is the run's order, and each event is passed on only once its batch was written, so whatever a client has seen,
 * a client that resumes will see too. A batch that cannot be written (Redis down) is logged and skipped, not
 * fatal: the run goes on for this instance's followers, and its answer is still saved; from then on the run is
 * not written to Redis at all, and while Redis is known to be down no run waits for it.
 */
@Component
class RunWriter {

    /** An event before it has a sequence number. */
    record Draft(String type, String json) {
    }

    private final RunEventLog log;
    private final StreamProperties properties;
    private final RedisAvailability redis;
    private final Duration deadline;

    RunWriter(RunEventLog log, StreamProperties properties, RedisAvailability redis, RedisProperties redisProperties) {
        this.log = log;
        this.properties = properties;
        this.redis = redis;
        this.deadline = redisProperties.deadline();
    }

    /**
     * Stores the drafts of {@code runId} in order, numbering them from 1, and emits each event once it is stored.
     * The stream is kept for the longest run time while events flow, and for the resume window after the last.
     */
    Flux<RunEvent> write(UUID runId, Flux<Draft> drafts) {
        AtomicLong seq = new AtomicLong();
        // Once a batch is lost, later ones are not stored either: a follower in Redis must never see a gap.
        AtomicBoolean unstored = new AtomicBoolean();
        return drafts
                .map(draft -> new RunEvent(seq.incrementAndGet(), draft.type(), draft.json()))
                .bufferTimeout(properties.maxBatchSize(), properties.batchWindow(), true)
                .concatMap(batch -> {
                    if (unstored.get() || !redis.up()) {
                        unstored.set(true);
                        return Flux.fromIterable(batch);
                    }
                    return log.append(runId, batch, batch.get(batch.size() - 1).terminal()
                                    ? properties.resumeWindow() : properties.maxRunDuration())
                            .timeout(deadline)
                            .thenMany(Flux.fromIterable(batch))
                            // Redis failing mid-run must not stop the run: the answer is still generated, streamed
                            // to this instance's followers and saved to PostgreSQL; only resuming elsewhere fails.
                            .onErrorResume(e -> {
                                unstored.set(true);
                                redis.failed(e);
                                log.warnOnce(runId, e);
                                return Flux.fromIterable(batch);
                            });
                }, 1);
    }
}
