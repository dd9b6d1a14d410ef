package dev.rill.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.rill.platform.RedisProperties;
import org.redisson.api.RScript;
import org.redisson.api.RedissonReactiveClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A run's events in a Redis stream, so that any instance sharing the Redis can replay and follow them.
 *
 * <p>Events are written in batches: one stream entry holds every event of a few milliseconds, and its entry ID is
 * the sequence number of the batch's last event ({@code 17-0}). Reading after sequence {@code n} is then one
 * {@code XRANGE} from {@code n+1-0}, dropping any events of the first entry that are not newer than {@code n}.
 * A write, the key's expiry and the notification to followers are one Lua script: one round trip per batch, and
 * no entry a follower could miss the notification of.
 */
@Component
class RunEventLog {

    /** Unit separator between an event's sequence, type and JSON inside a batch; JSON text never contains it. */
    static final char SEPARATOR = '\u001f';
    /** Record separator between events of one batch. */
    static final char RECORD = '\u001e';

    /**
     * Idempotent: a client retry of a write that did reach Redis finds its entry already there (XADD refuses an
     * ID not above the last) and succeeds without writing twice. Followers are notified only once one follows the
     * run through Redis ({@link #watch}): the sender reads the run from its instance's memory, and a notification
     * per batch to every instance would cost more than the writes.
     */
    private static final String APPEND = """
            local added = redis.pcall('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], ARGV[1] .. '-0', 'e', ARGV[2])
            if type(added) == 'table' and added.err then
              local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
              if #top == 1 and tonumber(string.match(top[1][1], '^(%d+)')) >= tonumber(ARGV[1]) then return 0 end
              return redis.error_reply(added.err)
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PUBLISH', ARGV[6], ARGV[5] .. ':' .. ARGV[1]) end
            return 1
            """;

    /**
     * Returns the batches after the cursor; when there are none, returns the run's last batch behind a marker so
     * that a follower who already has the final event learns that the run is over instead of waiting for more.
     */
    private static final String READ = """
            local entries = redis.call('XRANGE', KEYS[1], ARGV[1] .. '-0', '+', 'COUNT', ARGV[2])
            local out = {}
            for i, entry in ipairs(entries) do out[i] = entry[2][2] end
            if #out == 0 then
              local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
              if #last == 1 then out[1] = '#last'; out[2] = last[1][2][2] end
            end
            return out
            """;

    private static final String LAST_MARKER = "#last";

    /**
     * Closes the stream of a run whose owner stopped renewing its lease (the instance died): appends one error
     * event after the last, unless the run has ended or its owner is alive. Atomic, so that of many followers on
     * many instances exactly one closes the run. A run that died after its {@code end}, while its follow-ups were
     * pending, has its answer saved: it is closed with {@link RunFeed#FOLLOW_UPS_LOST} instead.
     */
    private static final String ABANDON = """
            if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
            local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
            if #last == 0 then return 0 end
            local batch = last[1][2][2]
            local tail = batch
            local cut = string.find(batch, '\\30[^\\30]*$')
            if cut then tail = string.sub(batch, cut + 1) end
            local first = string.find(tail, '\\31')
            local second = string.find(tail, '\\31', first + 1)
            local kind = string.sub(tail, first + 1, second - 1)
            if kind == 'end' or kind == 'error' or kind == 'last' then return 0 end
            local closing = ARGV[1]
            if kind == 'end-pending' then closing = ARGV[4] end
            local seq = tonumber(string.sub(tail, 1, first - 1)) + 1
            redis.call('XADD', KEYS[1], seq .. '-0', 'e', seq .. '\\31error\\31' .. closing)
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('PUBLISH', ARGV[5], ARGV[3] .. ':' .. seq)
            return 1
            """;

    /** Events after a cursor, and whether the run's final event is at or before that cursor. */
    record Page(List<RunEvent> events, boolean endedBefore) {
    }

    private static final Logger log = LoggerFactory.getLogger(RunEventLog.class);

    private final Set<UUID> unstoredRuns = ConcurrentHashMap.newKeySet();
    private final RedissonReactiveClient redis;
    private final RedisProperties redisProperties;
    private final StreamProperties properties;

    RunEventLog(RedissonReactiveClient redis, RedisProperties redisProperties, StreamProperties properties) {
        this.redis = redis;
        this.redisProperties = redisProperties;
        this.properties = properties;
    }

    /**
     * Appends a batch of events (in sequence order) and notifies followers on every instance. {@code keepFor} is
     * how long the run stays resumable from now: long while it runs, the resume window once it has finished.
     */
    Mono<Void> append(UUID runId, List<RunEvent> batch, Duration keepFor) {
        if (batch.isEmpty()) {
            return Mono.empty();
        }
        StringBuilder encoded = new StringBuilder(batch.size() * 64);
        for (RunEvent event : batch) {
            if (!encoded.isEmpty()) {
                encoded.append(RECORD);
            }
            encoded.append(event.seq()).append(SEPARATOR).append(event.type()).append(SEPARATOR).append(event.json());
        }
        long lastSeq = batch.get(batch.size() - 1).seq();
        return redis.getScript(StringCodec.INSTANCE)
                .eval(RScript.Mode.READ_WRITE, APPEND, RScript.ReturnType.LONG,
                        List.of(eventsKey(runId), watchedKey(runId)),
                        Long.toString(lastSeq), encoded.toString(), Long.toString(keepFor.toMillis()),
                        Integer.toString(properties.maxEventsPerRun()), runId.toString(), notifyChannel())
                .then();
    }

    /** Logs, once per run, that its events could not be stored. */
    void warnOnce(UUID runId, Throwable e) {
        if (unstoredRuns.add(runId)) {
            log.warn("Events of run {} could not be stored ({}); the run goes on without them",
                    runId, e.getClass().getSimpleName());
            if (unstoredRuns.size() > 10_000) {
                unstoredRuns.clear();
            }
        }
    }

    /** Up to about {@code limit} batches' worth of events with a sequence number above {@code afterSeq}, in order. */
    Mono<Page> read(UUID runId, long afterSeq, int limit) {
        return redis.getScript(StringCodec.INSTANCE)
                .<List<String>>eval(RScript.Mode.READ_ONLY, READ, RScript.ReturnType.LIST,
                        List.of(eventsKey(runId)), Long.toString(afterSeq + 1), Integer.toString(limit))
                .map(batches -> {
                    if (batches.size() == 2 && LAST_MARKER.equals(batches.get(0))) {
                        List<RunEvent> last = decode(List.of(batches.get(1)), Long.MIN_VALUE);
                        return new Page(List.of(), !last.isEmpty() && last.get(last.size() - 1).terminal());
                    }
                    return new Page(decode(batches, afterSeq), false);
                })
                .defaultIfEmpty(new Page(List.of(), false));
    }

    /** Says that the run's owner is alive for the next {@code lease}; the owner renews it while it runs. */
    Mono<Void> keepAlive(UUID runId, Duration lease) {
        return redis.<String>getBucket(aliveKey(runId), StringCodec.INSTANCE).set("1", lease);
    }

    Mono<Void> dropAlive(UUID runId) {
        return redis.getBucket(aliveKey(runId)).delete().then();
    }

    /** Ends a run whose owner has died with {@code errorJson}; true if this call did it. */
    Mono<Boolean> abandonIfOrphaned(UUID runId, String errorJson) {
        return redis.getScript(StringCodec.INSTANCE)
                .<Long>eval(RScript.Mode.READ_WRITE, ABANDON, RScript.ReturnType.LONG,
                        List.of(eventsKey(runId), aliveKey(runId)),
                        errorJson, Long.toString(properties.resumeWindow().toMillis()), runId.toString(),
                        RunFeed.FOLLOW_UPS_LOST, notifyChannel())
                .map(result -> result == 1L);
    }

    /** Records which room a run answers in, for as long as its events are kept. */
    Mono<Void> bind(UUID runId, UUID chatId, Duration keepFor) {
        return redis.<String>getBucket(runKey(runId, "chat"), StringCodec.INSTANCE)
                .set(chatId.toString(), keepFor);
    }

    /** The room a run answers in, while the run is resumable; empty once it has expired or if it never existed. */
    Mono<UUID> chatOf(UUID runId) {
        return redis.<String>getBucket(runKey(runId, "chat"), StringCodec.INSTANCE).get()
                .map(UUID::fromString);
    }

    /** Whether the run's events are still kept (it exists and its resume window has not passed). */
    Mono<Boolean> exists(UUID runId) {
        return redis.getBucket(eventsKey(runId)).isExists();
    }

    Mono<Void> delete(UUID runId) {
        return redis.getBucket(eventsKey(runId)).delete().then();
    }

    /**
     * Says that a follower reads the run through Redis, so that batches written from now on are announced. Called
     * before the follower's first read: a batch written before is in that read, one written after is announced.
     */
    Mono<Void> watch(UUID runId) {
        return redis.<String>getBucket(watchedKey(runId), StringCodec.INSTANCE)
                .set("1", properties.maxRunDuration().plus(properties.resumeWindow()));
    }

    private String watchedKey(UUID runId) {
        return runKey(runId, "watched");
    }

    String notifyChannel() {
        return redisProperties.key("run-events");
    }

    private String aliveKey(UUID runId) {
        return runKey(runId, "alive");
    }

    private String eventsKey(UUID runId) {
        return runKey(runId, "events");
    }

    /**
     * A run's keys share the hash tag {@code {runId}}, so that on a Redis Cluster they live in one slot and the
     * scripts above, which touch several of them at once, are not refused with CROSSSLOT. The notification channel
     * is passed as an argument, not a key: PUBLISH reaches every node of a cluster whatever the channel's slot.
     */
    static String runKey(RedisProperties redisProperties, UUID runId, String what) {
        return redisProperties.key("run:{" + runId + "}:" + what);
    }

    private String runKey(UUID runId, String what) {
        return runKey(redisProperties, runId, what);
    }

    static List<RunEvent> decode(List<String> batches, long afterSeq) {
        List<RunEvent> events = new ArrayList<>();
        for (String batch : batches) {
            int start = 0;
            while (start < batch.length()) {
                int end = batch.indexOf(RECORD, start);
                if (end < 0) {
                    end = batch.length();
                }
                int first = batch.indexOf(SEPARATOR, start);
                int second = batch.indexOf(SEPARATOR, first + 1);
                long seq = Long.parseLong(batch, start, first, 10);
                if (seq > afterSeq) {
                    events.add(new RunEvent(seq, batch.substring(first + 1, second), batch.substring(second + 1, end)));
                }
                start = end + 1;
            }
        }
        return events;
    }
}
