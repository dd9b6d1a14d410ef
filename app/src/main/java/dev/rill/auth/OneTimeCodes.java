package dev.rill.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.rill.platform.FixedWindowCounter;
import dev.rill.platform.RedisProperties;
import dev.rill.shared.Entropy;
import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import org.redisson.api.RScript;
import org.redisson.api.RedissonReactiveClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Six-digit codes that prove control of a mailbox or a phone, kept in Redis only as an HMAC-SHA256 under a server
 * secret: a million codes are hashed in a blink, so a plain hash in a leaked dump would give every code away.
 *
 * <p>Each code is bound to a purpose, a subject (the email or account it was issued for) and, optionally, the
 * thing it proves (a phone number), so that a code sent for one thing never confirms another. Attempts are counted
 * per purpose and subject before the code is compared, in one atomic increment, so that concurrent guesses cannot
 * outrun the limit; the attempt that reaches the limit with a wrong code voids the code, and later attempts get 429
 * until the count's window (the code's lifetime) ends. Issuing a new code starts the count again.
 *
 * <p>Unlike the login throttle, nothing here fails open: without Redis a code can be neither stored nor checked,
 * so the answer is 503.
 */
@Component
class OneTimeCodes {

    private static final Logger log = LoggerFactory.getLogger(OneTimeCodes.class);

    /** Deletes the code if it matches, so a code confirms at most once even when two requests race. */
    private static final String CONSUME = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
              return 1
            end
            return 0
            """;

    enum Purpose {
        PASSWORD_RESET("password-reset"), PHONE_VERIFICATION("phone-verification");

        private final String slug;

        Purpose(String slug) {
            this.slug = slug;
        }
    }

    private final RedissonReactiveClient redis;
    private final RedisProperties redisProperties;
    private final FixedWindowCounter counter;
    private final AuthProperties.Recovery settings;
    private final Mac prototype;
    private final boolean generatedSecret;
    private final AtomicBoolean warned = new AtomicBoolean();

    OneTimeCodes(RedissonReactiveClient redis, RedisProperties redisProperties, FixedWindowCounter counter,
                 AuthProperties properties) {
        this.redis = redis;
        this.redisProperties = redisProperties;
        this.counter = counter;
        this.settings = properties.recovery();
        this.generatedSecret = settings.codeSecret() == null || settings.codeSecret().isBlank();
        byte[] secret;
        if (generatedSecret) {
            secret = new byte[32];
            Entropy.fill(secret);
        } else {
            secret = settings.codeSecret().getBytes(StandardCharsets.UTF_8);
        }
        try {
            this.prototype = Mac.getInstance("HmacSHA256");
            prototype.init(new SecretKeySpec(secret, "HmacSHA256"));
            // The first use loads and links the provider's classes: here, not on an event loop.
            mac("warm-up");
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    Duration ttl() {
        return settings.codeTtl();
    }

    /**
     * Stores a new code for {@code subject}, replacing any earlier one and starting its attempt count afresh.
     *
     * @param binding what the code proves besides the subject (a phone number), or {@code ""}
     * @return the code in clear, to be sent and then forgotten
     */
    Mono<String> issue(Purpose purpose, String subject, String binding) {
        // Said on first use rather than at start-up, where a server without mail or SMS would warn for nothing.
        if (generatedSecret && warned.compareAndSet(false, true)) {
            log.warn("RILL_AUTH_RECOVERY_CODE_SECRET is not set: one-time codes are keyed with a secret generated at "
                    + "start-up, so a code works only on the instance that sent it and not after a restart");
        }
        String code = String.format("%06d", Entropy.nextInt(1_000_000));
        String key = redisProperties.key(codeKey(purpose, subject));
        return redis.getBucket(key, StringCodec.INSTANCE).set(mac(purpose, subject, binding, code), settings.codeTtl())
                .then(counter.reset(attemptsKey(purpose, subject)))
                .timeout(redisProperties.deadline())
                .onErrorMap(e -> !(e instanceof RillException), OneTimeCodes::unavailable)
                .thenReturn(code);
    }

    /**
     * Counts an attempt and consumes the code if {@code code} is the one issued for {@code subject} and
     * {@code binding}. Fails with 429 once the attempts are used up, even for the right code.
     */
    Mono<Boolean> consume(Purpose purpose, String subject, String binding, String code) {
        String attempts = attemptsKey(purpose, subject);
        return counter.increment(attempts, settings.codeTtl())
                .flatMap(window -> {
                    if (window.count() > settings.maxAttempts()) {
                        return Mono.error(RillException.rateLimited(
                                "Too many wrong codes; request a new code later", window.resetsIn()));
                    }
                    return redis.getScript(StringCodec.INSTANCE)
                            .<Long>eval(RScript.Mode.READ_WRITE, CONSUME, RScript.ReturnType.LONG,
                                    List.of(redisProperties.key(codeKey(purpose, subject))),
                                    mac(purpose, subject, binding, code))
                            .timeout(redisProperties.deadline())
                            .flatMap(matched -> {
                                if (matched == 1) {
                                    return counter.reset(attempts).thenReturn(true);
                                }
                                // The last allowed attempt failed: the code must not survive the count's window.
                                return window.count() >= settings.maxAttempts()
                                        ? redis.getBucket(redisProperties.key(codeKey(purpose, subject))).delete()
                                                .timeout(redisProperties.deadline()).thenReturn(false)
                                        : Mono.just(false);
                            });
                })
                .onErrorMap(e -> !(e instanceof RillException), OneTimeCodes::unavailable);
    }

    private String mac(String... parts) {
        try {
            Mac mac = (Mac) prototype.clone();
            // NUL cannot occur in any part, so the concatenation is unambiguous.
            return HexFormat.of().formatHex(mac.doFinal(String.join("\0", parts).getBytes(StandardCharsets.UTF_8)));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private String mac(Purpose purpose, String subject, String binding, String code) {
        return mac(purpose.slug, subject, binding, code);
    }

    private static String codeKey(Purpose purpose, String subject) {
        // Hashed, so that Redis never holds the email addresses or account IDs the codes are for.
        return "code:" + purpose.slug + ":" + TokenPairs.hash(subject);
    }

    private static String attemptsKey(Purpose purpose, String subject) {
        return "code-attempts:" + purpose.slug + ":" + TokenPairs.hash(subject);
    }

    private static RillException unavailable(Throwable cause) {
        log.warn("Redis unavailable, one-time codes cannot be issued or checked: {}", cause.getClass().getSimpleName());
        return new RillException(ProblemType.UNAVAILABLE, "Codes cannot be sent or checked right now; try again later");
    }
}
