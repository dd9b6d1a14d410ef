package dev.rill.profile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.rill.support.HttpTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Helpers for the profile tests. Adds no configuration, so its subclasses share the one {@link HttpTest} context. */
abstract class ProfileHttpTest extends HttpTest {

    @Autowired
    ProfileService profiles;

    /** A valid body for a dog; tests change one field at a time. */
    static Map<String, Object> dog(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("species", "dog");
        body.put("weight_kg", 12.5);
        body.put("age_years", 4);
        body.put("activity", "high");
        body.put("allergies", List.of("chicken"));
        return body;
    }

    static Map<String, Object> person(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("species", "human");
        body.put("sex", "female");
        body.put("weight_kg", 58);
        body.put("age_years", 34);
        return body;
    }

    WebTestClient.ResponseSpec post(Session session, Map<String, Object> body) {
        return client.post().uri("/api/profiles").header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    WebTestClient.ResponseSpec patch(Session session, String id, Map<String, Object> body) {
        return client.patch().uri("/api/profiles/" + id).header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> create(Session session, Map<String, Object> body) {
        return post(session, body).expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
    }

    String createId(Session session, Map<String, Object> body) {
        return (String) create(session, body).get("id");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> getJson(Session session, String uri) {
        return client.get().uri(uri).header("Authorization", session.bearer())
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    static List<String> ids(Map<String, Object> list) {
        return ((List<Map<String, Object>>) list.get("results")).stream().map(m -> (String) m.get("id")).toList();
    }
}
