package dev.rill.chat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.rill.shared.IdKind;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Entered rooms: their recent history cached in Redis, over real HTTP against the real PostgreSQL and Redis. A
 * small window and a short idle TTL make trimming and expiry observable; the demo model answers turns quickly.
 */
@TestPropertySource(properties = {
        "rill.chat.history-window=4",
        "rill.chat.active-ttl=4s",
        "rill.llm.offline.token-delay=1ms",
        // These tests are about the room cache: every turn goes to plain chat.
        "rill.graph.flows=basic"})
class ActiveRoomsTest extends ChatHttpTest {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    @Autowired
    ActiveRooms activeRooms;

    @Autowired
    MeterRegistry meters;

    @Test
    void enterReturnsTheLatestWindowOldestFirst() {
        Session session = signUp();
        String room = createChat(session, "Window");
        List<String> stored = appendTexts(session, room, 6);

        Map<String, Object> body = enter(session, room);

        assertThat(body).containsEntry("chat_id", room).containsEntry("window", 4);
        assertThat(ids(body, "messages")).containsExactlyElementsOf(stored.subList(2, 6));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> messages = (List<Map<String, Object>>) body.get("messages");
        assertThat(messages.get(0)).containsOnlyKeys("id", "role", "content", "status", "token_count", "run_id",
                "created_at");
        assertThat(messages).extracting(m -> (Object) ((Map<?, ?>) m.get("content")).get("message"))
                .containsExactly("message 2", "message 3", "message 4", "message 5");
        assertThat(cached(session, room)).isTrue();
    }

    @Test
    void aTurnInAnEnteredRoomReadsItsHistoryFromRedisWithoutADatabaseQuery() {
        Session session = signUp();
        String room = createChat(session, "Turn");
        appendTexts(session, room, 2);
        enter(session, room);
        double databaseBefore = reads("database");
        double redisBefore = reads("redis");

        List<Map<String, Object>> events = turn(session, room, "What did I say?");

        assertThat(events).last().extracting(e -> e.get("type")).isEqualTo("end");
        assertThat(reads("database")).as("database history reads during the turn").isEqualTo(databaseBefore);
        assertThat(reads("redis")).as("Redis history reads during the turn").isEqualTo(redisBefore + 1);
    }

    @Test
    void appendedMessagesAppearInTheCachedWindowTrimmedToItsSize() {
        Session session = signUp();
        String room = createChat(session, "Appends");
        List<String> before = appendTexts(session, room, 3);
        enter(session, room);

        turn(session, room, "Hello there");
        double databaseBefore = reads("database");
        List<ChatMessage> window = chats.history(user(session), chat(room)).collectList().block();

        assertThat(reads("database")).isEqualTo(databaseBefore);
        // Three stored, then a user message and an answer: the window of four drops the oldest.
        assertThat(window).hasSize(4);
        assertThat(window.subList(0, 2)).extracting(m -> IdKind.MESSAGE.format(m.id()))
                .containsExactlyElementsOf(before.subList(1, 3));
        assertThat(window.get(2).role()).isEqualTo(MessageRole.USER);
        assertThat(window.get(2).text()).isEqualTo("Hello there");
        assertThat(window.get(3).role()).isEqualTo(MessageRole.ASSISTANT);
        assertThat(window.get(3).status()).isEqualTo(MessageStatus.COMPLETE);
        // The cached copies equal what PostgreSQL holds.
        assertThat(window).isEqualTo(databaseWindow(session, room));
    }

    @Test
    void aWriteCommittedButNeverPushedKeepsTheRoomOnTheDatabaseUntilEnteredAgain() {
        Session session = signUp();
        String room = createChat(session, "Crash");
        appendTexts(session, room, 1);
        enter(session, room);
        // What a kill -9 between the commit and the push leaves behind: an announced write, a row in PostgreSQL,
        // and a window without it.
        assertThat(activeRooms.beginWrite(user(session), chat(room)).block()).isTrue();
        db.sql("INSERT INTO chat_messages (id, chat_id, role, content, status, created_at)"
                        + " VALUES (:id, :chat, 'user', '{\"message\": \"lost?\"}'::jsonb, 'complete', now())")
                .bind("id", IdKind.newUuid()).bind("chat", chat(room)).then().block();

        double databaseBefore = reads("database");
        assertThat(chats.history(user(session), chat(room)).collectList().block())
                .extracting(ChatMessage::text).containsExactly("message 0", "lost?");
        assertThat(reads("database")).isEqualTo(databaseBefore + 1);

        enter(session, room);
        double redisBefore = reads("redis");
        assertThat(chats.history(user(session), chat(room)).collectList().block())
                .extracting(ChatMessage::text).containsExactly("message 0", "lost?");
        assertThat(reads("redis")).isEqualTo(redisBefore + 1);
    }

    @Test
    void anUpdatedMessageIsReplacedInTheCachedWindow() {
        Session session = signUp();
        String room = createChat(session, "Edits");
        appendTexts(session, room, 2);
        enter(session, room);
        ChatMessage second = chats.history(user(session), chat(room)).blockLast();

        chats.updateMessage(user(session), chat(room), second.id(),
                new MessageUpdate(Map.of(NewMessage.TEXT, "edited"), MessageStatus.STOPPED, null)).block();

        double databaseBefore = reads("database");
        List<ChatMessage> window = chats.history(user(session), chat(room)).collectList().block();
        assertThat(reads("database")).isEqualTo(databaseBefore);
        assertThat(window).extracting(ChatMessage::text).containsExactly("message 0", "edited");
        assertThat(window.get(1).status()).isEqualTo(MessageStatus.STOPPED);
        assertThat(window).isEqualTo(databaseWindow(session, room));
    }

    @Test
    void leaveEvictsTheRoomAndItStillReadsFullyFromTheDatabase() {
        Session session = signUp();
        String room = createChat(session, "Leave");
        appendTexts(session, room, 2);
        enter(session, room);
        turn(session, room, "Remember me");

        client.post().uri("/api/chats/{id}/leave", room).header("Authorization", session.bearer())
                .exchange().expectStatus().isNoContent();

        assertThat(cached(session, room)).isFalse();
        double databaseBefore = reads("database");
        List<ChatMessage> history = chats.history(user(session), chat(room)).collectList().block();
        assertThat(reads("database")).isEqualTo(databaseBefore + 1);
        assertThat(history).extracting(ChatMessage::text).startsWith("message 0", "message 1", "Remember me");
        assertThat(history).hasSize(4);
        assertThat(ids(getJson(session, "/api/chats/{id}", room), "messages")).hasSize(4);
    }

    @Test
    void anIdleRoomIsEvictedAfterTheTtl() {
        Session session = signUp();
        String room = createChat(session, "Idle");
        appendTexts(session, room, 1);
        enter(session, room);
        assertThat(cached(session, room)).isTrue();

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> !cached(session, room));
        assertThat(chats.history(user(session), chat(room)).collectList().block()).hasSize(1);
    }

    @Test
    void readingARoomKeepsItActive() {
        Session session = signUp();
        String room = createChat(session, "Busy");
        appendTexts(session, room, 1);
        enter(session, room);

        for (int i = 0; i < 6; i++) {
            sleep(Duration.ofSeconds(1));
            chats.history(user(session), chat(room)).blockLast();
        }

        assertThat(cached(session, room)).as("still cached after 6 s of reads with a 4 s TTL").isTrue();
    }

    @Test
    void deletingTheRoomEvictsIt() {
        Session session = signUp();
        String room = createChat(session, "Doomed");
        appendTexts(session, room, 1);
        enter(session, room);

        client.delete().uri("/api/chats/{id}", room).header("Authorization", session.bearer())
                .exchange().expectStatus().isNoContent();

        assertThat(cached(session, room)).isFalse();
    }

    @Test
    void deletingTheAccountEvictsItsRooms() {
        Session session = signUp();
        String first = createChat(session, "One");
        String second = createChat(session, "Two");
        appendTexts(session, first, 1);
        enter(session, first);
        enter(session, second);

        client.delete().uri("/api/me").header("Authorization", session.bearer())
                .exchange().expectStatus().isNoContent();

        await().atMost(Duration.ofSeconds(5)).until(() -> !cached(session, first) && !cached(session, second));
    }

    @Test
    void someoneElsesRoomIsA404ForEnterAndLeave() {
        Session owner = signUp();
        Session other = signUp();
        String room = createChat(owner, "Private");
        appendTexts(owner, room, 1);

        for (String action : List.of("enter", "leave")) {
            client.post().uri("/api/chats/{id}/{action}", room, action).header("Authorization", other.bearer())
                    .exchange().expectStatus().isNotFound()
                    .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "not-found");
        }
        assertThat(cached(owner, room)).isFalse();
        client.post().uri("/api/chats/{id}/enter", IdKind.CHAT.format(UUID.randomUUID()))
                .header("Authorization", owner.bearer()).exchange().expectStatus().isNotFound();
    }

    @Test
    void anotherUsersReadDoesNotGetAnEnteredRoom() {
        Session owner = signUp();
        Session other = signUp();
        String room = createChat(owner, "Mine");
        appendTexts(owner, room, 1);
        enter(owner, room);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> chats.history(user(other), chat(room)).collectList().block())
                .hasMessageContaining("not found");
    }

    @Test
    void malformedIdIsA400AndNoTokenIsA401() {
        Session session = signUp();
        for (String action : List.of("enter", "leave")) {
            client.post().uri("/api/chats/{id}/{action}", "not-a-chat", action)
                    .header("Authorization", session.bearer())
                    .exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "malformed-id");
            client.post().uri("/api/chats/{id}/{action}", createChat(session, null), action)
                    .exchange().expectStatus().isUnauthorized();
        }
    }

    private Map<String, Object> enter(Session session, String room) {
        return postJson(session, "/api/chats/{id}/enter", room);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> postJson(Session session, String uri, String room) {
        return client.post().uri(uri, room).header("Authorization", session.bearer())
                .exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    private List<String> appendTexts(Session session, String room, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> chats.append(user(session), chat(room), new NewMessage(MessageRole.USER,
                        Map.of(NewMessage.TEXT, "message " + i), MessageStatus.COMPLETE, null, null)).block())
                .map(message -> IdKind.MESSAGE.format(message.id()))
                .toList();
    }

    /** One turn over HTTP, read to its last event: the answer is stored by then. */
    private List<Map<String, Object>> turn(Session session, String room, String text) {
        return client.post().uri("/api/chats/{id}/messages", room).header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Map.of("message", text)))
                .exchange().expectStatus().isOk()
                .returnResult(SSE).getResponseBody()
                .filter(event -> event.data() != null)
                .map(event -> JSON.readValue(event.data(), MAP))
                .collectList().block(Duration.ofSeconds(20));
    }

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper
            .builder().build();
    private static final tools.jackson.core.type.TypeReference<Map<String, Object>> MAP =
            new tools.jackson.core.type.TypeReference<>() {
            };

    private List<ChatMessage> databaseWindow(Session session, String room) {
        return chats.open(user(session), chat(room), Cursor.start(), 4).block().messages().results();
    }

    private boolean cached(Session owner, String room) {
        return activeRooms.isCached(user(owner), chat(room)).block();
    }

    private double reads(String source) {
        return meters.get(ChatService.HISTORY_READS).tag("source", source).counter().count();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
