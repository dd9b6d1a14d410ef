package dev.rill.quota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.rill.auth.AccountService;
import dev.rill.platform.RedisAvailability;
import dev.rill.quota.internal.QuotaOverrideRepository;
import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import reactor.core.publisher.Mono;

/**
 * Each user's daily allowance of turns. A turn {@linkplain #reserve reserves} one unit before anything is stored,
 * and is {@linkplain #refund refunded} when it fails before an answer exists, so that a user never pays for the
 * server's failure. Counts live in Redis, one key per user per local day of {@code rill.quota.zone}, changed only
 * by atomic scripts, so the allowance holds across any number of instances and resets at local midnight. An
 * admin's per-user override, kept in PostgreSQL, replaces the configured allowance.
 *
 * <p>While Redis cannot count, {@code rill.quota.when-redis-down} decides: {@code fail-closed} refuses turns
 * with 503 (the default), {@code fail-open} lets them through uncounted.
 */
@Service
public class QuotaService {

    private static final Logger log = LoggerFactory.getLogger(QuotaService.class);

    public static final ProblemType QUOTA_EXCEEDED = new ProblemType("quota-exceeded", "Daily quota exceeded",
            HttpStatus.TOO_MANY_REQUESTS);

    public static final String LIMIT_HEADER = "RateLimit-Limit";
    public static final String REMAINING_HEADER = "RateLimit-Remaining";
    public static final String RESET_HEADER = "RateLimit-Reset";

    /**
     * One unit taken for a turn, or a turn let through uncounted (quotas off, or Redis down and failing open).
     * {@code remaining} is what was left right after this turn was counted.
     */
    public record Reservation(UUID userId, LocalDate day, boolean counted, int limit, long remaining,
                              Instant resetsAt) {

        static Reservation uncounted(UUID userId) {
            return new Reservation(userId, null, false, 0, 0, null);
        }

        /** The {@code RateLimit-*} headers for the turn's response; none for an uncounted turn. */
        public Map<String, String> headers() {
            return counted ? QuotaService.headers(limit, remaining, resetsAt) : Map.of();
        }
    }

    /** Where a user stands today. */
    public record QuotaStatus(int limit, long remaining, Instant resetsAt) {
    }

    /** A user's allowance after an admin changed it; {@code override} is null when the default applies. */
    public record QuotaLimit(UUID userId, Integer override, int limit) {
    }

    private final QuotaCounter counter;
    private final QuotaOverrideRepository overrides;
    private final AccountService accounts;
    private final RedisAvailability redis;
    private final QuotaProperties properties;
    private final Clock clock = Clock.systemUTC();
    /** Set once fail-open has been logged; cleared when Redis counts again, so the next outage is logged too. */
    private final AtomicBoolean openWarned = new AtomicBoolean();

    QuotaService(QuotaCounter counter, QuotaOverrideRepository overrides, AccountService accounts,
                 RedisAvailability redis, QuotaProperties properties) {
        this.counter = counter;
        this.overrides = overrides;
        this.accounts = accounts;
        this.redis = redis;
        this.properties = properties;
    }

    /**
     * Takes one unit of today's allowance for a turn that is about to start. Fails with 429
     * {@code quota-exceeded} (with {@code Retry-After} and the {@code RateLimit-*} headers) when none is left,
     * and with 503 while Redis is down and the quota fails closed. A refused turn is not counted.
     */
    public Mono<Reservation> reserve(UUID userId) {
        return reserve(userId, false);
    }

    /**
     * As {@link #reserve(UUID)}, for a turn that may run on the user's own provider key: such a turn is let through
     * uncounted unless {@code rill.quota.own-key-counts} is set, since Rill's model pays nothing for it.
     */
    public Mono<Reservation> reserve(UUID userId, boolean ownKey) {
        if (!properties.enabled() || (ownKey && !properties.ownKeyCounts())) {
            return Mono.just(Reservation.uncounted(userId));
        }
        return limitOf(userId).flatMap(limit -> {
            QuotaDay day = QuotaDay.today(clock, properties.zone());
            if (!redis.up()) {
                return whenRedisDown(userId, null);
            }
            return counter.take(key(userId, day.date()), limit, day.resetsAt())
                    .flatMap(count -> {
                        openWarned.set(false);
                        return count.changed()
                                ? Mono.just(new Reservation(userId, day.date(), true, limit,
                                        Math.max(0, limit - count.count()), day.resetsAt()))
                                : Mono.<Reservation>error(exceeded(limit, day));
                    })
                    .onErrorResume(e -> !(e instanceof RillException), e -> whenRedisDown(userId, e));
        });
    }

    /**
     * Gives a reserved unit back to the day it was taken from, for a turn that failed before an answer existed.
     * Never fails: a refund Redis cannot take is logged, and the user keeps the lower allowance.
     */
    public Mono<Void> refund(Reservation reservation) {
        if (reservation == null || !reservation.counted()) {
            return Mono.empty();
        }
        if (!redis.up()) {
            log.warn("Redis unavailable, a failed turn of user {} was not refunded", reservation.userId());
            return Mono.empty();
        }
        return counter.giveBack(key(reservation.userId(), reservation.day()))
                .then()
                .onErrorResume(e -> {
                    redis.failed(e);
                    log.warn("Redis unavailable, a failed turn of user {} was not refunded", reservation.userId());
                    return Mono.empty();
                });
    }

    /** The user's allowance, what is left of it today, and when it resets. 503 while Redis is down. */
    public Mono<QuotaStatus> status(UUID userId) {
        if (!properties.enabled()) {
            return Mono.error(new RillException(ProblemType.NOT_FOUND, "Quotas are turned off on this server"));
        }
        return limitOf(userId).flatMap(limit -> {
            QuotaDay day = QuotaDay.today(clock, properties.zone());
            if (!redis.up()) {
                return Mono.error(uncountable());
            }
            return counter.read(key(userId, day.date()))
                    .map(count -> new QuotaStatus(limit, Math.max(0, limit - count.count()), day.resetsAt()))
                    .onErrorMap(e -> !(e instanceof RillException), e -> {
                        redis.failed(e);
                        return uncountable();
                    });
        });
    }

    /**
     * Sets a user's daily allowance, or with {@code dailyTurns == null} returns them to the configured one. For
     * admins only (403 otherwise); 404 for no such user. Today's count is kept: a lower allowance than the turns
     * already taken leaves none for the rest of the day.
     */
    public Mono<QuotaLimit> setOverride(boolean actorIsAdmin, UUID userId, Integer dailyTurns) {
        if (!actorIsAdmin) {
            return Mono.error(new RillException(ProblemType.FORBIDDEN, "Only admins change users' quotas"));
        }
        Mono<QuotaLimit> change = dailyTurns == null
                ? overrides.deleteById(userId).thenReturn(new QuotaLimit(userId, null, properties.dailyTurns()))
                : overrides.upsert(userId, dailyTurns, clock.instant())
                        .map(row -> new QuotaLimit(userId, row.dailyTurns(), row.dailyTurns()));
        return accounts.get(userId)
                .then(change)
                // The user was deleted between the check and the write.
                .onErrorMap(DataIntegrityViolationException.class, e -> RillException.notFound("The account"));
    }

    private Mono<Integer> limitOf(UUID userId) {
        return overrides.findById(userId).map(row -> row.dailyTurns()).defaultIfEmpty(properties.dailyTurns());
    }

    private Mono<Reservation> whenRedisDown(UUID userId, Throwable cause) {
        if (cause != null) {
            redis.failed(cause);
        }
        if (properties.whenRedisDown() == QuotaProperties.WhenRedisDown.FAIL_CLOSED) {
            return Mono.error(uncountable());
        }
        if (openWarned.compareAndSet(false, true)) {
            log.warn("Redis unavailable, daily quotas are not enforced until it answers (rill.quota.when-redis-down"
                    + "=fail-open)");
        }
        return Mono.just(Reservation.uncounted(userId));
    }

    private static RillException uncountable() {
        return new RillException(ProblemType.UNAVAILABLE, "Turns cannot be counted right now; try again shortly")
                .retryAfter(Duration.ofSeconds(5));
    }

    private RillException exceeded(int limit, QuotaDay day) {
        Duration untilReset = day.until(clock.instant());
        RillException problem = new RillException(QUOTA_EXCEEDED,
                "The daily allowance of " + limit + " turns is used up; it resets at local midnight")
                .with("limit", limit)
                .with("remaining", 0)
                .with("resets_at", day.resetsAt().toString())
                .retryAfter(untilReset);
        headers(limit, 0, day.resetsAt()).forEach(problem::header);
        return problem;
    }

    private static Map<String, String> headers(int limit, long remaining, Instant resetsAt) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(LIMIT_HEADER, Integer.toString(limit));
        headers.put(REMAINING_HEADER, Long.toString(remaining));
        // Delta seconds, as the IETF RateLimit fields and Retry-After use, rounded up so a client never retries early.
        long millis = Math.max(0, Duration.between(Instant.now(), resetsAt).toMillis());
        headers.put(RESET_HEADER, Long.toString((millis + 999) / 1000));
        return headers;
    }

    private static String key(UUID userId, LocalDate day) {
        return "quota:" + userId + ":" + day;
    }
}
