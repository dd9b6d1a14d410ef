package dev.rill.auth;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * BCrypt on a bounded pool of its own. A hash costs tens of milliseconds of CPU by design; on an event loop it
 * would stall every connection that loop serves, and an unbounded pool would let a login storm starve the box.
 */
@Component
class PasswordHasher implements AutoCloseable {

    private static final int QUEUE_LIMIT = 10_000;

    private final BCryptPasswordEncoder encoder;
    private final Scheduler scheduler;
    private final String decoyHash;

    PasswordHasher(AuthProperties properties) {
        this.encoder = new BCryptPasswordEncoder(properties.password().bcryptCost());
        this.scheduler = Schedulers.newBoundedElastic(properties.password().effectiveHashThreads(), QUEUE_LIMIT,
                "rill-password-hash");
        // Compared against when an email has no account, so that a miss costs as much time as a wrong password.
        this.decoyHash = encoder.encode("decoy-" + System.nanoTime());
    }

    Mono<String> hash(String password) {
        return Mono.fromCallable(() -> encoder.encode(password)).subscribeOn(scheduler);
    }

    /** Checks {@code password} against {@code hash}, or against a decoy when there is no hash to check. */
    Mono<Boolean> matches(String password, String hash) {
        String target = hash == null ? decoyHash : hash;
        return Mono.fromCallable(() -> encoder.matches(password, target) && hash != null).subscribeOn(scheduler);
    }

    /** CPU-bound work other than hashing (token signing) shares the same bounded pool. */
    Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        scheduler.dispose();
    }
}
