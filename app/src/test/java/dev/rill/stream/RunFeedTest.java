package dev.rill.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import dev.rill.platform.RedisProperties;
import dev.rill.shared.IdKind;
import dev.rill.support.HttpTest;
import dev.rill.support.SecondRedisClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonReactiveClient;
import org.springframework.beans.factory.annotation.Autowired;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** The event log and feed against the real Redis: replay, live follow, two instances, slow followers. */
class RunFeedTest extends HttpTest {

    @Autowired
    RunEventLog log;

    @Autowired
    RunFeed feed;

    @Autowired
    RedisProperties redisProperties;

    @Autowired
    StreamProperties streamProperties;

    private static final Duration KEEP = Duration.ofMinutes(5);

    @Test
    void replaysExactlyTheEventsAfterEachSequenceNumber() {
        UUID run = IdKind.newUuid();
        log.append(run, events(1, 3), KEEP)
                .then(log.append(run, events(4, 4), KEEP))
                .then(log.append(run, List.of(event(5, "basic_flow"), event(6, RunEvent.END)), KEEP))
                .block();

        // After 6 the client already has "end": the feed completes at once with nothing to send.
        for (long after = 0; after <= 7; after++) {
            List<Long> seqs = feed.follow(run, after).map(RunEvent::seq).collectList().block(Duration.ofSeconds(10));
            assertThat(seqs).as("after %d", after).containsExactlyElementsOf(range(Math.min(after + 1, 7), 6));
        }
    }

    @Test
    void followsLiveEventsInOrderUntilEnd() {
        UUID run = IdKind.newUuid();
        Flux<Long> writer = Flux.range(1, 30).concatMap(i -> log.append(run,
                        List.of(i == 30 ? event(i, RunEvent.END) : event(i, "basic_flow")), KEEP)
                .thenReturn((long) i).delaySubscription(Duration.ofMillis(5)));

        StepVerifier.create(feed.follow(run, 0).map(RunEvent::seq)
                        .doOnSubscribe(s -> writer.subscribeOn(Schedulers.parallel()).subscribe()))
                .expectNextSequence(range(1, 30))
                .expectComplete()
                .verify(Duration.ofSeconds(20));
    }

    @Test
    void followersGaugeCountsOpenFollowsAndReturnsToZeroWhenTheyAreCancelled() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LocalRuns local = new LocalRuns(streamProperties);
        RunFeed counted = new RunFeed(log, new RunSignals(null, log) {
            @Override
            Flux<Long> wakeups(UUID runId) {
                return Flux.never();
            }

            @Override
            Mono<Void> subscribed() {
                return Mono.empty();
            }
        }, streamProperties, local, meters);
        UUID inMemory = IdKind.newUuid();
        local.open(inMemory, IdKind.newUuid());
        UUID inRedis = IdKind.newUuid();
        log.append(inRedis, events(1, 1), KEEP).block();

        List<reactor.core.Disposable> follows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            follows.add(counted.follow(inMemory, 0).subscribe());
            follows.add(counted.follow(inRedis, 0).subscribe());
        }

        assertThat(meters.get(RunFeed.FOLLOWERS).gauge().value()).isEqualTo(6);
        assertThat(meters.get(RunFeed.LOCAL_RUNS).gauge().value()).isEqualTo(1);
        follows.forEach(reactor.core.Disposable::dispose);
        assertThat(meters.get(RunFeed.FOLLOWERS).gauge().value()).isZero();
    }

    @Test
    void errorEventEndsTheFeed() {
        UUID run = IdKind.newUuid();
        log.append(run, List.of(event(1, "start"), event(2, RunEvent.ERROR), event(3, "basic_flow")), KEEP).block();

        StepVerifier.create(feed.follow(run, 0).map(RunEvent::type))
                .expectNext("start", RunEvent.ERROR)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void anotherInstanceFollowsARunLiveThroughRedis() {
        try (SecondRedisClient other = new SecondRedisClient(redisProperties)) {
            RedissonReactiveClient otherReactive = other.reactive();
            // Polling once a minute: within the test's deadline only a pub/sub notification can deliver events.
            StreamProperties slowPolling = new StreamProperties(streamProperties.resumeWindow(),
                    streamProperties.maxRunDuration(), streamProperties.maxEventsPerRun(),
                    streamProperties.batchWindow(), streamProperties.maxBatchSize(), streamProperties.readPageSize(),
                    Duration.ofMinutes(1), streamProperties.heartbeat(),
                    streamProperties.contextBudget(), streamProperties.maxMessageChars(), streamProperties.ownerLease(),
                    streamProperties.followUpWindow());
            RunEventLog otherLog = new RunEventLog(otherReactive, redisProperties, slowPolling);
            RunFeed otherFeed = new RunFeed(otherLog, new RunSignals(otherReactive, otherLog), slowPolling,
                    new LocalRuns(slowPolling), new SimpleMeterRegistry());
            UUID run = IdKind.newUuid();
            log.append(run, events(1, 2), KEEP).block();

            StepVerifier.create(otherFeed.follow(run, 0).map(RunEvent::seq))
                    .expectNext(1L, 2L)
                    .then(() -> log.append(run, events(3, 4), KEEP)
                            .then(log.append(run, List.of(event(5, RunEvent.END)), KEEP))
                            .subscribe())
                    .expectNext(3L, 4L, 5L)
                    .expectComplete()
                    .verify(Duration.ofSeconds(15));
        }
    }

    @Test
    void slowFollowerReadsOnlyWhatItAsksFor() {
        UUID run = IdKind.newUuid();
        // One event a batch: a read page is counted in batches, so this makes a page as small as it gets.
        Flux.range(1, 2000).concatMap(seq -> log.append(run, List.of(event(seq, "basic_flow")), KEEP)).blockLast();
        AtomicLong readFromRedis = new AtomicLong();
        RunEventLog counting = new RunEventLog(null, redisProperties, streamProperties) {
            @Override
            Mono<Page> read(UUID runId, long afterSeq, int limit) {
                return log.read(runId, afterSeq, limit).doOnNext(p -> readFromRedis.addAndGet(p.events().size()));
            }

            @Override
            Mono<Void> watch(UUID runId) {
                return Mono.empty();
            }
        };
        RunFeed countingFeed = new RunFeed(counting, new RunSignals(null, log) {
            @Override
            Flux<Long> wakeups(UUID runId) {
                return Flux.never();
            }

            @Override
            Mono<Void> subscribed() {
                return Mono.empty();
            }
        }, streamProperties, new LocalRuns(streamProperties), new SimpleMeterRegistry());

        StepVerifier.create(countingFeed.follow(run, 0), 1)
                .expectNextMatches(e -> e.seq() == 1)
                .thenAwait(Duration.ofMillis(300))
                .then(() -> assertThat(readFromRedis.get())
                        .as("events pulled from Redis while the client has taken one of 2000")
                        .isLessThanOrEqualTo(streamProperties.readPageSize() * 2L))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void runWhoseOwnerDiedIsClosedWithAnErrorForItsFollowers() {
        UUID run = IdKind.newUuid();
        // Events as an instance would have written them before dying: no end, and no live owner.
        log.append(run, List.of(event(1, "start"), event(2, "basic_flow"), event(3, "basic_flow")), KEEP).block();

        List<RunEvent> seen = feed.follow(run, 0).collectList().block(Duration.ofSeconds(20));

        assertThat(seen).extracting(RunEvent::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(seen.get(3).type()).isEqualTo(RunEvent.ERROR);
        assertThat(seen.get(3).json()).contains("interrupted");
        assertThat(log.abandonIfOrphaned(run, "{}").block()).as("closed once only").isFalse();
    }

    @Test
    void endWithPendingFollowUpsDoesNotEndTheFeedButTheLastFollowUpDoes() {
        UUID run = IdKind.newUuid();
        log.keepAlive(run, Duration.ofMinutes(1)).block();
        log.append(run, List.of(event(1, "start"), event(2, RunEvent.END_PENDING)), KEEP).block();

        StepVerifier.create(feed.follow(run, 0).map(RunEvent::seq))
                .expectNext(1L, 2L)
                .expectNoEvent(Duration.ofMillis(300))
                .then(() -> log.append(run, List.of(event(3, "recipe_image"), event(4, RunEvent.LAST)), KEEP)
                        .block())
                .expectNext(3L, 4L)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        // A client that already has the last follow-up gets an empty stream, as after end.
        StepVerifier.create(feed.follow(run, 4)).expectComplete().verify(Duration.ofSeconds(10));
    }

    @Test
    void runWhoseOwnerDiedAfterEndIsClosedSayingOnlyTheFollowUpsWereLost() {
        UUID run = IdKind.newUuid();
        log.append(run, List.of(event(1, "start"), event(2, RunEvent.END_PENDING)), KEEP).block();

        assertThat(log.abandonIfOrphaned(run, RunFeed.ABANDONED).block()).isTrue();

        List<RunEvent> seen = feed.follow(run, 2).collectList().block(Duration.ofSeconds(10));
        assertThat(seen).extracting(RunEvent::seq).containsExactly(3L);
        assertThat(seen.get(0).type()).isEqualTo(RunEvent.ERROR);
        assertThat(seen.get(0).json()).isEqualTo(RunFeed.FOLLOW_UPS_LOST);
    }

    @Test
    void runClosedByItsLastFollowUpIsNotAbandoned() {
        UUID run = IdKind.newUuid();
        log.append(run, List.of(event(1, RunEvent.END_PENDING), event(2, RunEvent.LAST)), KEEP).block();

        assertThat(log.abandonIfOrphaned(run, RunFeed.ABANDONED).block()).isFalse();
    }

    @Test
    void runWithALiveOwnerIsNotClosed() {
        UUID run = IdKind.newUuid();
        log.keepAlive(run, Duration.ofMinutes(1)).block();
        log.append(run, List.of(event(1, "start")), KEEP).block();

        assertThat(log.abandonIfOrphaned(run, "{}").block()).isFalse();
        StepVerifier.create(feed.follow(run, 0).map(RunEvent::seq))
                .expectNext(1L)
                .expectNoEvent(streamProperties.pollInterval().multipliedBy(2))
                .thenCancel()
                .verify();
    }

    @Test
    void writingTheSameBatchTwiceStoresItOnce() {
        UUID run = IdKind.newUuid();
        List<RunEvent> batch = List.of(event(1, "start"), event(2, RunEvent.END));

        log.append(run, batch, KEEP).then(log.append(run, batch, KEEP)).block(Duration.ofSeconds(10));

        assertThat(feed.follow(run, 0).map(RunEvent::seq).collectList().block(Duration.ofSeconds(10)))
                .containsExactly(1L, 2L);
    }

    @Test
    void batchDecodingDropsEventsNotNewerThanTheCursor() {
        String batch = "3\u001fbasic_flow\u001f{\"delta\":\"a\"}\u001e4\u001fbasic_flow\u001f{\"delta\":\"b\"}";

        assertThat(RunEventLog.decode(List.of(batch), 3))
                .containsExactly(new RunEvent(4, "basic_flow", "{\"delta\":\"b\"}"));
    }

    private static List<RunEvent> events(long from, long to) {
        List<RunEvent> events = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            events.add(event(seq, "basic_flow"));
        }
        return events;
    }

    private static RunEvent event(long seq, String type) {
        return new RunEvent(seq, type, "{\"type\":\"" + type + "\",\"delta\":\"t" + seq + "\"}");
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
