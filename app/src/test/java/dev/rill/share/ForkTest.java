package dev.rill.share;

import java.time.Duration;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rill.chat.MessageRole;
import dev.rill.shared.IdKind;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static dev.rill.support.Problems.expectProblem;
import static dev.rill.support.Problems.expectUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

/** Forking a shared room copies it into a new room of the caller's, once and for all. */
class ForkTest extends ShareHttpTest {

    @Autowired
    DatabaseClient db;

    @Test
    @SuppressWarnings("unchecked")
    void forkCopiesTheSharedMessagesIntoANewRoomOfTheCallers() {
        Session alice = signUp();
        Session bob = signUp();
        String room = createChat(alice, "Bori's dinner");
        append(alice, room, MessageRole.USER, "What can Bori eat?");
        append(alice, room, MessageRole.TOOL, "internal tool call");
        appendAnswerWithUsage(alice, room, "Chicken and rice.");
        append(alice, room, MessageRole.RECIPE, "A recipe");
        share(alice, room).expectStatus().isOk();

        Map<String, Object> fork = fork(bob, room).expectStatus().isCreated()
                .expectHeader().value("Location", location -> assertThat(location).startsWith("/api/chats/chat-"))
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(fork).containsOnlyKeys("chat_id", "redirect_url");
        String copy = (String) fork.get("chat_id");
        assertThat(copy).isNotEqualTo(room);
        assertThat(fork.get("redirect_url")).isEqualTo("/chats/" + copy);

        Map<String, Object> forked = getOwn(bob, copy);
        assertThat(forked).containsEntry("title", "Bori's dinner").containsEntry("is_shared", false)
                .containsEntry("profile_id", null);
        assertThat(texts(forked)).containsExactly("What can Bori eat?", "Chicken and rice.", "A recipe");
        List<Map<String, Object>> copied = (List<Map<String, Object>>) forked.get("messages");
        assertThat(copied).extracting(m -> m.get("role")).containsExactly("user", "assistant", "recipe");
        assertThat(copied).allSatisfy(m -> assertThat(m).containsEntry("status", "complete")
                .containsEntry("token_count", null).containsEntry("run_id", null));
        List<Object> originalIds = ((List<Map<String, Object>>) getOwn(alice, room).get("messages")).stream()
                .map(m -> m.get("id")).toList();
        assertThat(copied).extracting(m -> m.get("id")).doesNotContainAnyElementsOf(originalIds);

        // The fork is Bob's alone: Alice cannot see it.
        client.get().uri("/api/chats/{id}", copy).header("Authorization", alice.bearer())
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void aRoomLongerThanOneCopyPageIsForkedWholeAndInOrder() {
        Session alice = signUp();
        Session bob = signUp();
        String room = createChat(alice, "Long talk");
        UUID roomId = IdKind.CHAT.parse(room);
        // 1,234 messages, written straight to the table: enough for three of the fork's copy pages.
        db.sql("""
                INSERT INTO chat_messages (id, chat_id, role, content, status, created_at)
                SELECT gen_random_uuid(), :chat, CASE WHEN n % 2 = 0 THEN 'user' ELSE 'assistant' END,
                       jsonb_build_object('message', 'line ' || n), 'complete',
                       now() - interval '1 hour' + n * interval '1 millisecond'
                FROM generate_series(1, 1234) AS n""").bind("chat", roomId).then().block(Duration.ofSeconds(30));
        share(alice, room).expectStatus().isOk();

        String copy = (String) fork(bob, room).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("chat_id");

        List<String> texts = db.sql("SELECT content ->> 'message' AS text FROM chat_messages WHERE chat_id = :chat"
                        + " ORDER BY created_at, id")
                .bind("chat", IdKind.CHAT.parse(copy)).map(row -> row.get("text", String.class)).all()
                .collectList().block(Duration.ofSeconds(30));
        assertThat(texts).hasSize(1234);
        assertThat(texts).first().isEqualTo("line 1");
        assertThat(texts).last().isEqualTo("line 1234");
        assertThat(texts).isEqualTo(java.util.stream.IntStream.rangeClosed(1, 1234).mapToObj(n -> "line " + n)
                .toList());
    }

    @Test
    void laterChangesToTheSharedRoomDoNotReachTheFork() {
        Session alice = signUp();
        Session bob = signUp();
        String room = createChat(alice, "Original");
        append(alice, room, MessageRole.USER, "first");
        share(alice, room).expectStatus().isOk();
        String copy = (String) fork(bob, room).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("chat_id");

        append(alice, room, MessageRole.USER, "added later");
        client.patch().uri("/api/chats/{id}", room).header("Authorization", alice.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "Renamed"))
                .exchange().expectStatus().isOk();
        unshare(alice, room).expectStatus().isNoContent();

        Map<String, Object> forked = getOwn(bob, copy);
        assertThat(forked).containsEntry("title", "Original");
        assertThat(texts(forked)).containsExactly("first");
    }

    @Test
    void ownerMayForkTheirOwnSharedRoomAndAnUntitledRoomIsNamedFromItsFirstMessage() {
        Session alice = signUp();
        String room = (String) client.post().uri("/api/chats").header("Authorization", alice.bearer())
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
        append(alice, room, MessageRole.USER, "Is pumpkin good for cats?");
        share(alice, room).expectStatus().isOk();
        // The append titled the room from that message; a room can still be untitled (e.g. stored before titles
        // were made from messages), and then the fork takes its title from the first user message.
        db.sql("UPDATE chats SET title = NULL WHERE id = :id").bind("id", IdKind.CHAT.parse(room)).then().block();
        String copy = (String) fork(alice, room).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("chat_id");
        assertThat(getOwn(alice, copy)).containsEntry("title", "Is pumpkin good for cats?");
    }

    @Test
    void forkAcceptsAFirstMessageButStoresNothingForIt() {
        Session alice = signUp();
        Session bob = signUp();
        String room = createChat(alice, "Room");
        append(alice, room, MessageRole.USER, "hello");
        share(alice, room).expectStatus().isOk();

        String copy = (String) client.post().uri("/api/shared/{id}/fork", room)
                .header("Authorization", bob.bearer()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("message", "and for my cat?"))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("chat_id");
        assertThat(texts(getOwn(bob, copy))).containsExactly("hello");

        expectProblem(client.post().uri("/api/shared/{id}/fork", room).header("Authorization", bob.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("surprise", 1))
                .exchange(), HttpStatus.BAD_REQUEST, "unknown-field");
    }

    @Test
    void roomThatIsNotSharedCannotBeForked() {
        Session alice = signUp();
        Session bob = signUp();
        String room = createChat(alice, "Private");
        append(alice, room, MessageRole.USER, "secret");

        expectProblem(fork(bob, room), HttpStatus.NOT_FOUND, "not-found");
        share(alice, room).expectStatus().isOk();
        unshare(alice, room).expectStatus().isNoContent();
        expectProblem(fork(bob, room), HttpStatus.NOT_FOUND, "not-found");
        expectProblem(fork(bob, "chat-0190c0de-0000-7000-8000-000000000000"), HttpStatus.NOT_FOUND, "not-found");
    }

    @Test
    void forkNeedsASignedInUser() {
        Session alice = signUp();
        String room = createChat(alice, "Shared");
        share(alice, room).expectStatus().isOk();
        expectUnauthorized(client.post().uri("/api/shared/{id}/fork", room).exchange());
    }
}
