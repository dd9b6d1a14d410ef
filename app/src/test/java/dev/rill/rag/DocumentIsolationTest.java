package dev.rill.rag;

import java.util.List;
import java.util.Map;

import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static dev.rill.rag.KnowledgeBase.adminBearer;
import static dev.rill.rag.KnowledgeBase.json;
import static dev.rill.rag.KnowledgeBase.search;
import static dev.rill.rag.KnowledgeBase.uploadText;
import static dev.rill.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user sees the global documents and their own, never another user's: not in search, lists, reads or deletes.
 * Global documents are added and deleted by admins only.
 */
class DocumentIsolationTest extends HttpTest {

    // A made-up word keeps these documents apart from what other test classes upload into the same database.
    private static final String TOPIC = "zorblax";

    @Test
    void searchFindsOwnAndGlobalDocumentsButNeverAnotherUsersOne() {
        Session ada = signUp();
        Session bob = signUp();
        String admin = adminBearer(client);
        String own = id(uploadText(client, ada.bearer(), "Ada's " + TOPIC + " notes",
                "The " + TOPIC + " plant needs watering twice a week in summer.", null));
        String global = id(uploadText(client, admin, "Global " + TOPIC + " guide",
                "A " + TOPIC + " plant grows best in bright, indirect light and needs water weekly.", "global"));
        String bobs = id(uploadText(client, bob.bearer(), "Bob's " + TOPIC + " diary",
                "My " + TOPIC + " plant needs watering every single day, it is very thirsty.", null));

        List<Object> adaFound = documentIds(search(client, ada.bearer(), "How often should I water a " + TOPIC
                + " plant?", 20));
        List<Object> bobFound = documentIds(search(client, bob.bearer(), "How often should I water a " + TOPIC
                + " plant?", 20));

        assertThat(adaFound).contains(own, global).doesNotContain(bobs);
        assertThat(bobFound).contains(bobs, global).doesNotContain(own);
    }

    @Test
    void anotherUsersDocumentIsNotFoundForReadOrDeleteAndNotListed() {
        Session ada = signUp();
        Session bob = signUp();
        String bobs = id(uploadText(client, bob.bearer(), "Private", "Bob's private " + TOPIC + " text", null));

        expectProblem(client.get().uri("/api/documents/{id}", bobs).header("Authorization", ada.bearer()).exchange(),
                HttpStatus.NOT_FOUND, "not-found");
        expectProblem(client.delete().uri("/api/documents/{id}", bobs).header("Authorization", ada.bearer())
                .exchange(), HttpStatus.NOT_FOUND, "not-found");
        assertThat(listedIds(ada, "")).doesNotContain(bobs);
        client.get().uri("/api/documents/{id}", bobs).header("Authorization", bob.bearer()).exchange()
                .expectStatus().isOk();
    }

    @Test
    void globalDocumentsAreListedAndReadableByEveryoneButOnlyAdminsDeleteThem() {
        Session ada = signUp();
        String admin = adminBearer(client);
        Map<String, Object> created = uploadText(client, admin, "House rules", "Global " + TOPIC + " rules.",
                "global");
        String global = id(created);
        assertThat(created).containsEntry("scope", "global").containsEntry("owner_id", null);

        assertThat(listedIds(ada, "?scope=global")).contains(global);
        assertThat(listedIds(ada, "?scope=user")).doesNotContain(global);
        client.get().uri("/api/documents/{id}", global).header("Authorization", ada.bearer()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.content").isEqualTo("Global " + TOPIC + " rules.");
        expectProblem(client.delete().uri("/api/documents/{id}", global).header("Authorization", ada.bearer())
                .exchange(), HttpStatus.FORBIDDEN, "forbidden");

        client.delete().uri("/api/documents/{id}", global).header("Authorization", admin).exchange()
                .expectStatus().isNoContent();
        client.get().uri("/api/documents/{id}", global).header("Authorization", ada.bearer()).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void deletedDocumentsChunksLeaveTheSearch() {
        Session ada = signUp();
        String doc = id(uploadText(client, ada.bearer(), "Short lived", "The " + TOPIC + " comet returns in 2091.",
                null));
        assertThat(documentIds(search(client, ada.bearer(), "When does the " + TOPIC + " comet return?", 20)))
                .contains(doc);

        client.delete().uri("/api/documents/{id}", doc).header("Authorization", ada.bearer()).exchange()
                .expectStatus().isNoContent();

        assertThat(documentIds(search(client, ada.bearer(), "When does the " + TOPIC + " comet return?", 20)))
                .doesNotContain(doc);
    }

    @SuppressWarnings("unchecked")
    private List<Object> listedIds(Session session, String query) {
        Map<String, Object> page = json(client.get().uri("/api/documents" + query + (query.isEmpty() ? "?" : "&")
                + "limit=50").header("Authorization", session.bearer()).exchange().expectStatus().isOk());
        return ((List<Map<String, Object>>) page.get("results")).stream().map(d -> d.get("id")).toList();
    }

    private static List<Object> documentIds(List<Map<String, Object>> hits) {
        return hits.stream().map(hit -> hit.get("document_id")).toList();
    }

    private static String id(Map<String, Object> document) {
        return (String) document.get("id");
    }
}
