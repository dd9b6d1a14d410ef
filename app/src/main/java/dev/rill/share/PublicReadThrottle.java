package dev.rill.share;

import java.time.Duration;

import dev.rill.platform.FixedWindowCounter;
import dev.rill.shared.RillException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Limits unauthenticated reads of shared rooms per client address, in one-minute windows counted in Redis so that
 * the limit holds across instances. Every read counts, found or not, so the limit also slows guessing of room IDs.
 * If Redis is down the limit fails open and says so in the log: shared rooms are public anyway, and refusing
 * them would turn a cache outage into an outage of the feature.
 */
@Component
class PublicReadThrottle {

    private static final Logger log = LoggerFactory.getLogger(PublicReadThrottle.class);
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final FixedWindowCounter counter;
    private final int limit;

    PublicReadThrottle(FixedWindowCounter counter, ShareProperties properties) {
        this.counter = counter;
        this.limit = properties.publicReadsPerMinute();
    }

    /** Counts one read from {@code address}, or fails with 429 {@code rate-limited} once it is over the limit. */
    Mono<Void> admit(String address) {
        return counter.increment(key(address), WINDOW)
                .flatMap(window -> window.count() > limit
                        ? Mono.<Void>error(RillException.rateLimited(
                                "Too many reads of shared chats from this address; try again later",
                                window.resetsIn()))
                        : Mono.<Void>empty())
                // Our own 429 passes through; anything else is Redis failing (timeouts, refused connections).
                .onErrorResume(e -> !(e instanceof RillException), e -> {
                    log.warn("Redis unavailable, shared-chat read limit not enforced: {}",
                            e.getClass().getSimpleName());
                    return Mono.empty();
                });
    }

    static String key(String address) {
        return "share-read:" + address;
    }
}
