package dev.rill.chat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.rill.auth.AccountService;
import dev.rill.platform.RedisProperties;
import dev.rill.shared.IdKind;
import org.redisson.api.RScript;
import org.redisson.api.RedissonReactiveClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The windows of entered ("active") rooms, cached in Redis so that a turn reads its context without a SQL query.
 *
 * <p>This is a <em>read cache</em>: every message is written to PostgreSQL first ({@link ChatService#append}
 * commits before it calls {@link #appended}), so losing any of these keys loses nothing. What must never happen
 * is a key that is <em>missing</em> a message, because it would be served as the room's history. Hence:
 * <ul>
 *   <li>A room's list is {@code [owner, message…]}, oldest message first, at most {@link ChatProperties#historyWindow()}
 *       messages. The owner lets a read check access without SQL; a list never exists empty, so an entered room
 *       without messages still exists.</li>
 *   <li>Filling a list races with appends: the window read from PostgreSQL may miss a message committed while the
 *       list did not yet exist. A load therefore first sets a marker with a token of its own, and every append or
 *       update deletes the marker; the load writes its window only if its marker is still there.</li>
 *   <li>Appends are pushed only into an existing list, skipping messages already in it (a load may have read a
 *       message whose push was slow), then trimmed to the window.</li>
 *   <li>Any failed or timed-out Redis write may or may not have happened, so the room is marked stale here: this
 *       instance reads it from PostgreSQL and keeps deleting its key, with backoff, until a delete succeeds.
 *       Past {@link #MAX_STALE} stale rooms it gives up tracking them one by one and deletes every room key.</li>
 * </ul>
 * Every method completes without error: when Redis fails, the caller falls back to PostgreSQL.
 */
@Component
class ActiveRooms {

    private static final Logger log = LoggerFactory.getLogger(ActiveRooms.class);

    /** Rooms tracked one by one after failed writes; beyond this a single purge of every room key is cheaper. */
    static final int MAX_STALE = 10_000;

    /** A load's marker outlives any sane PostgreSQL read; if it expires first, the load just caches nothing. */
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);

    /** Every entry starts with {@code {"id":"<uuid>"}, 44 characters that the scripts compare. */
    private static final int ID_PREFIX = 44;

    private static final String LOAD = """
            if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[1], KEYS[2], KEYS[4])
            redis.call('RPUSH', KEYS[1], ARGV[3])
            for i = 5, #ARGV do redis.call('RPUSH', KEYS[1], ARGV[i]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('SADD', KEYS[3], ARGV[4])
            redis.call('PEXPIRE', KEYS[3], ARGV[2])
            return 1
            """;

    private static final String READ = """
            local owner = redis.call('LINDEX', KEYS[1], 0)
            if owner ~= ARGV[2] then return {} end
            if tonumber(redis.call('GET', KEYS[3]) or '0') > 0 then return {} end
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            return redis.call('LRANGE', KEYS[1], 0, -1)
            """;

    private static final String BEGIN = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            return 1
            """;

    private static final String END = """
            if redis.call('DECR', KEYS[1]) <= 0 then redis.call('DEL', KEYS[1]) end
            return 1
            """;

    private static final String APPEND = """
            redis.call('DEL', KEYS[2])
            if ARGV[3] == '1' and redis.call('DECR', KEYS[4]) <= 0 then redis.call('DEL', KEYS[4]) end
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            local seen = {}
            for _, v in ipairs(redis.call('LRANGE', KEYS[1], 1, -1)) do seen[string.sub(v, 1, 44)] = true end
            for i = 4, #ARGV do
              if not seen[string.sub(ARGV[i], 1, 44)] then redis.call('RPUSH', KEYS[1], ARGV[i]) end
            end
            local excess = redis.call('LLEN', KEYS[1]) - 1 - tonumber(ARGV[2])
            if excess > 0 then
              local owner = redis.call('LINDEX', KEYS[1], 0)
              redis.call('LTRIM', KEYS[1], excess + 1, -1)
              redis.call('LPUSH', KEYS[1], owner)
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            redis.call('PEXPIRE', KEYS[3], ARGV[1])
            return 1
            """;

    private static final String UPDATE = """
            redis.call('DEL', KEYS[2])
            if ARGV[3] == '1' and redis.call('DECR', KEYS[4]) <= 0 then redis.call('DEL', KEYS[4]) end
            local id = string.sub(ARGV[2], 1, 44)
            for i, v in ipairs(redis.call('LRANGE', KEYS[1], 1, -1)) do
              if string.sub(v, 1, 44) == id then
                redis.call('LSET', KEYS[1], i, ARGV[2])
                redis.call('PEXPIRE', KEYS[1], ARGV[1])
                return 1
              end
            end
            return 0
            """;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final RedissonReactiveClient redis;
    private final RedisProperties redisProperties;
    private final ChatProperties properties;
    private final Set<UUID> stale = ConcurrentHashMap.newKeySet();
    /** Purges of every room key asked for, and done: while behind, no key of this prefix is trusted. */
    private final AtomicLong purgesRequested = new AtomicLong();
    private final AtomicLong purgedThrough = new AtomicLong();

    ActiveRooms(RedissonReactiveClient redis, RedisProperties redisProperties, ChatProperties properties) {
        this.redis = redis;
        this.redisProperties = redisProperties;
        this.properties = properties;
    }

    /**
     * Caches the window that {@code fromDatabase} reads, unless a write to the room intervenes, and emits it either
     * way. Without Redis the window is still emitted, just not cached.
     */
    Flux<ChatMessage> load(UUID userId, UUID chatId, Flux<ChatMessage> fromDatabase) {
        // UUID.randomUUID() may block on the OS entropy pool; this runs on an event loop.
        String token = IdKind.newUuid().toString();
        Mono<Boolean> marked = usable(userId, chatId).flatMap(usable -> !usable ? Mono.just(false)
                : redis.getBucket(loadKey(userId, chatId), StringCodec.INSTANCE).set(token, LOAD_TIMEOUT)
                        .timeout(deadline())
                        .thenReturn(true)
                        .onErrorResume(e -> failed("mark a load of", userId, chatId, e).thenReturn(false)));
        return marked.flatMapMany(cache -> fromDatabase.collectList().flatMapMany(window -> {
            if (!cache) {
                return Flux.fromIterable(window);
            }
            List<Object> args = new ArrayList<>(window.size() + 4);
            args.add(token);
            args.add(Long.toString(properties.activeTtl().toMillis()));
            args.add(userId.toString());
            args.add(chatId.toString());
            window.forEach(message -> args.add(entry(message)));
            return redis.getScript(StringCodec.INSTANCE)
                    .<Long>eval(RScript.Mode.READ_WRITE, LOAD, RScript.ReturnType.LONG,
                            List.of(windowKey(userId, chatId), loadKey(userId, chatId), userKey(userId), pendingKey(userId, chatId)),
                            args.toArray())
                    .timeout(deadline())
                    .then()
                    .onErrorResume(e -> failed("cache the window of", userId, chatId, e))
                    .thenMany(Flux.fromIterable(window));
        }));
    }

    /**
     * The latest {@code window} messages of an active room of the user, oldest first, and starts its idle time
     * again; empty when the room is not cached here (not entered, evicted, someone else's, stale, or Redis fails).
     */
    Mono<List<ChatMessage>> cached(UUID userId, UUID chatId, int window) {
        if (window > properties.historyWindow()) {
            return Mono.empty();
        }
        return usable(userId, chatId).filter(Boolean::booleanValue)
                .flatMap(usable -> redis.getScript(StringCodec.INSTANCE)
                        .<List<String>>eval(RScript.Mode.READ_WRITE, READ, RScript.ReturnType.LIST,
                                List.of(windowKey(userId, chatId), userKey(userId), pendingKey(userId, chatId)),
                                Long.toString(properties.activeTtl().toMillis()), userId.toString())
                        .timeout(deadline()))
                .filter(list -> !list.isEmpty())
                .map(list -> {
                    List<ChatMessage> messages = new ArrayList<>(list.size() - 1);
                    for (String entry : list.subList(Math.max(1, list.size() - window), list.size())) {
                        messages.add(message(chatId, entry));
                    }
                    return messages;
                })
                // A read failure leaves the key as it was, so it does not make the room stale.
                .onErrorResume(e -> {
                    log.debug("Reading the cached window of room {} failed: {}", chatId, e.toString());
                    return Mono.empty();
                });
    }

    /**
     * Announces a write to a room that is about to be committed, before the commit: until {@link #appended} or
     * {@link #updated} follows, reads of the room's window miss. If this process dies in between, the window
     * (which lacks the committed row) is therefore never served; the room reads from PostgreSQL until it is
     * entered again or idles out. Emits whether the write was announced, which the follow-up must be told.
     */
    Mono<Boolean> beginWrite(UUID userId, UUID chatId) {
        return usable(userId, chatId)
                .flatMap(usable -> !usable ? Mono.just(false) : redis.getScript(StringCodec.INSTANCE)
                        .<Long>eval(RScript.Mode.READ_WRITE, BEGIN, RScript.ReturnType.LONG,
                                List.of(windowKey(userId, chatId), pendingKey(userId, chatId)),
                                Long.toString(properties.activeTtl().toMillis()))
                        .timeout(deadline())
                        .map(begun -> begun == 1L))
                .onErrorResume(e -> failed("announce a write to", userId, chatId, e).thenReturn(false));
    }

    /** Withdraws an announced write that is known not to have changed anything. */
    Mono<Void> endWrite(UUID userId, UUID chatId, boolean announced) {
        if (!announced) {
            return Mono.empty();
        }
        return redis.getScript(StringCodec.INSTANCE)
                .<Long>eval(RScript.Mode.READ_WRITE, END, RScript.ReturnType.LONG, List.of(pendingKey(userId, chatId)))
                .timeout(deadline())
                .then()
                .onErrorResume(e -> failed("withdraw a write to", userId, chatId, e));
    }

    /** Pushes messages just committed to a room into its window, if the room is active. */
    Mono<Void> appended(UUID userId, UUID chatId, List<ChatMessage> stored, boolean announced) {
        List<Object> args = new ArrayList<>(stored.size() + 3);
        args.add(Long.toString(properties.activeTtl().toMillis()));
        args.add(Integer.toString(properties.historyWindow()));
        args.add(announced ? "1" : "0");
        stored.forEach(message -> args.add(entry(message)));
        return write(chatId, "append to", APPEND, userId, args);
    }

    /** Replaces a changed message in its room's window, if it is there. */
    Mono<Void> updated(UUID userId, ChatMessage message, boolean announced) {
        return write(message.chatId(), "update", UPDATE, userId,
                List.of(Long.toString(properties.activeTtl().toMillis()), entry(message), announced ? "1" : "0"));
    }

    /** Drops a room's cached state; completes once it is gone, or once the room is marked stale. */
    Mono<Void> evict(UUID userId, UUID chatId) {
        return redis.getKeys().delete(windowKey(userId, chatId), loadKey(userId, chatId), pendingKey(userId, chatId))
                .then(redis.getSet(userKey(userId), StringCodec.INSTANCE).remove(chatId.toString()).then())
                .timeout(deadline())
                .onErrorResume(e -> failed("evict", userId, chatId, e));
    }

    /** Whether the room's window is in Redis now; for tests and diagnostics. */
    Mono<Boolean> isCached(UUID userId, UUID chatId) {
        return redis.getKeys().countExists(windowKey(userId, chatId)).timeout(deadline()).map(count -> count > 0);
    }

    /**
     * An account's rooms are gone from PostgreSQL; drop their windows. The user's set names every room entered
     * within the idle TTL (it lives as long as its longest-lived room), so this is bounded by what was entered.
     * Runs on the deleting thread, an event loop, so it only subscribes.
     */
    @EventListener
    void onAccountDeleted(AccountService.AccountDeleted deleted) {
        String userKey = userKey(deleted.userId());
        redis.<String>getSet(userKey, StringCodec.INSTANCE).readAll()
                .flatMapMany(Flux::fromIterable)
                .map(UUID::fromString)
                .concatMap(chatId -> evict(deleted.userId(), chatId))
                .then(redis.getKeys().delete(userKey))
                .timeout(deadline())
                .subscribe(ignored -> { }, e -> log.warn("Could not drop the cached rooms of a deleted account: {}",
                        e.toString()));
    }

    private Mono<Void> write(UUID chatId, String what, String script, UUID userId, List<Object> args) {
        return usable(userId, chatId)
                .flatMap(usable -> !usable ? Mono.<Void>empty() : redis.getScript(StringCodec.INSTANCE)
                        .<Long>eval(RScript.Mode.READ_WRITE, script, RScript.ReturnType.LONG,
                                List.of(windowKey(userId, chatId), loadKey(userId, chatId), userKey(userId), pendingKey(userId, chatId)),
                                args.toArray())
                        .timeout(deadline())
                        .then())
                .onErrorResume(e -> failed(what, userId, chatId, e));
    }

    /**
     * Whether the room's key can be trusted: not after a failed write here until the key has been deleted. Tries
     * that delete now, so the room comes back to the cache as soon as Redis does.
     */
    private Mono<Boolean> usable(UUID userId, UUID chatId) {
        Mono<Boolean> purged = Mono.defer(() -> {
            long requested = purgesRequested.get();
            if (purgedThrough.get() >= requested) {
                return Mono.just(true);
            }
            // Only rooms that were stale before the purge began are known to be clean after it; concurrent callers
            // may purge too, which is redundant but harmless.
            Set<UUID> before = Set.copyOf(stale);
            return redis.getKeys().deleteByPattern(redisProperties.key("user:*:chat:*:window"))
                    .timeout(deadline())
                    .map(count -> {
                        purgedThrough.accumulateAndGet(requested, Math::max);
                        stale.removeAll(before);
                        return true;
                    })
                    .onErrorReturn(false);
        });
        return purged.flatMap(ok -> !ok ? Mono.just(false) : !stale.contains(chatId) ? Mono.just(true)
                : redis.getKeys().delete(windowKey(userId, chatId))
                        .timeout(deadline())
                        .map(count -> stale.remove(chatId) || true)
                        .onErrorReturn(false));
    }

    /**
     * A write that failed may still have been applied, or a stale key may survive it: keep the room off the
     * cache here and delete its key once Redis answers again, so that no instance serves a window without the
     * message PostgreSQL has.
     */
    private Mono<Void> failed(String what, UUID userId, UUID chatId, Throwable error) {
        log.warn("Could not {} the cached window of room {}; reading it from PostgreSQL until its key is deleted: {}",
                what, chatId, error.toString());
        if (stale.size() >= MAX_STALE) {
            purgesRequested.incrementAndGet();
            return Mono.empty();
        }
        if (stale.add(chatId)) {
            Duration ttl = properties.activeTtl();
            redis.getKeys().delete(windowKey(userId, chatId))
                    .timeout(deadline())
                    .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5)))
                    // Past the idle TTL the key has expired unless another instance used it; stop trying then.
                    .timeout(ttl)
                    .subscribe(deleted -> stale.remove(chatId), e -> { });
        }
        return Mono.empty();
    }

    /**
     * Redisson's own timeouts do not cover every path while it cannot connect (see FixedWindowCounter), so each
     * call gets a deadline of its own; a write that misses it counts as failed, and may still have happened.
     */
    private Duration deadline() {
        return redisProperties.connectTimeout().plus(redisProperties.commandTimeout()).multipliedBy(2);
    }

    /*
     * A room has one owner, and every key of a user's rooms carries the hash tag {userId}: the scripts above touch
     * a room's keys and the user's set together, which a Redis Cluster allows only within one slot.
     */

    private String windowKey(UUID userId, UUID chatId) {
        return redisProperties.key("user:{" + userId + "}:chat:" + chatId + ":window");
    }

    private String loadKey(UUID userId, UUID chatId) {
        return redisProperties.key("user:{" + userId + "}:chat:" + chatId + ":window-load");
    }

    private String pendingKey(UUID userId, UUID chatId) {
        return redisProperties.key("user:{" + userId + "}:chat:" + chatId + ":window-pending");
    }

    private String userKey(UUID userId) {
        return redisProperties.key("user:{" + userId + "}:active-chats");
    }

    /** The cached form: {@code id} first (the scripts match on it), then the rest of the message. */
    static String entry(ChatMessage message) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", message.id().toString());
        fields.put("role", message.role().wire());
        fields.put("content", message.content());
        fields.put("status", message.status().wire());
        fields.put("token_count", message.tokenCount());
        fields.put("run_id", message.runId() == null ? null : message.runId().toString());
        fields.put("created_at", message.createdAt().toString());
        String json = MAPPER.writeValueAsString(fields);
        if (json.length() < ID_PREFIX || json.charAt(ID_PREFIX - 1) != '"') {
            throw new IllegalStateException("Unexpected cached form: " + json);
        }
        return json;
    }

    @SuppressWarnings("unchecked")
    static ChatMessage message(UUID chatId, String entry) {
        Map<String, Object> fields = MAPPER.readValue(entry, OBJECT);
        Object runId = fields.get("run_id");
        return new ChatMessage(UUID.fromString((String) fields.get("id")), chatId,
                MessageRole.fromWire((String) fields.get("role")),
                java.util.Collections.unmodifiableMap((Map<String, Object>) fields.get("content")),
                MessageStatus.fromWire((String) fields.get("status")),
                fields.get("token_count") == null ? null
                        : java.util.Collections.unmodifiableMap((Map<String, Object>) fields.get("token_count")),
                runId == null ? null : UUID.fromString((String) runId),
                Instant.parse((String) fields.get("created_at")));
    }
}
