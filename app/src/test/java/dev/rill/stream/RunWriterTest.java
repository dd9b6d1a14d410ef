package dev.rill.stream;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.rill.platform.RedisProperties;
import dev.rill.shared.IdKind;
import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonReactiveClient;
import org.springframework.beans.factory.annotation.Autowired;

import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class RunWriterTest extends HttpTest {

    @Autowired
    RunWriter writer;

    @Autowired
    RunEventLog log;

    @Autowired
    RunFeed feed;

    @Autowired
    RedissonReactiveClient redisson;

    @Autowired
    RedisProperties redisProperties;

    @Test
    void numbersEventsFromOneAndStoresThemBeforePassingThemOn() {
        UUID run = IdKind.newUuid();
        Flux<RunWriter.Draft> drafts = Flux.range(1, 200)
                .map(i -> new RunWriter.Draft(i == 200 ? RunEvent.END : "basic_flow", "{\"n\":" + i + "}"));

        StepVerifier.create(writer.write(run, drafts)
                        .concatMap(event -> log.read(run, event.seq() - 1, 1)
                                .map(page -> page.events().get(0).seq() == event.seq() ? event.seq() : -event.seq())))
                .expectNextSequence(java.util.stream.LongStream.rangeClosed(1, 200).boxed().toList())
                .expectComplete()
                .verify(Duration.ofSeconds(20));
    }

    @Test
    void coalescesBurstsIntoFewBatches() {
        UUID run = IdKind.newUuid();
        Flux<RunWriter.Draft> burst = Flux.range(1, 1000)
                .map(i -> new RunWriter.Draft(i == 1000 ? RunEvent.END : "basic_flow", "{}"));

        writer.write(run, burst).blockLast(Duration.ofSeconds(20));

        List<RunEvent> replayed = feed.follow(run, 0).collectList().block(Duration.ofSeconds(20));
        assertThat(replayed).hasSize(1000);
        assertThat(replayed.get(999).type()).isEqualTo(RunEvent.END);
        // A burst fills batches of maxBatchSize (64): 1000 events take at most 16 writes, not 1000.
        assertThat(streamLength(run)).isLessThanOrEqualTo(16 + 2);
    }

    private long streamLength(UUID run) {
        return redisson.getStream(RunEventLog.runKey(redisProperties, run, "events")).size().block();
    }
}
