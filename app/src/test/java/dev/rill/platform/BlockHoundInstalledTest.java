package dev.rill.platform;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Guards the guard: if BlockHound stopped being installed, blocking calls on event loops would pass silently. */
class BlockHoundInstalledTest {

    @Test
    void blockingOnANonBlockingThreadFails() {
        Mono<Long> blocking = Mono.delay(Duration.ofMillis(1)).doOnNext(tick -> {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        StepVerifier.create(blocking)
                .expectErrorMatches(e -> e instanceof BlockingOperationError
                        || e.getCause() instanceof BlockingOperationError)
                .verify(Duration.ofSeconds(5));
    }
}
