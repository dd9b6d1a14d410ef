package dev.rill.chat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** Opening, reading, listing, renaming and deleting rooms over HTTP, and what each refuses. */
class ChatRoomsTest extends ChatHttpTest {

    @Test
    void createdRoomHasLocationAndFullShape() {
        Session alice = signUp();
        String profile = createPet(alice);
        Map<String, Object> created = client.post().uri("/api/chats").header("Authorization", alice.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "  Dinner ideas ", "profile_id", profile))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/chats/chat-[0-9a-f-]{36}")
                .expectBody(Map.class).returnResult().getResponseBody();

        assertThat((String) created.get("id")).startsWith("chat-");
        assertThat(created).containsEntry("title", "Dinner ideas").containsEntry("profile_id", profile)
                .containsEntry("is_shared", false).containsKeys("created_at", "updated_at");
        assertThat(Instant.parse((String) created.get("created_at"))).isBeforeOrEqualTo(Instant.now());

        Map<String, Object> room = getJson(alice, "/api/chats/" + created.get("id"));
        assertThat(room).containsEntry("id", created.get("id")).containsEntry("title", "Dinner ideas")
                .containsEntry("messages", List.of()).containsEntry("messages_has_next", false)
                .containsEntry("messages_next_cursor", null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void roomWithoutAnyBodyIsUntitled() {
        Session alice = signUp();
        Map<String, Object> created = client.post().uri("/api/chats").header("Authorization", alice.bearer())
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(created).containsEntry("title", null).containsEntry("profile_id", null);
    }

    @Test
    void roomFromAnEmptyObjectIsUntitled() {
        Session alice = signUp();
        String id = createChat(alice, null);
        assertThat(getJson(alice, "/api/chats/" + id)).containsEntry("title", null);
    }

    @Test
    void listShowsTheCallersRoomsNewestFirst() {
        Session alice = signUp();
        String first = createChat(alice, "first");
        String second = createChat(alice, "second");
        String third = createChat(alice, "third");

        Map<String, Object> list = getJson(alice, "/api/chats");
        assertThat(ids(list, "results")).containsExactly(third, second, first);
        assertThat(list).containsEntry("has_next", false).containsEntry("next_cursor", null);
    }

    @Test
    void renameChangesTheTitleAndTheUpdateTime() {
        Session alice = signUp();
        String id = createChat(alice, "Old name");
        Map<String, Object> before = getJson(alice, "/api/chats/" + id);

        client.patch().uri("/api/chats/" + id).header("Authorization", alice.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", " 강아지 사료 고민 "))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo(id).jsonPath("$.title").isEqualTo("강아지 사료 고민");

        Map<String, Object> after = getJson(alice, "/api/chats/" + id);
        assertThat(after).containsEntry("title", "강아지 사료 고민").containsEntry("created_at", before.get("created_at"));
        assertThat(Instant.parse((String) after.get("updated_at")))
                .isAfter(Instant.parse((String) before.get("updated_at")));
    }

    @Test
    void deleteRemovesTheRoomOnce() {
        Session alice = signUp();
        String id = createChat(alice, "Doomed");

        client.delete().uri("/api/chats/" + id).header("Authorization", alice.bearer())
                .exchange().expectStatus().isNoContent();

        client.get().uri("/api/chats/" + id).header("Authorization", alice.bearer())
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "not-found");
        client.delete().uri("/api/chats/" + id).header("Authorization", alice.bearer())
                .exchange().expectStatus().isNotFound();
        assertThat(ids(getJson(alice, "/api/chats"), "results")).doesNotContain(id);
    }

    @Test
    void unknownFieldInCreateIsRefusedAndNamed() {
        Session alice = signUp();
        client.post().uri("/api/chats").header("Authorization", alice.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "x", "colour", "red"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "unknown-field")
                .jsonPath("$.errors[0].field").isEqualTo("colour");
        assertThat(ids(getJson(alice, "/api/chats"), "results")).isEmpty();
    }

    @Test
    void tooLongTitleIsRefusedOnCreateAndRename() {
        Session alice = signUp();
        client.post().uri("/api/chats").header("Authorization", alice.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "a".repeat(101)))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "validation")
                .jsonPath("$.errors[0].field").isEqualTo("title");

        String id = createChat(alice, "b".repeat(100));
        client.patch().uri("/api/chats/" + id).header("Authorization", alice.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "가".repeat(101)))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("title");
        assertThat(getJson(alice, "/api/chats/" + id)).containsEntry("title", "b".repeat(100));
    }

    @Test
    void blankMultiLineOrMissingTitleIsRefusedOnRename() {
        Session alice = signUp();
        String id = createChat(alice, "Keep me");
        Map<String, Object> missing = new HashMap<>();
        missing.put("title", null);
        for (Map<String, Object> body : List.of(Map.<String, Object>of("title", "   "),
                Map.<String, Object>of("title", "two\nlines"), Map.<String, Object>of("title", "bell\u0007"),
                missing, Map.<String, Object>of())) {
            client.patch().uri("/api/chats/" + id).header("Authorization", alice.bearer())
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "validation")
                    .jsonPath("$.errors[0].field").isEqualTo("title");
        }
        assertThat(getJson(alice, "/api/chats/" + id)).containsEntry("title", "Keep me");
    }

    @Test
    void blankTitleOrOddProfileIdIsRefusedOnCreate() {
        Session alice = signUp();
        client.post().uri("/api/chats").header("Authorization", alice.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", " "))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("title");
        client.post().uri("/api/chats").header("Authorization", alice.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("profile_id", "has spaces"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("profile_id");
    }

    @Test
    void createWithATextBodyIsRefusedAs415() {
        Session alice = signUp();
        client.post().uri("/api/chats").header("Authorization", alice.bearer())
                .contentType(MediaType.TEXT_PLAIN).bodyValue("title=x")
                .exchange().expectStatus().isEqualTo(415);
    }

    @Test
    void malformedChatIdIsA400ForEveryRoomRoute() {
        Session alice = signUp();
        for (String bad : List.of("not-an-id", "chat-123", "msg-" + UUID.randomUUID(), UUID.randomUUID().toString())) {
            client.get().uri("/api/chats/" + bad).header("Authorization", alice.bearer())
                    .exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "malformed-id");
            client.patch().uri("/api/chats/" + bad).header("Authorization", alice.bearer())
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "x"))
                    .exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "malformed-id");
            client.delete().uri("/api/chats/" + bad).header("Authorization", alice.bearer())
                    .exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "malformed-id");
        }
    }

    @Test
    void wellFormedButUnknownChatIdIsA404() {
        Session alice = signUp();
        client.get().uri("/api/chats/chat-" + UUID.randomUUID()).header("Authorization", alice.bearer())
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "not-found");
    }

    @Test
    void everyRouteNeedsASignedInUser() {
        client.get().uri("/api/chats").exchange().expectStatus().isUnauthorized();
        client.post().uri("/api/chats").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of())
                .exchange().expectStatus().isUnauthorized();
        client.get().uri("/api/chats/chat-" + UUID.randomUUID()).exchange().expectStatus().isUnauthorized();
    }
}
