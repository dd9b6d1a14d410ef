package dev.rill.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rill.chat.ChatService;
import dev.rill.chat.MessageRole;
import dev.rill.chat.MessageStatus;
import dev.rill.chat.NewMessage;
import dev.rill.platform.RedisAvailability;
import dev.rill.platform.RedisProperties;
import dev.rill.shared.RillException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Closes the runs of instances that died. A run's room claim lapses when its instance stops renewing it; every
 * {@code owner-lease}, each instance takes the claims that lapsed more than a lease ago (each one is taken by a
 * single instance) and, for each, stores the text the run had streamed as a {@code failed} assistant message,
 * recovered from the run's Redis stream, and closes the stream with the "interrupted" {@code error} event, so that
 * a client resuming later sees how the run ended. Without this, a run nobody followed when its instance died would
 * leave the room with a question and no answer.
 */
@Component
class OrphanSweeper implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweeper.class);
    private static final int BATCH = 100;
    /** Rooms closed at once: one room whose close hangs (a row lock held elsewhere) must not hold up the rest. */
    private static final int CONCURRENT_CLOSES = 8;
    /** The least time one close may take before it is given up and logged. */
    private static final Duration MIN_CLOSE_TIME = Duration.ofSeconds(10);

    private final ChatService chats;
    private final RunEventLog events;
    private final RedisAvailability redis;
    private final Duration redisDeadline;
    /** How long one room's close may take before it is given up. */
    private final Duration closeTime;
    private final StreamProperties properties;
    private final JsonMapper json;
    private Disposable schedule;

    OrphanSweeper(ChatService chats, RunEventLog events, RedisAvailability redis, RedisProperties redisProperties,
                  StreamProperties properties, JsonMapper json) {
        this.chats = chats;
        this.events = events;
        this.redis = redis;
        this.redisDeadline = redisProperties.deadline();
        Duration redisReads = redisDeadline.multipliedBy(6);
        this.closeTime = redisReads.compareTo(MIN_CLOSE_TIME) > 0 ? redisReads : MIN_CLOSE_TIME;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public void afterPropertiesSet() {
        schedule = Flux.interval(properties.ownerLease(), properties.ownerLease())
                .onBackpressureDrop()
                // Started off the timer's non-blocking thread: the first query maps its result type by reading class
                // metadata from the jar, a blocking read (BlockHound caught it). The I/O stays on the driver's loops.
                .concatMap(tick -> sweep(properties.ownerLease())
                        .subscribeOn(Schedulers.boundedElastic())
                        .onErrorResume(e -> {
                            log.warn("Could not sweep the runs of dead instances ({})", e.getClass().getSimpleName());
                            return Mono.just(0L);
                        }), 1)
                .subscribe();
    }

    @Override
    public void destroy() {
        schedule.dispose();
    }

    /** Closes runs whose claim lapsed more than {@code grace} ago; emits how many. */
    Mono<Long> sweep(Duration grace) {
        // Claims are already dropped when the turns arrive here, so a close that is given up loses only the partial
        // answer of that one room, and the sweep goes on.
        return chats.takeLapsedTurns(grace, BATCH)
                .flatMap(turn -> close(turn).timeout(closeTime).thenReturn(turn).onErrorResume(e -> {
                    log.warn("Gave up closing run {} in room {} after {}: {}", turn.runId(), turn.chatId(), closeTime,
                            e.toString());
                    return Mono.empty();
                }), CONCURRENT_CLOSES)
                .count();
    }

    private Mono<Void> close(ChatService.LapsedTurn turn) {
        Mono<String> partial = redis.up() ? partialText(turn.runId()) : Mono.just("");
        return partial
                .flatMap(text -> text.isEmpty() ? Mono.<Void>empty() : chats.append(turn.userId(), turn.chatId(),
                                new NewMessage(MessageRole.ASSISTANT, Map.of(NewMessage.TEXT, text),
                                        MessageStatus.FAILED, Map.of("prompt_tokens", 0, "completion_tokens",
                                                (text.length() + 3) / 4, "estimated", true), turn.runId()))
                        .then())
                // The room may have been deleted since; there is nothing to keep then. Anything else is worth a line.
                .onErrorResume(e -> {
                    if (!(e instanceof RillException)) {
                        log.warn("Could not keep the partial answer of run {} in room {}: {}", turn.runId(),
                                turn.chatId(), e.toString());
                    }
                    return Mono.empty();
                })
                .then(redis.up() ? events.abandonIfOrphaned(turn.runId(), RunFeed.ABANDONED).timeout(redisDeadline)
                        .onErrorResume(e -> Mono.just(false)).then() : Mono.empty())
                .doOnSuccess(ignored -> log.info("Closed run {} in room {}: its instance stopped renewing it",
                        turn.runId(), turn.chatId()));
    }

    /** The deltas the run had stored in Redis, concatenated; empty when there were none or they are gone. */
    private Mono<String> partialText(UUID runId) {
        StringBuilder text = new StringBuilder();
        return readAfter(runId, 0, text)
                .timeout(redisDeadline.multipliedBy(4))
                .thenReturn(text)
                .map(StringBuilder::toString)
                .onErrorResume(e -> {
                    redis.failed(e);
                    return Mono.just(text.toString());
                });
    }

    private Mono<Void> readAfter(UUID runId, long afterSeq, StringBuilder text) {
        return events.read(runId, afterSeq, properties.readPageSize())
                .flatMap(page -> {
                    List<RunEvent> read = page.events();
                    if (read.isEmpty()) {
                        return Mono.empty();
                    }
                    for (RunEvent event : read) {
                        JsonNode delta = json.readTree(event.json()).get("delta");
                        if (delta != null && delta.isString()) {
                            text.append(delta.asString());
                        }
                    }
                    return readAfter(runId, read.get(read.size() - 1).seq(), text);
                });
    }
}
