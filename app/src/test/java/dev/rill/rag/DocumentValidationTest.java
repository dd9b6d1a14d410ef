package dev.rill.rag;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static dev.rill.rag.KnowledgeBase.uploadFile;
import static dev.rill.support.Problems.expectProblem;
import static dev.rill.support.Problems.expectValidation;
import static org.assertj.core.api.Assertions.assertThat;

/** Every way an upload or a document request can be wrong gets a 4xx problem, and nothing is stored. */
class DocumentValidationTest extends HttpTest {

    private static final byte[] TEXT = "Just some text.".getBytes(StandardCharsets.UTF_8);

    @Test
    void fileLargerThanTheLimitIs413() {
        Session ada = signUp();
        byte[] big = new byte[10 * 1024 * 1024 + 1];
        Arrays.fill(big, (byte) 'a');

        Map<String, Object> problem = expectProblem(uploadFile(client, ada.bearer(), "big.txt", MediaType.TEXT_PLAIN,
                big, Map.of()), HttpStatus.CONTENT_TOO_LARGE, "body-too-large");

        assertThat(problem).containsEntry("max_bytes", 10 * 1024 * 1024);
        assertThat(ownDocuments(ada)).isZero();
    }

    @Test
    void declaredPdfThatIsNotOneIs415() {
        Session ada = signUp();

        Map<String, Object> problem = expectProblem(uploadFile(client, ada.bearer(), "fake.pdf",
                MediaType.APPLICATION_PDF, TEXT, Map.of()), HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");

        assertThat((String) problem.get("detail")).contains("%PDF-");
    }

    @Test
    void pdfDeclaredAsTextIs415() {
        Session ada = signUp();

        expectProblem(uploadFile(client, ada.bearer(), "notes.txt", MediaType.TEXT_PLAIN, KnowledgeBase.pdf("hello"),
                Map.of()), HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
    }

    @Test
    void binaryOrNonUtf8TextIs415() {
        Session ada = signUp();
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
        byte[] latin1 = "café crème".getBytes(StandardCharsets.ISO_8859_1);
        byte[] withNul = "text\u0000more".getBytes(StandardCharsets.UTF_8);

        for (byte[] bytes : new byte[][] {png, latin1, withNul}) {
            expectProblem(uploadFile(client, ada.bearer(), "upload.txt", null, bytes, Map.of()),
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
        }
        expectProblem(uploadFile(client, ada.bearer(), "image.png", MediaType.IMAGE_PNG, png, Map.of()),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
    }

    @Test
    void unsupportedTypeIs415EvenWhenTheBytesAreText() {
        Session ada = signUp();

        expectProblem(uploadFile(client, ada.bearer(), "report.docx", MediaType.APPLICATION_OCTET_STREAM, TEXT,
                Map.of()), HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
        expectProblem(uploadFile(client, ada.bearer(), "page.html", MediaType.TEXT_HTML, TEXT, Map.of()),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
        expectProblem(client.post().uri("/api/documents").header("Authorization", ada.bearer())
                .contentType(MediaType.TEXT_PLAIN).bodyValue("raw text body").exchange(),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
    }

    @Test
    void emptyOrMissingFileIs400() {
        Session ada = signUp();

        expectValidation(uploadFile(client, ada.bearer(), "empty.txt", MediaType.TEXT_PLAIN, new byte[0], Map.of()),
                "file");
        expectValidation(new KnowledgeBase.Form().field("title", "Nothing attached").post(client, ada.bearer()),
                "file");
        expectValidation(new KnowledgeBase.Form().field("file", "text without a filename").post(client, ada.bearer()),
                "file");
        expectValidation(new KnowledgeBase.Form().file("file", "a.txt", MediaType.TEXT_PLAIN, TEXT)
                .file("file", "b.txt", MediaType.TEXT_PLAIN, TEXT).post(client, ada.bearer()), "file");
        expectValidation(client.post().uri("/api/documents").header("Authorization", ada.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "Blank", "content", "  "))
                .exchange(), "content");
    }

    @Test
    void badTitleScopeOrExtraPartIs400() {
        Session ada = signUp();

        expectValidation(uploadFile(client, ada.bearer(), "a.txt", MediaType.TEXT_PLAIN, TEXT,
                Map.of("title", "two\nlines")), "title");
        expectValidation(uploadFile(client, ada.bearer(), "a.txt", MediaType.TEXT_PLAIN, TEXT,
                Map.of("title", "x".repeat(201))), "title");
        expectValidation(uploadFile(client, ada.bearer(), "a.txt", MediaType.TEXT_PLAIN, TEXT,
                Map.of("scope", "everyone")), "scope");
        expectProblem(uploadFile(client, ada.bearer(), "a.txt", MediaType.TEXT_PLAIN, TEXT,
                Map.of("colour", "blue")), HttpStatus.BAD_REQUEST, "unknown-field");
        expectValidation(client.post().uri("/api/documents").header("Authorization", ada.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "T", "content", "c", "format", "html")).exchange(), "format");
        assertThat(ownDocuments(ada)).isZero();
    }

    @Test
    void damagedPdfIs422() {
        Session ada = signUp();
        byte[] damaged = "%PDF-1.7\nthis is not really a PDF".getBytes(StandardCharsets.US_ASCII);

        expectProblem(uploadFile(client, ada.bearer(), "broken.pdf", MediaType.APPLICATION_PDF, damaged, Map.of()),
                HttpStatus.UNPROCESSABLE_CONTENT, "unreadable-document");
    }

    @Test
    void globalScopeWithoutTheAdminRoleIs403() {
        Session ada = signUp();

        expectProblem(uploadFile(client, ada.bearer(), "a.txt", MediaType.TEXT_PLAIN, TEXT, Map.of("scope", "global")),
                HttpStatus.FORBIDDEN, "forbidden");
    }

    @Test
    void malformedOrUnknownIdsAre400And404() {
        Session ada = signUp();

        expectProblem(client.get().uri("/api/documents/chat-0190b2c4-1f2e-7a3b-8c4d-5e6f7a8b9c0d")
                .header("Authorization", ada.bearer()).exchange(), HttpStatus.BAD_REQUEST, "malformed-id");
        expectProblem(client.delete().uri("/api/documents/doc-123").header("Authorization", ada.bearer())
                .exchange(), HttpStatus.BAD_REQUEST, "malformed-id");
        expectProblem(client.get().uri("/api/documents/doc-0190b2c4-1f2e-7a3b-8c4d-5e6f7a8b9c0d")
                .header("Authorization", ada.bearer()).exchange(), HttpStatus.NOT_FOUND, "not-found");
    }

    @Test
    void badSearchOrListParametersAre400() {
        Session ada = signUp();

        expectValidation(client.get().uri(b -> b.path("/api/documents/search").queryParam("q", " ").build()).header("Authorization", ada.bearer())
                .exchange(), "q");
        expectValidation(client.get().uri("/api/documents/search?q=x&limit=0").header("Authorization", ada.bearer())
                .exchange(), "limit");
        expectValidation(client.get().uri("/api/documents/search?q={q}", "x".repeat(1001))
                .header("Authorization", ada.bearer()).exchange(), "q");
        expectValidation(client.get().uri("/api/documents?scope=mine").header("Authorization", ada.bearer())
                .exchange(), "scope");
        expectValidation(client.get().uri("/api/documents?cursor=nonsense").header("Authorization", ada.bearer())
                .exchange(), "cursor");
    }

    @Test
    void withoutATokenEveryRouteIs401() {
        dev.rill.support.Problems.expectUnauthorized(client.get().uri("/api/documents").exchange());
        dev.rill.support.Problems.expectUnauthorized(client.post().uri("/api/documents")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "t", "content", "c")).exchange());
    }

    @SuppressWarnings("unchecked")
    private int ownDocuments(Session session) {
        return ((java.util.List<Object>) KnowledgeBase.json(client.get().uri("/api/documents?scope=user")
                .header("Authorization", session.bearer()).exchange().expectStatus().isOk()).get("results")).size();
    }
}
