package dev.rill.stream;

import java.time.Duration;
import java.util.UUID;

import dev.rill.platform.RedisProperties;
import dev.rill.shared.IdKind;
import dev.rill.support.HttpTest;
import dev.rill.support.SecondRedisClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RunControlTest extends HttpTest {

    @Autowired
    RunControl control;

    @Autowired
    RedisProperties redisProperties;

    @Test
    void cancelStopsALocalRunAtOnce() {
        UUID run = IdKind.newUuid();
        Disposable generation = Flux.interval(Duration.ofMillis(10)).subscribe();
        control.register(run, generation);

        control.cancel(run).block(Duration.ofSeconds(5));

        assertThat(generation.isDisposed()).isTrue();
        assertThat(control.runsHere(run)).isFalse();
    }

    @Test
    void cancelOnAnotherInstanceStopsTheRunWhereItRuns() {
        UUID run = IdKind.newUuid();
        Disposable generation = Flux.interval(Duration.ofMillis(10)).subscribe();
        control.register(run, generation);

        try (SecondRedisClient other = new SecondRedisClient(redisProperties)) {
            RunControl otherInstance = new RunControl(other.reactive(), redisProperties);
            assertThat(otherInstance.runsHere(run)).isFalse();

            otherInstance.cancel(run).block(Duration.ofSeconds(5));

            await().atMost(Duration.ofSeconds(5)).until(generation::isDisposed);
            assertThat(control.runsHere(run)).isFalse();
        }
    }
}
