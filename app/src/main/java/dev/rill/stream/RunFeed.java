package dev.rill.stream;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.rill.shared.ProblemType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;

/**
 * Replays a run's events after a given sequence number and then follows it live, until {@code end} or
 * {@code error}. Every follower reads from the run's Redis stream, whichever instance produces the run, so a
 * client can resume anywhere. Memory per follower is bounded by one read page: a slow client is not buffered
 * for, it falls behind and catches up from Redis when it asks for more. A follower that finds nothing new on a
 * poll also checks that the run's owner is alive; if its instance died, the follower closes the run with an
 * {@code error} event, so no client waits forever for an {@code end} that will never come.
 */
@Component
class RunFeed {

    static final String FOLLOWERS = "rill.stream.followers";
    static final String LOCAL_RUNS = "rill.stream.local.runs";
    /** Marks "the client already has the final event": the feed completes without sending anything. */
    private static final RunEvent ALREADY_ENDED = new RunEvent(-1, "", "");
    /** A wake-up from the poll timer rather than a notification: also the moment to look for a dead owner. */
    private static final long POLL = Long.MIN_VALUE;
    /** The instance writing a run died before its end; see {@link OrphanSweeper}. */
    static final ProblemType INTERRUPTED = new ProblemType("run-interrupted", "Run interrupted",
            HttpStatus.SERVICE_UNAVAILABLE);
    static final String ABANDONED = "{\"type\":\"error\",\"error\":\"The answer was interrupted\","
            + "\"detail\":\"The server writing it stopped; send the message again\","
            + "\"problem\":\"" + INTERRUPTED.uri() + "\"}";
    /** Closes a run whose instance died after {@code end}, with follow-ups still pending: the answer is saved. */
    static final String FOLLOW_UPS_LOST = "{\"type\":\"error\",\"error\":\"Events after the answer were lost\","
            + "\"detail\":\"The server sending them stopped; the answer is saved, and what end listed as pending can"
            + " be fetched\",\"problem\":\"" + INTERRUPTED.uri() + "\"}";

    private final RunEventLog events;
    private final RunSignals signals;
    private final StreamProperties properties;
    private final LocalRuns localRuns;
    /** Open follows on this instance: a leaked subscription shows up here as a count that never returns. */
    private final AtomicInteger followers = new AtomicInteger();

    RunFeed(RunEventLog events, RunSignals signals, StreamProperties properties, LocalRuns localRuns,
            MeterRegistry meters) {
        this.events = events;
        this.signals = signals;
        this.properties = properties;
        this.localRuns = localRuns;
        Gauge.builder(FOLLOWERS, followers, AtomicInteger::get)
                .description("Clients following a run on this instance (the sender's own stream included)")
                .register(meters);
        Gauge.builder(LOCAL_RUNS, localRuns, LocalRuns::size)
                .description("Runs held in this instance's memory: being produced, or ended within the grace")
                .register(meters);
    }

    /**
     * Events with a sequence number above {@code afterSeq}, each exactly once and in order: from memory when this
     * instance produces the run, from Redis otherwise.
     */
    Flux<RunEvent> follow(UUID runId, long afterSeq) {
        return Flux.defer(() -> {
            LocalRuns.LocalRun local = localRuns.find(runId);
            if (local != null && local.covers(afterSeq)) {
                return local.after(afterSeq).takeUntil(RunEvent::terminal);
            }
            return followInRedis(runId, afterSeq);
        })
                .doOnSubscribe(subscription -> followers.incrementAndGet())
                .doFinally(signal -> followers.decrementAndGet());
    }

    private Flux<RunEvent> followInRedis(UUID runId, long afterSeq) {
        return Flux.defer(() -> {
            AtomicLong last = new AtomicLong(afterSeq);
            // Listen before the first read, so that nothing written in between goes unnoticed.
            Flux<Long> wakeups = Flux.merge(
                            signals.wakeups(runId),
                            Flux.interval(properties.pollInterval()).map(tick -> POLL),
                            // The first read waits for the subscription (bounded), so nothing written before it is missed.
                            signals.subscribed().timeout(properties.pollInterval()).onErrorComplete()
                                    .then(events.watch(runId).timeout(properties.pollInterval()).onErrorComplete())
                                    .thenReturn(afterSeq))
                    .onBackpressureLatest();
            return wakeups
                    .concatMap(wakeup -> wakeup == POLL
                            ? drain(runId, last).switchIfEmpty(Flux.defer(() -> events.abandonIfOrphaned(runId, ABANDONED)
                                    .flatMapMany(abandoned -> abandoned ? drain(runId, last) : Flux.empty())))
                            : drain(runId, last), 1)
                    .takeUntil(event -> event.terminal() || event == ALREADY_ENDED)
                    .filter(event -> event != ALREADY_ENDED);
        });
    }

    /** Reads page after page until caught up; the next page is read only when the previous one was full. */
    private Flux<RunEvent> drain(UUID runId, AtomicLong last) {
        return events.read(runId, last.get(), properties.readPageSize())
                .flatMapMany(result -> {
                    List<RunEvent> page = result.events();
                    if (page.isEmpty()) {
                        return result.endedBefore() ? Flux.just(ALREADY_ENDED) : Flux.empty();
                    }
                    last.set(page.get(page.size() - 1).seq());
                    Flux<RunEvent> current = Flux.fromIterable(page);
                    return page.size() >= properties.readPageSize() && !page.get(page.size() - 1).terminal()
                            ? current.concatWith(Flux.defer(() -> drain(runId, last)))
                            : current;
                });
    }
}
