package dev.rill.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.rill.attachment.AttachmentContent;
import dev.rill.attachment.AttachmentService;
import dev.rill.chat.Chat;
import dev.rill.chat.ChatMessage;
import dev.rill.chat.ChatService;
import dev.rill.chat.MessageRole;
import dev.rill.chat.MessageStatus;
import dev.rill.chat.NewMessage;
import dev.rill.graph.FlowContext;
import dev.rill.graph.FlowEvent;
import dev.rill.graph.GraphService;
import dev.rill.graph.GraphStep;
import dev.rill.keys.KeyService;
import dev.rill.keys.UsageService;
import dev.rill.llm.Turn;
import dev.rill.platform.RedisAvailability;
import dev.rill.profile.ProfileIds;
import dev.rill.quota.QuotaService;
import dev.rill.platform.RedisProperties;
import dev.rill.shared.IdKind;
import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers messages as runs: server-side jobs, independent of any HTTP connection, whose events are stored in
 * the run's Redis stream as they happen. A client reads a run with {@link #follow}; if it disconnects the run
 * goes on, and its answer is still saved. Each turn goes through the tool-selection graph ({@link GraphService}),
 * and the run carries whatever events its flows emit, saves the messages they produce, and adds up their usage.
 *
 * <p>The answer is saved to PostgreSQL before the {@code end} event is written, so a client that has seen
 * {@code end} can rely on the message being stored. A complete turn whose flows asked for follow-ups
 * ({@link FlowEvent.FollowUp}) goes on after {@code end} with one event per follow-up, the last of which closes the
 * run; the room is free again from {@code end} on.
 */
@Service
public class RunService {

    private static final Logger log = LoggerFactory.getLogger(RunService.class);

    static final ProblemType RUN_NOT_FOUND = new ProblemType("run-not-found", "Run not found", HttpStatus.NOT_FOUND);

    /** A run that has begun: its ID, its room, the stored user message it answers, and its quota unit. */
    public record StartedRun(UUID runId, UUID chatId, UUID userMessageId, QuotaService.Reservation quota) {
    }

    private final ChatService chats;
    private final GraphService graph;
    private final RunWriter writer;
    private final RunFeed feed;
    private final RunEventLog events;
    private final RunControl control;
    private final RoomLocks rooms;
    private final LocalRuns localRuns;
    private final RedisAvailability redis;
    private final Duration redisDeadline;
    private final StreamProperties properties;
    private final JsonMapper json;
    private final QuotaService quota;
    private final KeyService keys;
    private final UsageService usageRecord;
    private final AttachmentService attachments;

    RunService(ChatService chats, GraphService graph, RunWriter writer, RunFeed feed, RunEventLog events,
               RunControl control, RoomLocks rooms, LocalRuns localRuns, RedisAvailability redis,
               RedisProperties redisProperties, StreamProperties properties, JsonMapper json,
               QuotaService quota, KeyService keys, UsageService usageRecord, AttachmentService attachments) {
        this.attachments = attachments;
        this.quota = quota;
        this.keys = keys;
        this.usageRecord = usageRecord;
        this.localRuns = localRuns;
        this.redis = redis;
        this.redisDeadline = redisProperties.deadline();
        this.chats = chats;
        this.graph = graph;
        this.writer = writer;
        this.feed = feed;
        this.events = events;
        this.control = control;
        this.rooms = rooms;
        this.properties = properties;
        this.json = json;
    }

    /**
     * Stores the user's message and starts answering it. With {@code chatId == null} a new room is created
     * first. Fails with 404 for a room that is missing or not the user's, and 409 while another answer is being
     * written in the room, and 429 when the user's daily allowance is used up ({@link QuotaService}).
     */
    public Mono<StartedRun> start(UUID userId, UUID chatId, String text) {
        return start(userId, chatId, text, (UUID) null);
    }

    /**
     * As {@link #start(UUID, UUID, String)}, on the user's provider key {@code keyId} (404 if it is not theirs), or
     * with {@code keyId == null} on the room's key, else their default key, else Rill's own model.
     */
    public Mono<StartedRun> start(UUID userId, UUID chatId, String text, UUID keyId) {
        Mono<KeyService.KeyChoice> choice = keyId != null || chatId == null ? keys.choose(userId, keyId)
                : chats.keyOf(userId, chatId).map(Optional::of).defaultIfEmpty(Optional.empty())
                        .flatMap(roomKey -> keys.chooseForRoom(userId, roomKey.orElse(null)));
        return choice
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(key -> begin(userId, chatId, text, key.orElse(null)));
    }

    private Mono<StartedRun> begin(UUID userId, UUID chatId, String text, KeyService.KeyChoice key) {
        UUID runId = IdKind.newUuid();
        NewMessage message = new NewMessage(MessageRole.USER, Map.of(NewMessage.TEXT, text), MessageStatus.COMPLETE,
                null, runId);
        // One transaction claims the room (creating it, for a new room) and stores the message; the run's room
        // binding, which only resumes on other instances need, is written to Redis alongside rather than before.
        UUID room = chatId == null ? IdKind.newUuid() : chatId;
        Mono<ChatService.BegunTurn> begin = chatId == null
                ? chats.beginTurnInNewRoom(userId, room, runId, properties.ownerLease(), message)
                : chats.beginTurn(userId, chatId, runId, properties.ownerLease(), message);
        // One unit of the daily allowance is taken before anything is stored, so a refused turn stores nothing.
        // Until the run is launched nothing can have been answered: a start that fails (404, 409, validation,
        // storage) or is abandoned gives the unit back. After launch, finish() decides.
        return quota.reserve(userId, key != null).flatMap(reservation -> {
            AtomicBoolean launched = new AtomicBoolean();
            return begin
                    .zipWith(bind(runId, room), (begun, bound) -> begun)
                    .map(begun -> {
                        launch(userId, begun, chatId == null, runId, reservation, key);
                        launched.set(true);
                        return new StartedRun(runId, begun.chat().id(), begun.userMessage().id(), reservation);
                    })
                    .onErrorResume(e -> !launched.get(), e -> quota.refund(reservation).then(Mono.error(e)))
                    .doOnCancel(() -> {
                        if (!launched.get()) {
                            quota.refund(reservation).subscribe();
                        }
                    });
        });
    }

    private Mono<Boolean> bind(UUID runId, UUID chatId) {
        if (!redis.up()) {
            return Mono.just(false);
        }
        return events.bind(runId, chatId, properties.maxRunDuration().plus(properties.resumeWindow()))
                .timeout(redisDeadline)
                .thenReturn(true)
                .onErrorResume(e -> {
                    redis.failed(e);
                    return Mono.just(false);
                });
    }

    /**
     * Fails with 404 unless the room is the user's and the run answers in it and is still resumable. Checked
     * before a stream starts, so that the client gets a problem document rather than an empty stream.
     */
    public Mono<Void> requireRun(UUID userId, UUID chatId, UUID runId) {
        LocalRuns.LocalRun local = localRuns.find(runId);
        if (local != null) {
            return chats.requireOwned(userId, chatId)
                    .filter(chat -> local.chatId().equals(chatId))
                    .switchIfEmpty(Mono.error(RunService::runNotFound))
                    .then();
        }
        return chats.requireOwned(userId, chatId)
                .then(redisCall(events.chatOf(runId)))
                .filter(chatId::equals)
                // The room binding outlives the events by up to a run's length; without events there is nothing
                // to resume, and following would only send heartbeats.
                .filterWhen(ignored -> redisCall(events.exists(runId)))
                .switchIfEmpty(Mono.error(RunService::runNotFound))
                .then();
    }

    /** A Redis call on a path that cannot do without Redis: a failure is a 503, not a 500. */
    private <T> Mono<T> redisCall(Mono<T> call) {
        return call.timeout(redisDeadline).onErrorMap(e -> !(e instanceof RillException), e -> {
            redis.failed(e);
            return new RillException(ProblemType.UNAVAILABLE, "Runs cannot be resumed right now; try again shortly");
        });
    }

    /** The profile the room is bound to; rooms store its ID as the client sent it, which the chat feature checked. */
    private static UUID profileOf(Chat chat) {
        if (chat.profileId() == null) {
            return null;
        }
        try {
            return ProfileIds.parse(chat.profileId());
        } catch (RillException e) {
            return null;
        }
    }

    /** A deleted room's runs on this instance stop at once: their answers would have nowhere to go. */
    @EventListener
    void onChatDeleted(ChatService.ChatDeleted deleted) {
        localRuns.runsIn(deleted.chatId()).forEach(control::stopHere);
    }

    private static RillException runNotFound() {
        return new RillException(RUN_NOT_FOUND,
                "This run does not exist in this room, or it finished too long ago to resume");
    }

    /** A run's events after {@code afterSeq}, replayed and then live, for the owner of the run's room. */
    public Flux<RunEvent> follow(UUID userId, UUID chatId, UUID runId, long afterSeq) {
        return requireRun(userId, chatId, runId).thenMany(feed.follow(runId, afterSeq));
    }

    /**
     * Stops a run wherever it runs. The partial answer is saved as {@code stopped} and the stream ends with
     * {@code end}. Cancelling a run that has already finished does nothing.
     */
    public Mono<Void> cancel(UUID userId, UUID chatId, UUID runId) {
        return requireRun(userId, chatId, runId).then(redisCall(control.cancel(runId)));
    }

    /**
     * A run's events after {@code afterSeq}, for callers that have already checked access: the run was just
     * started for this user, or {@link #requireRun} has passed.
     */
    Flux<RunEvent> eventsAfter(UUID runId, long afterSeq) {
        return feed.follow(runId, afterSeq);
    }

    private void launch(UUID userId, ChatService.BegunTurn begun, boolean newRoom, UUID runId,
                        QuotaService.Reservation reservation, KeyService.KeyChoice key) {
        Chat chat = begun.chat();
        UUID chatId = chat.id();
        Sinks.Empty<Void> stop = Sinks.empty();
        control.register(runId, stop::tryEmitEmpty);
        localRuns.open(runId, chatId);
        rooms.held(runId);
        // The alive key tells followers on other instances that this one still writes the run; a third of a
        // lease between renewals leaves room for two missed renewals before they give the run up.
        Disposable lease = Flux.interval(Duration.ZERO, properties.ownerLease().dividedBy(3))
                // A renewal still in flight when the next tick comes (Redis slow) skips that tick; without this
                // the timer overflows, dies, and the run is declared dead while it is writing.
                .onBackpressureDrop()
                .concatMap(tick -> !redis.up() ? Mono.empty() : events.keepAlive(runId, properties.ownerLease())
                        .timeout(redisDeadline)
                        .onErrorResume(e -> {
                            redis.failed(e);
                            return Mono.empty();
                        }), 1)
                .subscribe(ignored -> { }, e -> log.warn("Lease of run {} stopped: {}", runId, e.toString()));
        writer.write(runId, drafts(userId, begun, newRoom, runId, stop, reservation, key))
                .doOnNext(event -> localRuns.publish(runId, event))
                .doFinally(signal -> {
                    localRuns.finish(runId);
                    lease.dispose();
                    if (redis.up()) {
                        events.dropAlive(runId).subscribe(ignored -> { }, e -> { });
                    }
                    control.unregister(runId);
                    // The answer's transaction normally freed the room already; this covers runs that never
                    // got that far.
                    rooms.release(chatId, runId);
                })
                .subscribe(ignored -> { }, e -> log.error("Run {} could not be stored", runId, e));
    }

    private Flux<RunWriter.Draft> drafts(UUID userId, ChatService.BegunTurn begun, boolean newRoom, UUID runId,
                                        Sinks.Empty<Void> stop, QuotaService.Reservation reservation,
                                        KeyService.KeyChoice key) {
        Chat chat = begun.chat();
        ChatMessage userMessage = begun.userMessage();
        UUID chatId = chat.id();
        Answer answer = new Answer();
        Mono<RunWriter.Draft> opening = Mono.just(
                draft(ordered("type", "start", "run_id", IdKind.RUN.format(runId), "chat_id", IdKind.CHAT.format(chatId),
                        "message_id", IdKind.MESSAGE.format(userMessage.id()))));
        Flux<RunWriter.Draft> turn = chats.history(begun, newRoom)
                .collectList()
                // The room's images attached since its last turn go with this one (and are marked as sent by it).
                // A room this turn created has none, and is spared the query.
                .zipWith(newRoom ? Mono.just(List.<AttachmentContent>of())
                        : attachments.takePending(userId, chatId, runId).collectList())
                .flatMapMany(found -> {
                    List<Turn> context = context(found.getT1());
                    answer.contextChars = context.stream().mapToInt(t -> t.text().length()).sum();
                    return graph.run(new FlowContext(userId, chatId, runId, profileOf(chat), userMessage.text(),
                            context, null, key == null ? null : key.credentials(), found.getT2()));
                })
                .takeUntilOther(stop.asMono().then(Mono.fromRunnable(answer::markStopped)).then(Mono.just(true)))
                // Synchronous per event: a Mono per token would cost an inner subscription each.
                .mapNotNull(step -> answer.record(step, this))
                .onErrorResume(e -> {
                    answer.failure.set(e);
                    return Mono.empty();
                });
        return opening.concatWith(turn)
                .concatWith(Mono.defer(() -> finish(userId, chatId, runId, answer, reservation, key)))
                .concatWith(Flux.defer(() -> followUps(runId, answer)));
    }

    /**
     * The follow-up events that {@code end} announced, as each becomes ready, with the one that comes last stored as
     * the run's closing event. Work for them starts only now, after {@code end}; whatever has not answered within
     * the follow-up window, or failed, sends its fallback.
     */
    private Flux<RunWriter.Draft> followUps(UUID runId, Answer answer) {
        if (!answer.followUpsAnnounced) {
            return Flux.empty();
        }
        AtomicInteger left = new AtomicInteger(answer.followUps.size());
        return Flux.fromIterable(answer.followUps)
                .flatMap(followUp -> Mono.defer(followUp::event)
                        .timeout(properties.followUpWindow())
                        .onErrorResume(e -> {
                            log.warn("Follow-up {} of run {} did not complete: {}", followUp.type(), runId,
                                    e.toString());
                            return Mono.empty();
                        })
                        .defaultIfEmpty(followUp.fallback())
                        .map(fields -> {
                            Map<String, Object> event = new LinkedHashMap<>();
                            event.put("type", followUp.type());
                            fields.forEach((name, value) -> {
                                if (!"type".equals(name)) {
                                    event.put(name, value);
                                }
                            });
                            return left.decrementAndGet() == 0
                                    ? new RunWriter.Draft(RunEvent.LAST, json.writeValueAsString(event))
                                    : draft(event);
                        }));
    }

    /** The SSE event for one step of the graph, or {@code null} for steps that only update the answer. */
    private RunWriter.Draft toDraft(GraphStep.Emitted step) {
        FlowEvent event = step.event();
        if (event instanceof FlowEvent.Status status) {
            return draft(ordered("type", step.eventType(), "content", status.text()));
        }
        if (event instanceof FlowEvent.Delta delta) {
            return draft(ordered("type", step.eventType(), "delta", delta.text()));
        }
        if (event instanceof FlowEvent.Structured structured) {
            return draft(ordered("type", step.eventType(), "content", structured.content()));
        }
        if (event instanceof FlowEvent.Named named) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("type", named.type());
            named.fields().forEach((key, value) -> {
                if (!"type".equals(key)) {
                    fields.put(key, value);
                }
            });
            return draft(fields);
        }
        return null;
    }

    /** Saves what was written, then closes the run with {@code end}, or {@code error} if the model failed. */
    private Mono<RunWriter.Draft> finish(UUID userId, UUID chatId, UUID runId, Answer answer,
                                         QuotaService.Reservation reservation, KeyService.KeyChoice key) {
        Throwable failure = answer.failure.get();
        MessageStatus status = failure != null ? MessageStatus.FAILED
                : answer.stopped ? MessageStatus.STOPPED : MessageStatus.COMPLETE;
        Map<String, Object> usage = answer.usage();
        List<NewMessage> toSave = new ArrayList<>();
        answer.messages.forEach(message -> toSave.add(new NewMessage(message.role(), message.content(),
                MessageStatus.COMPLETE, null, runId)));
        boolean hasText = !answer.text.isEmpty() || status == MessageStatus.COMPLETE;
        if (hasText) {
            toSave.add(new NewMessage(MessageRole.ASSISTANT, Map.of(NewMessage.TEXT, answer.text.toString()), status,
                    usage, runId));
        }
        // A turn that failed or was stopped before any answer existed (an upstream or flow error before any text, a
        // cancel before the first token) gives its quota unit back; a complete turn, or one that produced partial
        // text or a flow's message, keeps it. Refunded before end is written, so a client that sees end sees it.
        boolean unanswered = status != MessageStatus.COMPLETE && answer.text.isEmpty() && answer.messages.isEmpty();
        Mono<Void> refund = unanswered ? quota.refund(reservation) : Mono.empty();
        // Images the unanswered turn took go back to the room, so the next turn sends them. Best effort: losing them
        // would only mean the user attaches them again.
        Mono<Void> returned = !unanswered ? Mono.empty() : attachments.release(runId).onErrorResume(e -> {
            log.warn("Attachments of run {} could not be returned to the room: {}", runId, e.toString());
            return Mono.empty();
        });
        // Spent tokens are counted here, where every run ends, whether or not a client still follows it.
        Mono<Void> spent = usageRecord.recordTurn(userId, key, ((Number) usage.get("prompt_tokens")).longValue(),
                ((Number) usage.get("completion_tokens")).longValue(), usage.containsKey("estimated"));
        // The answer and the room's release share a transaction, so a client replying the instant it sees end is
        // not refused.
        return refund.then(returned).then(spent).then(chats.endTurn(userId, chatId, runId, toSave).collectList())
                .doOnNext(ignored -> rooms.ended(runId))
                .map(messages -> {
                    ChatMessage reply = hasText && !messages.isEmpty() ? messages.get(messages.size() - 1) : null;
                    if (failure != null) {
                        return errorDraft(failure, reply);
                    }
                    Map<String, Object> result = ordered(
                            "message_id", reply == null ? null : IdKind.MESSAGE.format(reply.id()),
                            "messages", messages.stream().map(RunService::wire).toList(),
                            "next_step", "end",
                            "status", status.wire(),
                            "flows", answer.flows,
                            "nodes", answer.nodes,
                            "usage", usage);
                    // A stopped turn sends no follow-ups: the user asked for the run to stop.
                    if (status != MessageStatus.COMPLETE || answer.followUps.isEmpty()) {
                        return draft(ordered("type", RunEvent.END, "result", result));
                    }
                    answer.followUps.forEach(followUp -> result.put(followUp.type(), "pending"));
                    answer.followUpsAnnounced = true;
                    return new RunWriter.Draft(RunEvent.END_PENDING,
                            json.writeValueAsString(ordered("type", RunEvent.END, "result", result)));
                })
                .onErrorResume(e -> {
                    if (e instanceof RillException rill && rill.type().status() == HttpStatus.NOT_FOUND) {
                        return Mono.just(draft(ordered("type", RunEvent.ERROR, "error", "The chat was deleted",
                                "detail", "The room was deleted while the answer was being written",
                                "problem", ProblemType.NOT_FOUND.uri().toString())));
                    }
                    log.error("Run {} could not save its answer", runId, e);
                    return Mono.just(draft(ordered("type", RunEvent.ERROR,
                            "error", "The answer could not be saved", "detail", "Storage is unavailable; try again",
                            "problem", ProblemType.UNAVAILABLE.uri().toString())));
                });
    }

    private RunWriter.Draft errorDraft(Throwable failure, ChatMessage saved) {
        String detail = failure instanceof RillException rill ? rill.detail() : "An unexpected error occurred";
        if (!(failure instanceof RillException)) {
            log.error("Run failed", failure);
        }
        return draft(ordered("type", RunEvent.ERROR,
                "error", "The answer could not be completed",
                "detail", detail,
                "problem", (failure instanceof RillException rill ? rill.type() : ProblemType.INTERNAL).uri().toString(),
                "message_id", saved == null ? null : IdKind.MESSAGE.format(saved.id())));
    }

    /** As much recent history as fits the budget, oldest first; the newest message always goes. */
    private List<Turn> context(List<ChatMessage> history) {
        List<Turn> turns = new ArrayList<>();
        int budget = properties.contextBudget() * 4;
        for (int i = history.size() - 1; i >= 0; i--) {
            ChatMessage message = history.get(i);
            String text = message.text();
            if (text == null || (message.role() != MessageRole.USER && message.role() != MessageRole.ASSISTANT)) {
                continue;
            }
            if (!turns.isEmpty() && budget - text.length() < 0) {
                break;
            }
            budget -= text.length();
            turns.add(0, message.role() == MessageRole.USER ? Turn.user(text) : Turn.assistant(text));
        }
        return turns;
    }

    private static Map<String, Object> wire(ChatMessage message) {
        return ordered("id", IdKind.MESSAGE.format(message.id()), "role", message.role().wire(),
                "content", message.content(), "status", message.status().wire(),
                "created_at", message.createdAt().toString());
    }

    private RunWriter.Draft draft(Map<String, Object> event) {
        return new RunWriter.Draft((String) event.get("type"), json.writeValueAsString(event));
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** What a run has produced so far. Updated by one subscription, serially. */
    private static final class Answer {
        final StringBuilder text = new StringBuilder();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<FlowEvent.Message> messages = new ArrayList<>();
        final List<String> flows = new ArrayList<>();
        final List<Map<String, Object>> nodes = new ArrayList<>();
        final List<FlowEvent.FollowUp> followUps = new ArrayList<>();
        /** Set when {@code end} listed the follow-ups as pending: only then are they sent. */
        volatile boolean followUpsAnnounced;
        int promptTokens;
        int completionTokens;
        boolean estimated;
        /** Answer text that no usage report covers yet: a call that was stopped or failed reports none. */
        int unreportedChars;
        volatile boolean stopped;
        volatile int contextChars;

        void markStopped() {
            stopped = true;
        }

        RunWriter.Draft record(GraphStep step, RunService run) {
            if (step instanceof GraphStep.NodeFinished finished) {
                Map<String, Object> node = ordered("node", finished.node(), "millis", finished.millis(),
                        "usage", ordered("prompt_tokens", finished.promptTokens(),
                                "completion_tokens", finished.completionTokens()));
                node.putAll(finished.detail());
                nodes.add(node);
                return null;
            }
            GraphStep.Emitted emitted = (GraphStep.Emitted) step;
            if (!GraphService.ROUTER.equals(emitted.node()) && !flows.contains(emitted.node())) {
                flows.add(emitted.node());
            }
            FlowEvent event = emitted.event();
            if (event instanceof FlowEvent.Delta delta) {
                text.append(delta.text());
                unreportedChars += delta.text().length();
            } else if (event instanceof FlowEvent.Usage usage) {
                promptTokens += usage.promptTokens();
                completionTokens += usage.completionTokens();
                estimated |= usage.estimated();
                unreportedChars = 0;
            } else if (event instanceof FlowEvent.Message message) {
                messages.add(message);
            } else if (event instanceof FlowEvent.FollowUp followUp) {
                followUps.add(followUp);
                return null;
            }
            return run.toDraft(emitted);
        }

        /**
         * Tokens of every LLM call of the turn. A stopped or failed call never gets the upstream's usage report,
         * yet its tokens were spent: they are estimated (four characters a token) and flagged, rather than lost.
         */
        Map<String, Object> usage() {
            int prompt = promptTokens;
            int completion = completionTokens;
            boolean guessed = estimated;
            if (unreportedChars > 0 || (promptTokens == 0 && completionTokens == 0)) {
                prompt += contextChars / 4;
                completion += (unreportedChars + 3) / 4;
                guessed = true;
            }
            Map<String, Object> usage = ordered("prompt_tokens", prompt, "completion_tokens", completion);
            if (guessed) {
                usage.put("estimated", true);
            }
            return usage;
        }
    }
}
