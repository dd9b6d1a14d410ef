package dev.rill.rag;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static dev.rill.rag.KnowledgeBase.json;
import static dev.rill.rag.KnowledgeBase.search;
import static dev.rill.rag.KnowledgeBase.uploadFile;
import static dev.rill.rag.KnowledgeBase.uploadText;
import static org.assertj.core.api.Assertions.assertThat;

/** Documents in all three formats, over real HTTP, stored, chunked, embedded and found again. */
class DocumentUploadTest extends HttpTest {

    @Test
    void textSentAsJsonIsStoredChunkedAndSearchable() {
        Session ada = signUp();
        Map<String, Object> created = uploadText(client, ada.bearer(), "Vitamin notes",
                "Adult dogs need about 10 micrograms of vitamin D per 1000 kcal of food. Too much vitamin D is toxic.",
                null);

        assertThat((String) created.get("id")).startsWith("doc-");
        assertThat(created).containsEntry("title", "Vitamin notes").containsEntry("scope", "user")
                .containsEntry("owner_id", ada.userId()).containsEntry("media_type", "text/plain")
                .containsEntry("source", "upload").containsEntry("chunk_count", 1)
                .containsEntry("embedding_model", "all-minilm-l6-v2");

        List<Map<String, Object>> hits = search(client, ada.bearer(), "How much vitamin D does a dog need?", 5);
        assertThat(hits).first().satisfies(hit -> {
            assertThat(hit).containsEntry("document_id", created.get("id")).containsEntry("title", "Vitamin notes");
            assertThat((String) hit.get("chunk")).contains("10 micrograms of vitamin D");
            assertThat((Double) hit.get("score")).isGreaterThan(0.5);
        });
    }

    @Test
    void pdfMadeInTheTestIsParsedAndItsTextSearchable() {
        Session ada = signUp();
        byte[] pdf = KnowledgeBase.pdf("Kitten feeding guide",
                "Kittens need about 1.2 percent calcium in their dry food.",
                "Feed kittens four small meals a day until twelve weeks of age.");

        Map<String, Object> created = json(uploadFile(client, ada.bearer(), "kitten-guide.pdf",
                MediaType.APPLICATION_PDF, pdf, Map.of()).expectStatus().isCreated());

        assertThat(created).containsEntry("title", "kitten-guide").containsEntry("media_type", "application/pdf")
                .containsEntry("size_bytes", pdf.length);
        Map<String, Object> detail = json(client.get().uri("/api/documents/{id}", created.get("id"))
                .header("Authorization", ada.bearer()).exchange().expectStatus().isOk());
        assertThat((String) detail.get("content")).contains("Kittens need about 1.2 percent calcium")
                .contains("four small meals a day");
        assertThat(search(client, ada.bearer(), "How much calcium should kitten food contain?", 3))
                .extracting(hit -> hit.get("document_id")).contains(created.get("id"));
    }

    @Test
    void markdownFileKeepsItsTypeAndAGivenTitle() {
        Session ada = signUp();
        byte[] markdown = "# Storage\n\nKeep dry food below 25 °C, sealed.\n".getBytes(StandardCharsets.UTF_8);

        Map<String, Object> created = json(uploadFile(client, ada.bearer(), "storage.md", MediaType.TEXT_PLAIN,
                markdown, Map.of("title", "Pantry rules")).expectStatus().isCreated()
                .expectHeader().value("Location", location -> assertThat(location).startsWith("/api/documents/doc-")));

        assertThat(created).containsEntry("title", "Pantry rules").containsEntry("media_type", "text/markdown");
    }

    @Test
    void fileWithoutExtensionOrTypeIsTakenForWhatItsBytesAre() {
        Session ada = signUp();

        Map<String, Object> created = json(uploadFile(client, ada.bearer(), "NOTES", MediaType.APPLICATION_OCTET_STREAM,
                "plain words".getBytes(StandardCharsets.UTF_8), Map.of()).expectStatus().isCreated());

        assertThat(created).containsEntry("title", "NOTES").containsEntry("media_type", "text/plain");
    }

    @Test
    void longTextIsSplitIntoOverlappingChunks() {
        Session ada = signUp();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            text.append("Paragraph ").append(i).append(" talks about topic number ").append(i)
                    .append(" in some detail, with a few more words to fill the line.\n\n");
        }

        Map<String, Object> created = uploadText(client, ada.bearer(), "Long", text.toString(), null);

        assertThat((Integer) created.get("chunk_count")).isBetween(4, 8);
    }

    @Test
    void listPagesThroughOwnDocumentsNewestFirstAndDeleteRemovesOne() {
        Session ada = signUp();
        String first = (String) uploadText(client, ada.bearer(), "One", "first text", null).get("id");
        String second = (String) uploadText(client, ada.bearer(), "Two", "second text", null).get("id");
        String third = (String) uploadText(client, ada.bearer(), "Three", "third text", null).get("id");

        Map<String, Object> page = json(client.get().uri("/api/documents?scope=user&limit=2")
                .header("Authorization", ada.bearer()).exchange().expectStatus().isOk()
                .expectHeader().value("Link", link -> assertThat(link).contains("rel=\"next\"")));
        assertThat(ids(page)).containsExactly(third, second);
        Map<String, Object> next = json(client.get()
                .uri("/api/documents?scope=user&limit=2&cursor={c}", page.get("next_cursor"))
                .header("Authorization", ada.bearer()).exchange().expectStatus().isOk());
        assertThat(ids(next)).containsExactly(first);
        assertThat(next).containsEntry("has_next", false);

        client.delete().uri("/api/documents/{id}", second).header("Authorization", ada.bearer()).exchange()
                .expectStatus().isNoContent();
        client.get().uri("/api/documents/{id}", second).header("Authorization", ada.bearer()).exchange()
                .expectStatus().isNotFound();
        assertThat(ids(json(client.get().uri("/api/documents?scope=user").header("Authorization", ada.bearer())
                .exchange().expectStatus().isOk()))).containsExactly(third, first);
    }

    @Test
    void openApiDocumentDescribesBothUploadForms() {
        client.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/api/documents'].post.requestBody.content['multipart/form-data']").exists()
                .jsonPath("$.paths['/api/documents'].post.requestBody.content['application/json']").exists()
                .jsonPath("$.paths['/api/documents/search'].get.operationId").isEqualTo("searchDocuments");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> ids(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("results")).stream().map(d -> d.get("id")).toList();
    }
}
