package dev.rill.chat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.rill.chat.internal.ChatRepository;
import dev.rill.chat.internal.ChatRow;
import dev.rill.chat.internal.MessageRepository;
import dev.rill.chat.internal.MessageRow;
import dev.rill.shared.IdKind;
import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A user's chat rooms and the messages stored in them.
 *
 * <p>Every method takes the acting user's ID and sees only that user's rooms: a room that does not exist and a
 * room of someone else both fail with the same 404 {@code not-found} problem, so a client cannot learn which IDs
 * exist. Lists are walked from newest to oldest with a {@link Cursor} over {@code (created_at, id)}; a page of
 * messages is returned oldest first, ready to be shown, and its cursor leads to the messages before it.
 *
 * <p>The streaming feature builds on {@link #requireOwned}, {@link #append}, {@link #history} and
 * {@link #updateMessage}.
 *
 * <p>A room can be <em>entered</em> ({@link #enter}): its latest {@link ChatProperties#historyWindow()} messages
 * are then cached in Redis, and {@link #history} reads them from there without a SQL query until the room is
 * left, deleted, or idle for {@link ChatProperties#activeTtl()}. Messages are always written to PostgreSQL first;
 * the cache only ever holds copies (see {@link ActiveRooms}). The counter {@value #HISTORY_READS}, tagged
 * {@code source=redis|database}, counts history reads by where they were served from.
 */
@Service
public class ChatService {

    /**
     * Published after a room and its messages are deleted, so that copies kept outside PostgreSQL (the room
     * cache) can be dropped. Listeners run on the thread that deleted the room, an event loop: they must not block.
     */
    public record ChatDeleted(UUID chatId) {
    }

    /** Another run holds the room: one answer at a time per room. */
    public static final ProblemType RUN_IN_PROGRESS = new ProblemType("run-in-progress",
            "An answer is still being written in this room", HttpStatus.CONFLICT);

    /** Counter of history reads; its tag {@code source} is {@code redis} or {@code database}. */
    public static final String HISTORY_READS = "rill.chat.history.reads";

    /**
     * Roles a shared room shows and a fork copies: what the people and the assistant said. Tool calls and their
     * results are the model's working notes and stay private.
     */
    public static final List<MessageRole> SHAREABLE_ROLES = List.of(MessageRole.USER, MessageRole.ASSISTANT,
            MessageRole.RECIPE, MessageRole.RAG);

    /** Messages a fork copies per statement: enough to make long rooms quick, few enough to keep IDs small. */
    private static final int FORK_PAGE = 500;
    /** Before the oldest message, for a fork's oldest-first copy. */
    private static final Cursor FORK_FROM_FIRST = Cursor.before(Instant.MIN);
    private static final String[] SHAREABLE_WIRE = SHAREABLE_ROLES.stream().map(MessageRole::wire)
            .toArray(String[]::new);

    private final ChatRepository chats;
    private final MessageRepository messages;
    private final R2dbcEntityTemplate template;
    private final ChatProperties properties;
    private final TransactionalOperator transaction;
    private final ApplicationEventPublisher events;
    private final ActiveRooms activeRooms;
    private final RoomProfiles roomProfiles;
    private final RoomKeys roomKeys;
    private final Counter redisReads;
    private final Counter databaseReads;

    ChatService(ChatRepository chats, MessageRepository messages, R2dbcEntityTemplate template,
                ChatProperties properties, ReactiveTransactionManager transactionManager,
                ApplicationEventPublisher events, ActiveRooms activeRooms, RoomProfiles roomProfiles,
                RoomKeys roomKeys, MeterRegistry meters) {
        this.chats = chats;
        this.messages = messages;
        this.template = template;
        this.properties = properties;
        this.transaction = TransactionalOperator.create(transactionManager);
        this.events = events;
        this.activeRooms = activeRooms;
        this.roomProfiles = roomProfiles;
        this.roomKeys = roomKeys;
        this.redisReads = historyReads(meters, "redis");
        this.databaseReads = historyReads(meters, "database");
    }

    private static Counter historyReads(MeterRegistry meters, String source) {
        return Counter.builder(HISTORY_READS).tag("source", source)
                .description("Reads of a room's recent history, by where they were served from")
                .register(meters);
    }

    /**
     * Opens a room. A {@code null} title leaves it untitled until its first user message names it; a given title
     * must follow the title rules (400 {@code validation} on field {@code title} otherwise). A non-null
     * {@code profileId} binds the room to one of the user's profiles and is stored in its canonical form; an ID
     * that is not a profile ID fails with 400 {@code malformed-id}, someone else's or a missing profile with 404.
     */
    public Mono<Chat> create(UUID userId, String title, String profileId) {
        return Mono.defer(() -> {
            String checked = title == null ? null : ChatTitles.validate("title", title, properties.maxTitleLength());
            Mono<Optional<String>> profile = profileId == null ? Mono.just(Optional.empty())
                    : roomProfiles.requireOwned(userId, profileId).map(Optional::of);
            return profile.flatMap(bound -> {
                Instant now = now();
                return template.insert(new ChatRow(IdKind.newUuid(), userId, checked, bound.orElse(null), false,
                        now, now, null));
            });
        }).map(ChatService::toChat);
    }

    /**
     * One page of the user's rooms, newest first. With a non-blank {@code query}, only rooms whose title or any
     * message's text contains it, ignoring case; {@code %} and {@code _} in it match themselves.
     *
     * @param limit rooms per page, 1 to {@link ChatProperties#maxPageSize()}
     * @throws RillException (as an error signal) 400 on field {@code q} when the query is too long
     */
    public Mono<Page<Chat>> list(UUID userId, String query, Cursor cursor, int limit) {
        return Mono.defer(() -> {
            requireLimit(limit, properties.maxPageSize());
            String text = query == null ? "" : query.strip();
            if (text.codePointCount(0, text.length()) > properties.maxQueryLength()) {
                throw RillException.invalid("q", "must be at most " + properties.maxQueryLength() + " characters");
            }
            // PostgreSQL's text cannot hold NUL: the query would fail as a 500 instead of matching nothing.
            if (text.indexOf('\u0000') >= 0) {
                throw RillException.invalid("q", "must not contain NUL characters");
            }
            Flux<ChatRow> rows = text.isEmpty()
                    ? chats.findPage(userId, cursor.createdAt(), cursor.id(), limit + 1)
                    : chats.searchPage(userId, containsPattern(text), cursor.createdAt(), cursor.id(), limit + 1);
            return rows.map(ChatService::toChat).collectList()
                    .map(found -> page(found, limit, chat -> Cursor.after(chat.createdAt(), chat.id())));
        });
    }

    /** The room, if the user owns it; otherwise 404 {@code not-found}. */
    public Mono<Chat> requireOwned(UUID userId, UUID chatId) {
        return chats.findOwned(userId, chatId).map(ChatService::toChat)
                .switchIfEmpty(Mono.error(ChatService::chatNotFound));
    }

    /**
     * The room with the page of messages that ends just before {@code messagesCursor} ({@link Cursor#start()}
     * for the latest messages), oldest first.
     *
     * @param messagesLimit messages per page, 1 to {@link ChatProperties#maxMessagePageSize()}
     */
    public Mono<ChatTranscript> open(UUID userId, UUID chatId, Cursor messagesCursor, int messagesLimit) {
        return Mono.defer(() -> {
            requireLimit(messagesLimit, properties.maxMessagePageSize());
            return requireOwned(userId, chatId).flatMap(chat -> messagePage(chatId, messagesCursor, messagesLimit)
                    .map(page -> new ChatTranscript(chat, page)));
        });
    }

    /**
     * Renames a room and/or chooses the provider key its turns run on when a turn names none.
     *
     * @param title  a new title, or {@code null} to keep it
     * @param keyId  {@code key-…} to bind one of the user's keys (400 on {@code key_id} if it is not theirs), an
     *               empty string to unbind, {@code null} to keep the binding; title and key cannot both be kept
     */
    public Mono<Chat> update(UUID userId, UUID chatId, String title, String keyId) {
        return Mono.defer(() -> {
            if (title == null && keyId == null) {
                throw RillException.invalid("title", "is required unless key_id is given");
            }
            String checked = title == null ? null : ChatTitles.validate("title", title, properties.maxTitleLength());
            UUID key = keyId == null || keyId.isEmpty() ? null : IdKind.KEY.parse(keyId);
            Mono<Void> owned = key == null ? Mono.empty() : roomKeys.requireOwned(userId, key);
            return owned.then(Mono.defer(() -> chats.update(userId, chatId, checked, keyId != null, key, now())));
        }).map(ChatService::toChat).switchIfEmpty(Mono.error(ChatService::chatNotFound));
    }

    /** The key a room's turns run on when they name none: empty when it has none, or is not the user's room. */
    public Mono<UUID> keyOf(UUID userId, UUID chatId) {
        return chats.keyOf(userId, chatId);
    }

    /**
     * Deletes a room and its messages, drops its cached window (if Redis fails, the room is kept off the cache
     * until the key is deleted), then publishes {@link ChatDeleted}.
     */
    public Mono<Void> delete(UUID userId, UUID chatId) {
        return chats.deleteOwned(userId, chatId)
                .switchIfEmpty(Mono.error(ChatService::chatNotFound))
                .flatMap(deleted -> activeRooms.evict(userId, deleted).thenReturn(deleted))
                .doOnNext(deleted -> events.publishEvent(new ChatDeleted(deleted)))
                .then();
    }

    /** Appends one message; see {@link #append(UUID, UUID, List)}. */
    public Mono<ChatMessage> append(UUID userId, UUID chatId, NewMessage message) {
        return append(userId, chatId, List.of(message)).single();
    }

    /**
     * Appends messages to a room in one transaction and returns them as stored, in order, once committed: if one
     * fails, none is stored and none is emitted. They get consecutive
     * timestamps one microsecond apart, so they keep the order given even when read back by time. If the room has
     * no title yet, the text of the first user message among them becomes its title, cut to the maximum length
     * on a word boundary. Marks the room as updated. If the room is entered, the stored messages are pushed into
     * its cached window before they are emitted, so the next {@link #history} read sees them; a Redis failure
     * there does not fail the append (the room is then read from PostgreSQL).
     */
    public Flux<ChatMessage> append(UUID userId, UUID chatId, List<NewMessage> newMessages) {
        return append(userId, chatId, newMessages, (title, now) -> chats.touch(userId, chatId, title, now)
                .switchIfEmpty(Mono.error(ChatService::chatNotFound)));
    }

    /**
     * Starts a turn: claims the room for run {@code runId} for {@code lease} and appends the user's message, in
     * one transaction. Fails with 409 {@code run-in-progress} while another run holds an unexpired claim, and 404
     * if the room is not the user's. The run's owner extends the claim with {@link #renewTurns} while it runs and
     * drops it with {@link #endTurn} or {@link #releaseTurn}.
     */
    public Mono<BegunTurn> beginTurn(UUID userId, UUID chatId, UUID runId, Duration lease, NewMessage message) {
        AtomicReference<ChatRow> room = new AtomicReference<>();
        return append(userId, chatId, List.of(message), (title, now) -> chats.touchClaiming(userId, chatId, title,
                        now, runId, now.plus(lease))
                .switchIfEmpty(Mono.defer(() -> chats.findOwned(userId, chatId)
                        .flatMap(busy -> Mono.<ChatRow>error(new RillException(RUN_IN_PROGRESS,
                                "Wait for the current answer to finish, or cancel it, before sending another message")))
                        .switchIfEmpty(Mono.error(ChatService::chatNotFound))))
                .doOnNext(room::set))
                .single()
                .map(stored -> new BegunTurn(toChat(room.get()), stored));
    }

    /**
     * {@link #beginTurn} in a room created for this message, with the ID {@code chatId} the caller made for it
     * (with {@link IdKind#newUuid()}): the room (titled from the message, and claimed) and the message are inserted
     * in one transaction, so a failure leaves no empty room behind.
     */
    public Mono<BegunTurn> beginTurnInNewRoom(UUID userId, UUID chatId, UUID runId, Duration lease,
                                              NewMessage message) {
        AtomicReference<ChatRow> room = new AtomicReference<>();
        return append(userId, chatId, List.of(message), (title, now) -> chats.insertClaimed(chatId, userId, title,
                        now, runId, now.plus(lease)).doOnNext(room::set), false)
                .single()
                .map(stored -> new BegunTurn(toChat(room.get()), stored));
    }

    /**
     * The room's latest {@link ChatProperties#historyWindow()} messages, oldest first, for a turn that
     * {@link #beginTurn} has just begun: the ownership check it made is not repeated, and a room created for the turn
     * is not read back at all.
     */
    public Flux<ChatMessage> history(BegunTurn turn, boolean newRoom) {
        if (newRoom) {
            return Flux.just(turn.userMessage());
        }
        UUID chatId = turn.chat().id();
        int window = properties.historyWindow();
        return activeRooms.cached(turn.chat().userId(), chatId, window)
                .doOnNext(cached -> redisReads.increment())
                .flatMapMany(Flux::fromIterable)
                .switchIfEmpty(recentFromDatabase(chatId, window));
    }

    /** A turn that has begun: its room, as the claim left it, and the user's message as stored. */
    public record BegunTurn(Chat chat, ChatMessage userMessage) {
    }

    /**
     * Ends a turn: appends what the run produced (possibly nothing) and drops its claim on the room, in one
     * transaction, so that the room is free the moment the answer is stored.
     */
    public Flux<ChatMessage> endTurn(UUID userId, UUID chatId, UUID runId, List<NewMessage> newMessages) {
        if (newMessages.isEmpty()) {
            return releaseTurn(chatId, runId).thenMany(Flux.empty());
        }
        return append(userId, chatId, newMessages, (title, now) -> chats.touchReleasing(userId, chatId, title, now,
                        runId)
                .switchIfEmpty(Mono.error(ChatService::chatNotFound)));
    }

    /** Drops run {@code runId}'s claim on the room without storing anything; does nothing if it holds none. */
    public Mono<Void> releaseTurn(UUID chatId, UUID runId) {
        return chats.release(chatId, runId).then();
    }

    /** A run whose claim on its room lapsed: its owner stopped renewing it, most likely because it died. */
    public record LapsedTurn(UUID chatId, UUID userId, UUID runId) {
    }

    /**
     * Takes up to {@code limit} claims that lapsed more than {@code grace} ago, dropping them, so that whoever gets
     * a lapsed turn here is the only one that does (across instances), and can close it.
     */
    public Flux<LapsedTurn> takeLapsedTurns(Duration grace, int limit) {
        return Flux.defer(() -> chats.takeLapsed(now().minus(grace), limit))
                .map(row -> new LapsedTurn(row.chatId(), row.userId(), row.runId()));
    }

    /** Extends the claims of these runs by {@code lease} from now, in one statement. */
    public Mono<Void> renewTurns(Collection<UUID> runIds, Duration lease) {
        if (runIds.isEmpty()) {
            return Mono.empty();
        }
        return Mono.defer(() -> chats.renew(runIds.toArray(UUID[]::new), now().plus(lease))).then();
    }

    private Flux<ChatMessage> append(UUID userId, UUID chatId, List<NewMessage> newMessages,
                                     BiFunction<String, Instant, Mono<ChatRow>> touch) {
        return append(userId, chatId, newMessages, touch, true);
    }

    /** {@code mayBeCached} is false for a room created in the same transaction: no copy of it can exist yet. */
    private Flux<ChatMessage> append(UUID userId, UUID chatId, List<NewMessage> newMessages,
                                     BiFunction<String, Instant, Mono<ChatRow>> touch, boolean mayBeCached) {
        return Flux.defer(() -> {
            if (newMessages.isEmpty()) {
                return Flux.error(new IllegalArgumentException("Nothing to append"));
            }
            Instant now = now();
            List<MessageRow> rows = new ArrayList<>(newMessages.size());
            for (int i = 0; i < newMessages.size(); i++) {
                NewMessage message = newMessages.get(i);
                rows.add(new MessageRow(IdKind.newUuid(), chatId, message.role().wire(),
                        StoredJson.write(message.content()), message.status().wire(),
                        StoredJson.write(message.tokenCount()), message.runId(), now.plus(i, ChronoUnit.MICROS)));
            }
            String title = newMessages.stream()
                    .filter(message -> message.role() == MessageRole.USER)
                    .map(message -> message.content().get(NewMessage.TEXT) instanceof String text
                            ? ChatTitles.fromText(text, properties.maxTitleLength()) : null)
                    .filter(Objects::nonNull)
                    .findFirst().orElse(null);
            return touch.apply(title, now)
                    // Announced once the room is known to be the user's, before the commit: see beginWrite.
                    .then(mayBeCached ? activeRooms.beginWrite(userId, chatId) : Mono.just(false))
                    .flatMap(announced -> Flux.fromIterable(rows).concatMap(row -> messages.insert(row.id(),
                                    row.chatId(), row.role(), row.content(), row.status(), row.tokenCount(),
                                    row.runId(), row.createdAt()))
                            .then(Mono.just(announced)))
                    .as(transaction::transactional)
                    // Emitted only after the commit, so no caller shows a message that is then rolled back.
                    .flatMapMany(announced -> {
                        List<ChatMessage> stored = rows.stream().map(ChatService::toMessage).toList();
                        return !mayBeCached ? Flux.fromIterable(stored)
                                : activeRooms.appended(userId, chatId, stored, announced)
                                        .thenMany(Flux.fromIterable(stored));
                    });
        });
    }

    /** The room's latest {@link ChatProperties#historyWindow()} messages, oldest first: a run's context. */
    public Flux<ChatMessage> history(UUID userId, UUID chatId) {
        return history(userId, chatId, properties.historyWindow());
    }

    /**
     * The room's latest {@code window} messages, oldest first. For an entered room and a window no larger than
     * {@link ChatProperties#historyWindow()} they come from Redis, with no SQL query at all (the cached window
     * names its owner); otherwise, or when Redis fails, from PostgreSQL. 404 if the room is not the user's.
     */
    public Flux<ChatMessage> history(UUID userId, UUID chatId, int window) {
        return Flux.defer(() -> {
            if (window < 1) {
                return Flux.error(new IllegalArgumentException("window must be positive, was " + window));
            }
            return activeRooms.cached(userId, chatId, window)
                    .doOnNext(cached -> redisReads.increment())
                    .flatMapMany(Flux::fromIterable)
                    .switchIfEmpty(requireOwned(userId, chatId).thenMany(recentFromDatabase(chatId, window)));
        });
    }

    /**
     * Enters a room: caches its latest {@link ChatProperties#historyWindow()} messages in Redis, read from
     * PostgreSQL, and returns them oldest first. Entering again reloads the window. If Redis fails the window is
     * still returned, and the room is simply read from PostgreSQL. 404 if the room is not the user's.
     */
    public Flux<ChatMessage> enter(UUID userId, UUID chatId) {
        return requireOwned(userId, chatId).thenMany(Flux.defer(() -> activeRooms.load(userId, chatId,
                recentFromDatabase(chatId, properties.historyWindow()))));
    }

    /**
     * Leaves a room: drops its cached window from Redis. Nothing needs writing back, because every message was
     * committed to PostgreSQL when it was appended. If Redis fails, this instance reads the room from PostgreSQL
     * and keeps deleting the key until Redis answers. 404 if the room is not the user's.
     */
    public Mono<Void> leave(UUID userId, UUID chatId) {
        return requireOwned(userId, chatId).then(activeRooms.evict(userId, chatId));
    }

    private Flux<ChatMessage> recentFromDatabase(UUID chatId, int window) {
        return Flux.defer(() -> {
            databaseReads.increment();
            return messages.findRecent(chatId, window).map(ChatService::toMessage);
        });
    }

    /**
     * Changes a stored message, e.g. to finalise a streamed answer: the non-null fields of {@code update}
     * replace the stored ones. Fails with 404 if the message is not in that room or the room is not the user's.
     * An entered room's cached copy of the message is replaced as well.
     */
    public Mono<ChatMessage> updateMessage(UUID userId, UUID chatId, UUID messageId, MessageUpdate update) {
        // Announced before the update commits (see ActiveRooms.beginWrite), and only for the owner, so no one
        // else can make an active room's window miss.
        return requireOwned(userId, chatId)
                .then(activeRooms.beginWrite(userId, chatId))
                .flatMap(announced -> messages.update(userId, chatId, messageId, StoredJson.write(update.content()),
                                update.status() == null ? null : update.status().wire(),
                                StoredJson.write(update.tokenCount()))
                        .map(ChatService::toMessage)
                        .flatMap(updated -> activeRooms.updated(userId, updated, announced).thenReturn(updated))
                        // Nothing was written, so the announcement can be withdrawn safely.
                        .switchIfEmpty(activeRooms.endWrite(userId, chatId, announced)
                                .then(Mono.error(() -> RillException.notFound("The message")))));
    }

    /**
     * Shares ({@code true}) or unshares a room of the user's; doing either twice changes nothing more. 404 if the
     * room is not the user's.
     */
    public Mono<Chat> setShared(UUID userId, UUID chatId, boolean shared) {
        return chats.setShared(userId, chatId, shared).map(ChatService::toChat)
                .switchIfEmpty(Mono.error(ChatService::chatNotFound));
    }

    /**
     * A shared room, read by anyone: the room and a page of its {@link #SHAREABLE_ROLES shareable} messages that
     * are no longer being written, like {@link #open}. 404 {@code not-found} if the room does not exist or is not
     * shared. The returned {@link Chat} still names its owner: callers must not show it.
     */
    public Mono<ChatTranscript> readShared(UUID chatId, Cursor messagesCursor, int messagesLimit) {
        return Mono.defer(() -> {
            requireLimit(messagesLimit, properties.maxMessagePageSize());
            return chats.findShared(chatId).switchIfEmpty(Mono.error(ChatService::chatNotFound))
                    .flatMap(room -> messages.findSharedPage(chatId, SHAREABLE_WIRE, messagesCursor.createdAt(),
                                    messagesCursor.id(), messagesLimit + 1)
                            .map(ChatService::toMessage).collectList()
                            .map(newestFirst -> {
                                Page<ChatMessage> page = page(newestFirst, messagesLimit,
                                        message -> Cursor.after(message.createdAt(), message.id()));
                                List<ChatMessage> chronological = new ArrayList<>(page.results());
                                Collections.reverse(chronological);
                                return new ChatTranscript(toChat(room), new Page<>(chronological, page.next()));
                            }));
        });
    }

    /**
     * Copies a shared room into a new, unshared room of the user's, in one transaction: the messages
     * {@link #readShared} shows, in order, with new IDs, as complete, without token counts or run IDs (those
     * belong to the original's runs), one microsecond apart from now. The title is the original's, or else taken
     * from its first user message; the original's profile is not carried over (it is its owner's). The copy is
     * independent: later changes to the original do not reach it. 404 if the room is not shared.
     */
    public Mono<Chat> fork(UUID userId, UUID sharedChatId) {
        return Mono.defer(() -> {
            UUID forkId = IdKind.newUuid();
            Instant now = now();
            return chats.findShared(sharedChatId).switchIfEmpty(Mono.error(ChatService::chatNotFound))
                    .flatMap(source -> forkTitle(source)
                            .flatMap(title -> template.insert(new ChatRow(forkId, userId, title.orElse(null), null,
                                    false, now, now, null)))
                            .flatMap(room -> copyShared(sharedChatId, forkId, now, FORK_FROM_FIRST, 0)
                                    .thenReturn(room)))
                    .as(transaction::transactional)
                    .map(ChatService::toChat);
        });
    }

    /** Copies the shared room's messages after {@code after} into the fork, a page at a time, then the rest. */
    private Mono<Void> copyShared(UUID sharedChatId, UUID forkId, Instant start, Cursor after, long copied) {
        return messages.findSharedRefs(sharedChatId, SHAREABLE_WIRE, after.createdAt(), after.id(), FORK_PAGE)
                .collectList()
                .flatMap(page -> {
                    if (page.isEmpty()) {
                        return Mono.empty();
                    }
                    UUID[] ids = new UUID[page.size()];
                    UUID[] sourceIds = new UUID[page.size()];
                    for (int i = 0; i < page.size(); i++) {
                        ids[i] = IdKind.newUuid();
                        sourceIds[i] = page.get(i).id();
                    }
                    MessageRow last = page.get(page.size() - 1);
                    return messages.copyInto(forkId, sharedChatId, ids, sourceIds, start.plus(copied, ChronoUnit.MICROS))
                            .then(page.size() < FORK_PAGE ? Mono.empty() : copyShared(sharedChatId, forkId, start,
                                    Cursor.after(last.createdAt(), last.id()), copied + page.size()));
                });
    }

    private Mono<Optional<String>> forkTitle(ChatRow source) {
        if (source.title() != null) {
            return Mono.just(Optional.of(source.title()));
        }
        return messages.findFirstSharedUserMessage(source.id())
                .mapNotNull(row -> toMessage(row).text())
                .mapNotNull(text -> ChatTitles.fromText(text, properties.maxTitleLength()))
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    private Mono<Page<ChatMessage>> messagePage(UUID chatId, Cursor before, int limit) {
        return messages.findPage(chatId, before.createdAt(), before.id(), limit + 1)
                .map(ChatService::toMessage).collectList()
                .map(newestFirst -> {
                    Page<ChatMessage> page = page(newestFirst, limit,
                            message -> Cursor.after(message.createdAt(), message.id()));
                    List<ChatMessage> chronological = new ArrayList<>(page.results());
                    Collections.reverse(chronological);
                    return new Page<>(chronological, page.next());
                });
    }

    /** {@code found} holds up to {@code limit + 1} items: the extra one only says that another page exists. */
    private static <T> Page<T> page(List<T> found, int limit, Function<T, Cursor> positionOf) {
        if (found.size() <= limit) {
            return new Page<>(found, null);
        }
        List<T> results = found.subList(0, limit);
        return new Page<>(results, positionOf.apply(results.get(limit - 1)));
    }

    /** Clients' limits are checked by the web layer, with the parameter's name; this guards other callers. */
    private static void requireLimit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw new IllegalArgumentException("limit must be from 1 to " + max + ", was " + limit);
        }
    }

    private static String containsPattern(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static Instant now() {
        // PostgreSQL keeps microseconds; a finer Instant would not survive a round trip through a cursor.
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static RillException chatNotFound() {
        return RillException.notFound("The chat");
    }

    private static Chat toChat(ChatRow row) {
        return new Chat(row.id(), row.userId(), row.title(), row.profileId(), row.shared(), row.createdAt(),
                row.updatedAt(), row.keyId());
    }

    private static ChatMessage toMessage(MessageRow row) {
        return new ChatMessage(row.id(), row.chatId(), MessageRole.fromWire(row.role()),
                StoredJson.read(row.content()), MessageStatus.fromWire(row.status()),
                StoredJson.read(row.tokenCount()), row.runId(), row.createdAt());
    }
}
