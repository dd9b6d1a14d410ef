package dev.rill.chat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import dev.rill.shared.IdKind;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.dao.DataAccessException;

import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** ChatService as the streaming feature will use it: appends, titles, the history window, updates, deletion. */
class ChatMessageStoreTest extends ChatHttpTest {

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void severalMessagesAreStoredInOneCallInTheGivenOrder() {
        Session alice = signUp();
        UUID room = chat(createChat(alice, "Room"));
        UUID run = IdKind.newUuid();
        NewMessage question = NewMessage.text(MessageRole.USER, "Is rice OK?");
        NewMessage toolCall = new NewMessage(MessageRole.TOOL, Map.of("name", "nutrition", "arguments",
                Map.of("food", "rice")), MessageStatus.COMPLETE, null, run);
        NewMessage answer = new NewMessage(MessageRole.ASSISTANT, Map.of("message", "Yes, plain rice is fine."),
                MessageStatus.COMPLETE, Map.of("prompt_tokens", 12, "completion_tokens", 7), run);

        List<ChatMessage> stored = chats.append(user(alice), room, List.of(question, toolCall, answer))
                .collectList().block();

        assertThat(stored).extracting(ChatMessage::role)
                .containsExactly(MessageRole.USER, MessageRole.TOOL, MessageRole.ASSISTANT);
        assertThat(stored.get(0).createdAt()).isBefore(stored.get(1).createdAt());
        assertThat(stored.get(1).createdAt()).isBefore(stored.get(2).createdAt());
        assertThat(chats.history(user(alice), room).collectList().block()).containsExactlyElementsOf(stored);

        Map<String, Object> body = getJson(alice, "/api/chats/" + IdKind.CHAT.format(room));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> messages = (List<Map<String, Object>>) body.get("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0)).containsEntry("id", IdKind.MESSAGE.format(stored.get(0).id()))
                .containsEntry("role", "user").containsEntry("content", Map.of("message", "Is rice OK?"))
                .containsEntry("status", "complete").containsEntry("token_count", null).containsEntry("run_id", null);
        assertThat(messages.get(1)).containsEntry("role", "tool")
                .containsEntry("content", Map.of("name", "nutrition", "arguments", Map.of("food", "rice")));
        assertThat(messages.get(2)).containsEntry("role", "assistant")
                .containsEntry("token_count", Map.of("prompt_tokens", 12, "completion_tokens", 7))
                .containsEntry("run_id", IdKind.RUN.format(run));
    }

    @Test
    void appendIsAllOrNothing() {
        Session alice = signUp();
        UUID room = chat(createChat(alice, null));
        // A number PostgreSQL's numeric cannot hold: the second insert fails after the first succeeded.
        NewMessage refused = new NewMessage(MessageRole.ASSISTANT, Map.of("message", "x",
                "score", new BigDecimal("1e1000000")), MessageStatus.COMPLETE, null, null);

        StepVerifier.create(chats.append(user(alice), room,
                        List.of(NewMessage.text(MessageRole.USER, "Hello there"), refused)))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(DataAccessException.class);
                    assertThat(e.getCause()).hasMessageContaining("overflows numeric");
                })
                .verify();

        assertThat(count("SELECT count(*) FROM chat_messages WHERE chat_id = :p", room)).isZero();
        assertThat(chats.requireOwned(user(alice), room).block().title()).isNull();
    }

    @Test
    void firstUserMessageTitlesAnUntitledRoomAndLaterOnesDoNot() {
        Session alice = signUp();
        String room = createChat(alice, null);
        chats.append(user(alice), chat(room), List.of(
                NewMessage.text(MessageRole.ASSISTANT, "Hi! How can I help?"),
                NewMessage.text(MessageRole.USER, "How much pumpkin\ncan my dog eat per day?"))).blockLast();
        chats.append(user(alice), chat(room), NewMessage.text(MessageRole.USER, "And carrots?")).block();

        assertThat(getJson(alice, "/api/chats/" + room))
                .containsEntry("title", "How much pumpkin can my dog eat per day?");
    }

    @Test
    void roomWithATitleKeepsIt() {
        Session alice = signUp();
        String room = createChat(alice, "My own title");
        chats.append(user(alice), chat(room), NewMessage.text(MessageRole.USER, "Something else")).block();
        assertThat(getJson(alice, "/api/chats/" + room)).containsEntry("title", "My own title");
    }

    @Test
    void longFirstMessageIsCutOnAWordBoundary() {
        Session alice = signUp();
        String room = createChat(alice, null);
        String text = String.join(" ", IntStream.range(0, 60).mapToObj(i -> "word" + i).toList());
        chats.append(user(alice), chat(room), NewMessage.text(MessageRole.USER, text)).block();

        String title = (String) getJson(alice, "/api/chats/" + room).get("title");
        assertThat(title).endsWith("…");
        assertThat(title.codePointCount(0, title.length())).isLessThanOrEqualTo(100).isGreaterThan(50);
        String head = title.substring(0, title.length() - 1);
        assertThat(text).startsWith(head);
        assertThat(text.charAt(head.length())).isEqualTo(' ');
    }

    @Test
    void historyIsTheLatestMessagesOldestFirst() {
        Session alice = signUp();
        UUID room = chat(createChat(alice, "Long"));
        List<NewMessage> all = IntStream.range(0, 25).mapToObj(i -> NewMessage.text(MessageRole.USER, "m" + i))
                .toList();
        chats.append(user(alice), room, all.subList(0, 10)).blockLast();
        chats.append(user(alice), room, all.subList(10, 25)).blockLast();

        assertThat(chats.history(user(alice), room).map(ChatMessage::text).collectList().block())
                .containsExactlyElementsOf(IntStream.range(5, 25).mapToObj(i -> "m" + i).toList());
        assertThat(chats.history(user(alice), room, 3).map(ChatMessage::text).collectList().block())
                .containsExactly("m22", "m23", "m24");
        assertThat(chats.history(user(alice), room, 100).collectList().block()).hasSize(25);
    }

    @Test
    void partialAnswerIsFinalisedByUpdate() {
        Session alice = signUp();
        UUID room = chat(createChat(alice, "Streaming"));
        ChatMessage partial = chats.append(user(alice), room, new NewMessage(MessageRole.ASSISTANT,
                Map.of("message", "Pump"), MessageStatus.STREAMING, null, IdKind.newUuid())).block();

        ChatMessage done = chats.updateMessage(user(alice), room, partial.id(), new MessageUpdate(
                Map.of("message", "Pumpkin is fine."), MessageStatus.COMPLETE,
                Map.of("prompt_tokens", 30, "completion_tokens", 4))).block();
        assertThat(done.id()).isEqualTo(partial.id());
        assertThat(done.text()).isEqualTo("Pumpkin is fine.");
        assertThat(done.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(done.tokenCount()).containsEntry("completion_tokens", 4);
        assertThat(done.runId()).isEqualTo(partial.runId());
        assertThat(done.createdAt()).isEqualTo(partial.createdAt());

        ChatMessage stopped = chats.updateMessage(user(alice), room, partial.id(),
                new MessageUpdate(null, MessageStatus.STOPPED, null)).block();
        assertThat(stopped.text()).isEqualTo("Pumpkin is fine.");
        assertThat(stopped.status()).isEqualTo(MessageStatus.STOPPED);
        assertThat(stopped.tokenCount()).isEqualTo(done.tokenCount());
        assertThat(chats.history(user(alice), room).collectList().block()).containsExactly(stopped);
    }

    @Test
    void messageIsUpdatedOnlyThroughItsOwnRoom() {
        Session alice = signUp();
        UUID room = chat(createChat(alice, "One"));
        UUID otherRoom = chat(createChat(alice, "Two"));
        ChatMessage message = chats.append(user(alice), room, NewMessage.text(MessageRole.USER, "hi")).block();

        StepVerifier.create(chats.updateMessage(user(alice), otherRoom, message.id(),
                new MessageUpdate(Map.of("message", "moved?"), null, null))).expectError().verify();
        assertThat(chats.history(user(alice), room).map(ChatMessage::text).collectList().block())
                .containsExactly("hi");
    }

    @Test
    void nulCharacterIsStoredAsAReplacementCharacter() {
        Session alice = signUp();
        UUID room = chat(createChat(alice, null));
        ChatMessage stored = chats.append(user(alice), room, NewMessage.text(MessageRole.USER, "a\u0000b")).block();
        assertThat(stored.text()).isEqualTo("a\uFFFDb");
        assertThat(chats.history(user(alice), room).single().block().text()).isEqualTo("a\uFFFDb");
    }

    @Test
    void appendingNothingIsAProgrammingError() {
        Session alice = signUp();
        UUID room = chat(createChat(alice, null));
        StepVerifier.create(chats.append(user(alice), room, List.of()))
                .expectError(IllegalArgumentException.class).verify();
    }

    @Test
    void deletingARoomRemovesItsMessagesAndAnnouncesIt() {
        Session alice = signUp();
        String room = createChat(alice, "Doomed");
        chats.append(user(alice), chat(room), List.of(NewMessage.text(MessageRole.USER, "q"),
                NewMessage.text(MessageRole.ASSISTANT, "a"))).blockLast();
        assertThat(count("SELECT count(*) FROM chat_messages WHERE chat_id = :p", chat(room))).isEqualTo(2);

        List<ChatService.ChatDeleted> announced = new CopyOnWriteArrayList<>();
        ApplicationListener<PayloadApplicationEvent<ChatService.ChatDeleted>> listener =
                event -> announced.add(event.getPayload());
        context.addApplicationListener(listener);
        try {
            client.delete().uri("/api/chats/" + room).header("Authorization", alice.bearer())
                    .exchange().expectStatus().isNoContent();
        } finally {
            context.removeApplicationListener(listener);
        }

        assertThat(count("SELECT count(*) FROM chat_messages WHERE chat_id = :p", chat(room))).isZero();
        assertThat(count("SELECT count(*) FROM chats WHERE id = :p", chat(room))).isZero();
        assertThat(announced).containsExactly(new ChatService.ChatDeleted(chat(room)));
    }

    @Test
    void deletingTheAccountRemovesItsRoomsAndMessages() {
        Session alice = signUp();
        Session bob = signUp();
        List<UUID> rooms = new ArrayList<>();
        for (String title : List.of("one", "two")) {
            UUID room = chat(createChat(alice, title));
            chats.append(user(alice), room, NewMessage.text(MessageRole.USER, "hello")).block();
            rooms.add(room);
        }
        String bobsRoom = createChat(bob, "bob's");

        client.delete().uri("/api/me").header("Authorization", alice.bearer()).exchange().expectStatus().isNoContent();

        assertThat(count("SELECT count(*) FROM chats WHERE user_id = :p", user(alice))).isZero();
        for (UUID room : rooms) {
            assertThat(count("SELECT count(*) FROM chat_messages WHERE chat_id = :p", room)).isZero();
        }
        assertThat(ids(getJson(bob, "/api/chats"), "results")).containsExactly(bobsRoom);
    }
}
