package dev.rill.share;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rill.chat.ChatService;
import dev.rill.chat.MessageRole;
import dev.rill.chat.MessageStatus;
import dev.rill.chat.NewMessage;
import dev.rill.shared.IdKind;
import dev.rill.support.HttpTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Helpers for the share tests. Adds no configuration, so its subclasses share the one {@link HttpTest} context. */
abstract class ShareHttpTest extends HttpTest {

    @Autowired
    ChatService chats;

    /** Creates a room over HTTP and returns its wire ID. */
    String createChat(Session session, String title) {
        return (String) client.post().uri("/api/chats").header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", title))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
    }

    /** Appends complete messages of the given roles and texts, in order, as the owner. */
    void append(Session owner, String chatId, MessageRole role, String... texts) {
        List<NewMessage> messages = java.util.Arrays.stream(texts).map(text -> NewMessage.text(role, text)).toList();
        chats.append(user(owner), IdKind.CHAT.parse(chatId), messages).then().block();
    }

    /** An assistant answer with the private bits a stored answer has: token usage and the run that wrote it. */
    void appendAnswerWithUsage(Session owner, String chatId, String text) {
        chats.append(user(owner), IdKind.CHAT.parse(chatId), new NewMessage(MessageRole.ASSISTANT,
                Map.of("message", text), MessageStatus.COMPLETE,
                Map.of("prompt_tokens", 11, "completion_tokens", 7), IdKind.newUuid())).block();
    }

    WebTestClient.ResponseSpec share(Session session, String chatId) {
        return client.post().uri("/api/chats/{id}/share", chatId).header("Authorization", session.bearer())
                .exchange();
    }

    WebTestClient.ResponseSpec unshare(Session session, String chatId) {
        return client.delete().uri("/api/chats/{id}/share", chatId).header("Authorization", session.bearer())
                .exchange();
    }

    /** An anonymous read of the public view, from its own client address so no other test's reads count. */
    WebTestClient.ResponseSpec readPublic(String chatId) {
        return client.get().uri("/api/shared/{id}", chatId).header("X-Forwarded-For", address()).exchange();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> readPublicOk(String uri, Object... variables) {
        return client.get().uri(uri, variables).header("X-Forwarded-For", address()).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    WebTestClient.ResponseSpec fork(Session session, String chatId) {
        return client.post().uri("/api/shared/{id}/fork", chatId).header("Authorization", session.bearer())
                .exchange();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> getOwn(Session session, String chatId) {
        return client.get().uri("/api/chats/{id}", chatId).header("Authorization", session.bearer())
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    static List<String> texts(Map<String, Object> room) {
        return ((List<Map<String, Object>>) room.get("messages")).stream()
                .map(m -> (String) ((Map<String, Object>) m.get("content")).get("message")).toList();
    }

    static UUID user(Session session) {
        return IdKind.USER.parse(session.userId());
    }

    private static String address() {
        int random = Math.floorMod(UUID.randomUUID().hashCode(), 250) + 1;
        return "198.51.100." + random;
    }
}
