package dev.rill.auth;

import java.time.Duration;

import dev.rill.platform.FixedWindowCounter;
import dev.rill.shared.RillException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Throttles what an attacker would repeat: failed logins per account and per client address, email-availability
 * checks and sign-ups per address, and recovery codes sent and tried. Counts live in Redis so that they hold across instances. If Redis is down the
 * throttle fails open and says so in the log: refusing every login would turn a cache outage into a full outage,
 * and BCrypt's cost still bounds the guessing rate.
 */
@Component
class RequestThrottle {

    private static final Logger log = LoggerFactory.getLogger(RequestThrottle.class);

    private final FixedWindowCounter counter;
    private final AuthProperties.Throttle limits;
    private final AuthProperties properties;

    RequestThrottle(FixedWindowCounter counter, AuthProperties properties) {
        this.counter = counter;
        this.limits = properties.throttle();
        this.properties = properties;
    }

    /**
     * Admits a login attempt or fails with 429. The attempt is counted against the account before its password is
     * checked, in one atomic increment: reading the count first and adding failures afterwards let every request
     * that arrived before the first failure was recorded through, so concurrent guesses outran the limit. A
     * successful login resets the account's count ({@link #recordLoginSuccess}), so the count is still the number
     * of failures since the last success. An address already over its limit is refused before the account's count
     * is touched, so a throttled client cannot use up other people's attempts.
     */
    Mono<Void> checkLogin(String email, String address) {
        return counter.peek(addressKey(address))
                .flatMap(byAddress -> byAddress.count() >= limits.loginFailuresPerAddress()
                        ? tooMany(byAddress.resetsIn())
                        : checkPasswordAttempt(email))
                .onErrorResume(RedisUnavailable::is, e -> failOpen("login throttle", e));
    }

    /**
     * Admits a check of an account's password, counted against the account like a login attempt: a password
     * change checks the current password, and a stolen access token must not buy unlimited guesses at it.
     * {@link #recordLoginSuccess} resets the count when the password was right.
     */
    Mono<Void> checkPasswordAttempt(String email) {
        return counter.increment(accountKey(email), limits.loginWindow())
                .flatMap(byAccount -> byAccount.count() > limits.loginFailuresPerAccount()
                        ? tooMany(byAccount.resetsIn())
                        : Mono.<Void>empty())
                .onErrorResume(RedisUnavailable::is, e -> failOpen("login throttle", e));
    }

    /** Counts a failure against the address; the account's count was taken when the attempt began. */
    Mono<Void> recordLoginFailure(String address) {
        return counter.increment(addressKey(address), limits.loginWindow()).then()
                .onErrorResume(RedisUnavailable::is, e -> failOpen("login throttle", e));
    }

    Mono<Void> recordLoginSuccess(String email) {
        return counter.reset(accountKey(email)).onErrorResume(RedisUnavailable::is, e -> failOpen("login throttle", e));
    }

    Mono<Void> countEmailCheck(String address) {
        return count("email-check:" + address, limits.emailChecksPerAddress(), limits.emailCheckWindow(),
                "Too many email checks from this address; try again later");
    }

    Mono<Void> countSignup(String address) {
        return count("signup:" + address, limits.signupsPerAddress(), limits.signupWindow(),
                "Too many sign-ups from this address; try again later");
    }

    /**
     * Counts an OpenID Connect sign-in from {@code address}: each costs a signature check, may create an account,
     * and is the route a stolen or replayed ID token would be tried on.
     */
    Mono<Void> countOidcSignIn(String address) {
        return count("oidc:" + address, limits.oidcSignInsPerAddress(), limits.oidcSignInWindow(),
                "Too many sign-ins from this address; try again later");
    }

    /**
     * Counts a request that sends a recovery code or hint, against the client address and against
     * {@code recipient} (an email, account ID or phone number, hashed here): the first limit keeps one client from
     * spamming many inboxes, the second keeps many clients from flooding one. Counted whether or not the recipient
     * has an account, so that a 429 reveals nothing.
     */
    Mono<Void> countCodeSend(String address, String recipient) {
        AuthProperties.Recovery recovery = properties.recovery();
        String detail = "Too many codes requested; try again later";
        return count("code-send:address:" + address, recovery.sendsPerAddress(), recovery.sendWindow(), detail)
                .then(count("code-send:recipient:" + TokenPairs.hash(recipient), recovery.sendsPerAccount(),
                        recovery.sendWindow(), detail));
    }

    /** Counts a code tried from {@code address}, whichever account it is for. */
    Mono<Void> countCodeCheck(String address) {
        AuthProperties.Recovery recovery = properties.recovery();
        return count("code-check:" + address, recovery.checksPerAddress(), recovery.checkWindow(),
                "Too many codes tried from this address; try again later");
    }

    private Mono<Void> count(String key, int limit, Duration window, String detail) {
        return counter.increment(key, window)
                .flatMap(w -> w.count() > limit
                        ? Mono.<Void>error(RillException.rateLimited(detail, w.resetsIn()))
                        : Mono.<Void>empty())
                .onErrorResume(RedisUnavailable::is, e -> failOpen(key.substring(0, key.indexOf(':')), e));
    }

    private static Mono<Void> tooMany(Duration retryAfter) {
        // The same answer whether or not the email has an account, so the throttle reveals nothing.
        return Mono.error(RillException.rateLimited(
                "Too many failed sign-in attempts; try again later", retryAfter));
    }

    private static Mono<Void> failOpen(String what, Throwable e) {
        log.warn("Redis unavailable, {} not enforced: {}", what, e.getClass().getSimpleName());
        return Mono.empty();
    }

    private static String accountKey(String email) {
        // Hashed, so that Redis never holds the email addresses people try.
        return "login-fail:account:" + TokenPairs.hash(email);
    }

    private static String addressKey(String address) {
        return "login-fail:address:" + address;
    }

    /** Anything but our own problems is Redis failing (timeouts, refused connections, Redisson errors). */
    private static final class RedisUnavailable {
        static boolean is(Throwable e) {
            return !(e instanceof RillException);
        }
    }
}
