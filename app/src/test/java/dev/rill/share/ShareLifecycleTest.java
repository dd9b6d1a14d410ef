package dev.rill.share;

import java.util.List;
import java.util.Map;

import dev.rill.chat.MessageRole;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static dev.rill.support.Problems.expectProblem;
import static dev.rill.support.Problems.expectUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

/** Sharing and unsharing a room, and what anyone can read while it is shared. */
class ShareLifecycleTest extends ShareHttpTest {

    @Test
    void sharedRoomIsReadableWithoutSigningInUntilItIsUnshared() {
        Session alice = signUp();
        String room = createChat(alice, "Bori's dinner");
        append(alice, room, MessageRole.USER, "What can Bori eat?");
        append(alice, room, MessageRole.ASSISTANT, "Chicken and rice.");

        expectProblem(readPublic(room), HttpStatus.NOT_FOUND, "not-found");

        Map<String, Object> shared = share(alice, room).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(shared).containsEntry("chat_id", room).containsEntry("shared", true)
                .containsEntry("public_url", "/api/shared/" + room);
        assertThat(getOwn(alice, room)).containsEntry("is_shared", true);

        Map<String, Object> view = readPublicOk("/api/shared/{id}", room);
        assertThat(view).containsEntry("chat_id", room).containsEntry("title", "Bori's dinner")
                .containsKeys("created_at", "updated_at");
        assertThat(texts(view)).containsExactly("What can Bori eat?", "Chicken and rice.");

        unshare(alice, room).expectStatus().isNoContent();
        expectProblem(readPublic(room), HttpStatus.NOT_FOUND, "not-found");
        assertThat(getOwn(alice, room)).containsEntry("is_shared", false);
    }

    @Test
    void sharingAndUnsharingTwiceAnswerTheSame() {
        Session alice = signUp();
        String room = createChat(alice, "Twice");
        Map<?, ?> first = share(alice, room).expectStatus().isOk().expectBody(Map.class).returnResult()
                .getResponseBody();
        Map<?, ?> second = share(alice, room).expectStatus().isOk().expectBody(Map.class).returnResult()
                .getResponseBody();
        assertThat(second).isEqualTo(first);
        readPublic(room).expectStatus().isOk();

        unshare(alice, room).expectStatus().isNoContent();
        unshare(alice, room).expectStatus().isNoContent();
        readPublic(room).expectStatus().isNotFound();
    }

    @Test
    @SuppressWarnings("unchecked")
    void publicViewHoldsNoOwnerProfileRunUsageOrToolMessages() {
        Session alice = signUp();
        String pet = (String) client.post().uri("/api/profiles").header("Authorization", alice.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Bori", "species", "dog", "weight_kg", 10, "age_years", 3))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
        String room = (String) client.post().uri("/api/chats").header("Authorization", alice.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "Bori", "profile_id", pet))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
        append(alice, room, MessageRole.USER, "Plan a meal");
        append(alice, room, MessageRole.TOOL, "internal tool call");
        append(alice, room, MessageRole.TOOL_RESULT, "internal tool result");
        appendAnswerWithUsage(alice, room, "Here is a meal");
        share(alice, room).expectStatus().isOk();

        String raw = new String(client.get().uri("/api/shared/{id}", room).header("X-Forwarded-For", "203.0.113.9")
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(raw).doesNotContain(alice.userId(), alice.email(), pet, "Tester", "run-", "prompt_tokens",
                "internal tool");

        Map<String, Object> view = readPublicOk("/api/shared/{id}", room);
        assertThat(view).doesNotContainKeys("user_id", "user", "profile_id", "is_shared", "id");
        assertThat(texts(view)).containsExactly("Plan a meal", "Here is a meal");
        for (Map<String, Object> message : (List<Map<String, Object>>) view.get("messages")) {
            assertThat(message).containsOnlyKeys("id", "role", "content", "created_at");
        }
    }

    @Test
    void someoneElseCannotShareOrUnshareYourRoom() {
        Session alice = signUp();
        Session bob = signUp();
        String room = createChat(alice, "Alice's");

        expectProblem(share(bob, room), HttpStatus.NOT_FOUND, "not-found");
        readPublic(room).expectStatus().isNotFound();

        share(alice, room).expectStatus().isOk();
        expectProblem(unshare(bob, room), HttpStatus.NOT_FOUND, "not-found");
        readPublic(room).expectStatus().isOk();
    }

    @Test
    void sharingNeedsASignedInUser() {
        Session alice = signUp();
        String room = createChat(alice, "Mine");
        expectUnauthorized(client.post().uri("/api/chats/{id}/share", room).exchange());
        expectUnauthorized(client.delete().uri("/api/chats/{id}/share", room).exchange());
    }

    @Test
    void malformedIdsAreBadRequests() {
        Session alice = signUp();
        expectProblem(share(alice, "chat-123"), HttpStatus.BAD_REQUEST, "malformed-id");
        expectProblem(unshare(alice, "msg-0190c0de-0000-7000-8000-000000000000"), HttpStatus.BAD_REQUEST,
                "malformed-id");
        expectProblem(readPublic("not-an-id"), HttpStatus.BAD_REQUEST, "malformed-id");
        expectProblem(fork(alice, "chat-zzz"), HttpStatus.BAD_REQUEST, "malformed-id");
    }

    @Test
    void longSharedRoomsArePagedLikeOwnRooms() {
        Session alice = signUp();
        String room = createChat(alice, "Long");
        append(alice, room, MessageRole.USER, "one", "two", "three", "four", "five");
        share(alice, room).expectStatus().isOk();

        Map<String, Object> latest = readPublicOk("/api/shared/{id}?messages_limit=2", room);
        assertThat(texts(latest)).containsExactly("four", "five");
        assertThat(latest).containsEntry("messages_has_next", true);
        Map<String, Object> older = readPublicOk("/api/shared/{id}?messages_limit=2&messages_cursor={c}", room,
                latest.get("messages_next_cursor"));
        assertThat(texts(older)).containsExactly("two", "three");
        Map<String, Object> oldest = readPublicOk("/api/shared/{id}?messages_limit=2&messages_cursor={c}", room,
                older.get("messages_next_cursor"));
        assertThat(texts(oldest)).containsExactly("one");
        assertThat(oldest).containsEntry("messages_has_next", false).containsEntry("messages_next_cursor", null);

        expectProblem(client.get().uri("/api/shared/{id}?messages_limit=0", room).exchange(),
                HttpStatus.BAD_REQUEST, "validation");
    }
}
