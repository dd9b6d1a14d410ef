package dev.rill.chat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** Another user's room is not found (404, never 403), over HTTP and through ChatService alike. */
class ChatIsolationTest extends ChatHttpTest {

    @Test
    void anotherUsersRoomIsNotFoundForReadRenameAndDelete() {
        Session alice = signUp();
        Session bob = signUp();
        String room = createChat(alice, "Alice's room");

        client.get().uri("/api/chats/" + room).header("Authorization", bob.bearer())
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "not-found");
        client.patch().uri("/api/chats/" + room).header("Authorization", bob.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "Bob was here"))
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "not-found");
        client.delete().uri("/api/chats/" + room).header("Authorization", bob.bearer())
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "not-found");

        assertThat(getJson(alice, "/api/chats/" + room)).containsEntry("title", "Alice's room");
    }

    @Test
    void anotherUsersRoomsAreNotListed() {
        Session alice = signUp();
        Session bob = signUp();
        createChat(alice, "Alice's room");
        String bobs = createChat(bob, "Bob's room");
        assertThat(ids(getJson(bob, "/api/chats"), "results")).containsExactly(bobs);
    }

    @Test
    void serviceRefusesAnotherUsersRoomAndWritesNothing() {
        Session alice = signUp();
        Session bob = signUp();
        UUID room = chat(createChat(alice, "Alice's room"));
        ChatMessage message = chats.append(user(alice), room, NewMessage.text(MessageRole.USER, "hi")).block();
        UUID intruder = user(bob);

        expectNotFound(chats.requireOwned(intruder, room));
        expectNotFound(chats.append(intruder, room, NewMessage.text(MessageRole.USER, "sneaky")).then());
        expectNotFound(chats.history(intruder, room).then());
        expectNotFound(chats.updateMessage(intruder, room, message.id(),
                new MessageUpdate(Map.of("message", "changed"), null, null)));
        expectNotFound(chats.update(intruder, room, "mine now", null));
        expectNotFound(chats.delete(intruder, room));

        assertThat(chats.history(user(alice), room).map(ChatMessage::text).collectList().block())
                .isEqualTo(List.of("hi"));
        assertThat(chats.requireOwned(user(alice), room).block().title()).isEqualTo("Alice's room");
    }

    private static void expectNotFound(Mono<?> call) {
        StepVerifier.create(call)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(RillException.class,
                        problem -> assertThat(problem.type()).isEqualTo(ProblemType.NOT_FOUND)))
                .verify();
    }
}
