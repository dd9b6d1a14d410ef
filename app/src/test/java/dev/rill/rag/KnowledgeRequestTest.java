package dev.rill.rag;

import java.util.List;
import java.util.Map;

import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.rill.rag.KnowledgeBase.adminBearer;
import static dev.rill.rag.KnowledgeBase.json;
import static dev.rill.rag.KnowledgeBase.search;
import static dev.rill.support.Problems.expectProblem;
import static dev.rill.support.Problems.expectValidation;
import static org.assertj.core.api.Assertions.assertThat;

/** The submissions board: users propose, edit while pending and delete; admins list, apply and reject. */
class KnowledgeRequestTest extends HttpTest {

    @Test
    void appliedRequestBecomesAGlobalDocumentThatOtherUsersFind() {
        Session ada = signUp();
        Session bob = signUp();
        String admin = adminBearer(client);
        Map<String, Object> submitted = submit(ada, Map.of("title", "Quokka diet",
                "content", "Quokkas eat grasses, leaves and stems; they can go without drinking water for long"
                        + " periods because they get moisture from plants.",
                "reason", "Visitors keep asking the zoo about quokkas"));
        String id = (String) submitted.get("id");
        assertThat(id).startsWith("kreq-");
        assertThat(submitted).containsEntry("status", "pending").containsEntry("is_applied", false)
                .containsEntry("applied_at", null).containsEntry("document_id", null)
                .containsEntry("user_id", ada.userId());

        assertThat(ids(json(get(client, "/api/admin/knowledge-requests?limit=50", admin).expectStatus().isOk())))
                .contains(id);
        Map<String, Object> applied = json(post(client, "/api/admin/knowledge-requests/" + id + "/apply", admin)
                .expectStatus().isOk());

        assertThat(applied).containsEntry("status", "applied").containsEntry("is_applied", true);
        assertThat((String) applied.get("applied_at")).isNotBlank();
        String documentId = (String) applied.get("document_id");
        assertThat(documentId).startsWith("doc-");
        get(client, "/api/documents/" + documentId, bob.bearer()).expectStatus().isOk()
                .expectBody().jsonPath("$.scope").isEqualTo("global")
                .jsonPath("$.source").isEqualTo("knowledge_request")
                .jsonPath("$.title").isEqualTo("Quokka diet");
        assertThat(search(client, bob.bearer(), "What do quokkas eat?", 10))
                .extracting(hit -> hit.get("document_id")).contains(documentId);
        assertThat(json(get(client, "/api/knowledge-requests/" + id, ada.bearer()).expectStatus().isOk()))
                .containsEntry("is_applied", true);
    }

    @Test
    void pendingRequestCanBeEditedAndReviewedOnlyOnce() {
        Session ada = signUp();
        String admin = adminBearer(client);
        String id = (String) submit(ada, Map.of("content", "Draft text", "reason", "Because")).get("id");

        Map<String, Object> edited = json(patch(ada, id, Map.of("content", "Better text")).expectStatus().isOk());
        assertThat(edited).containsEntry("content", "Better text").containsEntry("reason", "Because");

        Map<String, Object> rejected = json(post(client, "/api/admin/knowledge-requests/" + id + "/reject", admin)
                .expectStatus().isOk());
        assertThat(rejected).containsEntry("status", "rejected").containsEntry("is_applied", false)
                .containsEntry("applied_at", null);
        assertThat((String) rejected.get("reviewed_at")).isNotBlank();

        expectProblem(patch(ada, id, Map.of("content", "Too late")), HttpStatus.CONFLICT, "request-not-pending");
        expectProblem(post(client, "/api/admin/knowledge-requests/" + id + "/apply", admin), HttpStatus.CONFLICT,
                "request-not-pending");
        expectProblem(post(client, "/api/admin/knowledge-requests/" + id + "/reject", admin), HttpStatus.CONFLICT,
                "request-not-pending");
    }

    @Test
    void ownListPagesNewestFirstFiltersByStatusAndDeleteRemoves() {
        Session ada = signUp();
        String first = (String) submit(ada, Map.of("content", "one", "reason", "r")).get("id");
        String second = (String) submit(ada, Map.of("content", "two", "reason", "r")).get("id");
        String third = (String) submit(ada, Map.of("content", "three", "reason", "r")).get("id");
        post(client, "/api/admin/knowledge-requests/" + second + "/reject", adminBearer(client))
                .expectStatus().isOk();

        Map<String, Object> page = json(get(client, "/api/knowledge-requests?limit=2", ada.bearer())
                .expectStatus().isOk());
        assertThat(ids(page)).containsExactly(third, second);
        assertThat(ids(json(get(client, "/api/knowledge-requests?limit=2&cursor=" + page.get("next_cursor"),
                ada.bearer()).expectStatus().isOk()))).containsExactly(first);
        assertThat(ids(json(get(client, "/api/knowledge-requests?status=pending", ada.bearer())
                .expectStatus().isOk()))).containsExactly(third, first);

        client.delete().uri("/api/knowledge-requests/{id}", first).header("Authorization", ada.bearer()).exchange()
                .expectStatus().isNoContent();
        assertThat(ids(json(get(client, "/api/knowledge-requests", ada.bearer()).expectStatus().isOk())))
                .containsExactly(third, second);
    }

    @Test
    void anotherUsersRequestIsNotFound() {
        Session ada = signUp();
        Session bob = signUp();
        String id = (String) submit(bob, Map.of("content", "Bob's idea", "reason", "r")).get("id");

        expectProblem(get(client, "/api/knowledge-requests/" + id, ada.bearer()), HttpStatus.NOT_FOUND, "not-found");
        expectProblem(patch(ada, id, Map.of("content", "hijack")), HttpStatus.NOT_FOUND, "not-found");
        expectProblem(client.delete().uri("/api/knowledge-requests/{id}", id).header("Authorization", ada.bearer())
                .exchange(), HttpStatus.NOT_FOUND, "not-found");
        assertThat(ids(json(get(client, "/api/knowledge-requests", ada.bearer()).expectStatus().isOk())))
                .doesNotContain(id);
    }

    @Test
    void reviewRoutesAreForAdminsOnly() {
        Session ada = signUp();
        String id = (String) submit(ada, Map.of("content", "Mine", "reason", "r")).get("id");

        expectProblem(get(client, "/api/admin/knowledge-requests", ada.bearer()), HttpStatus.FORBIDDEN, "forbidden");
        expectProblem(post(client, "/api/admin/knowledge-requests/" + id + "/apply", ada.bearer()),
                HttpStatus.FORBIDDEN, "forbidden");
        expectProblem(post(client, "/api/admin/knowledge-requests/" + id + "/reject", ada.bearer()),
                HttpStatus.FORBIDDEN, "forbidden");
        assertThat(json(get(client, "/api/knowledge-requests/" + id, ada.bearer()).expectStatus().isOk()))
                .containsEntry("status", "pending");
    }

    @Test
    void invalidSubmissionsAre400Or415() {
        Session ada = signUp();

        expectValidation(postJson(ada, Map.of("content", " ", "reason", "r")), "content");
        expectValidation(postJson(ada, Map.of("content", "c")), "reason");
        expectValidation(postJson(ada, Map.of("content", "x".repeat(20_001), "reason", "r")), "content");
        expectValidation(postJson(ada, Map.of("content", "c", "reason", "r", "title", "a\nb")), "title");
        expectProblem(postJson(ada, Map.of("content", "c", "reason", "r", "votes", 3)), HttpStatus.BAD_REQUEST,
                "unknown-field");
        expectProblem(client.post().uri("/api/knowledge-requests").header("Authorization", ada.bearer())
                .contentType(MediaType.TEXT_PLAIN).bodyValue("text").exchange(), HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type");
        String id = (String) submit(ada, Map.of("content", "c", "reason", "r")).get("id");
        expectValidation(patch(ada, id, Map.of("reason", "")), "reason");
        expectProblem(get(client, "/api/knowledge-requests/doc-0190b2c4-1f2e-7a3b-8c4d-5e6f7a8b9c0d", ada.bearer()),
                HttpStatus.BAD_REQUEST, "malformed-id");
        expectValidation(get(client, "/api/knowledge-requests?status=done", ada.bearer()), "status");
        expectProblem(post(client, "/api/admin/knowledge-requests/kreq-0190b2c4-1f2e-7a3b-8c4d-5e6f7a8b9c0d/apply",
                adminBearer(client)), HttpStatus.NOT_FOUND, "not-found");
    }

    private Map<String, Object> submit(Session session, Map<String, Object> body) {
        return json(postJson(session, body).expectStatus().isCreated());
    }

    private WebTestClient.ResponseSpec postJson(Session session, Map<String, Object> body) {
        return client.post().uri("/api/knowledge-requests").header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec patch(Session session, String id, Map<String, Object> body) {
        return client.patch().uri("/api/knowledge-requests/{id}", id).header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static WebTestClient.ResponseSpec get(WebTestClient client, String uri, String bearer) {
        return client.get().uri(uri).header("Authorization", bearer).exchange();
    }

    private static WebTestClient.ResponseSpec post(WebTestClient client, String uri, String bearer) {
        return client.post().uri(uri).header("Authorization", bearer).exchange();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> ids(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("results")).stream().map(r -> r.get("id")).toList();
    }
}
