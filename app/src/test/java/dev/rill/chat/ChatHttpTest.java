package dev.rill.chat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rill.shared.IdKind;
import dev.rill.support.HttpTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Helpers for the chat tests. Adds no configuration, so its subclasses share the one {@link HttpTest} context.
 */
abstract class ChatHttpTest extends HttpTest {

    static final String PROBLEMS = "https://rill.dev/problems/";

    @Autowired
    ChatService chats;

    @Autowired
    DatabaseClient db;

    /** Creates a room over HTTP and returns its wire ID. */
    String createChat(Session session, String title) {
        Map<String, Object> body = title == null ? Map.of() : Map.of("title", title);
        return (String) client.post().uri("/api/chats").header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
    }

    /** Creates a dog's profile over HTTP and returns its wire ID ({@code pet-…}), for rooms bound to a profile. */
    String createPet(Session session) {
        return (String) client.post().uri("/api/profiles").header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Bori", "species", "dog", "weight_kg", 10, "age_years", 3))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> getJson(Session session, String uri, Object... uriVariables) {
        return client.get().uri(uri, uriVariables).header("Authorization", session.bearer())
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    static List<String> ids(Map<String, Object> listOrRoom, String field) {
        return ((List<Map<String, Object>>) listOrRoom.get(field)).stream().map(m -> (String) m.get("id")).toList();
    }

    /** Inserts a room directly, for times the API cannot produce (the past, or several rooms at one instant). */
    UUID insertChat(Session session, String title, Instant createdAt) {
        UUID id = IdKind.newUuid();
        db.sql("INSERT INTO chats (id, user_id, title, created_at, updated_at) VALUES (:id, :user, :title, :at, :at)")
                .bind("id", id).bind("user", user(session)).bind("title", title).bind("at", createdAt)
                .then().block();
        return id;
    }

    long count(String sql, UUID parameter) {
        return db.sql(sql).bind("p", parameter).map(row -> row.get(0, Long.class)).one().block();
    }

    static UUID user(Session session) {
        return IdKind.USER.parse(session.userId());
    }

    static UUID chat(String wireId) {
        return IdKind.CHAT.parse(wireId);
    }
}
