package dev.rill.rag;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.rill.support.HttpTest;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Shorthands for the knowledge-base tests: uploads, searches, an admin's token, PDFs made on the spot. */
final class KnowledgeBase {

    static final String ADMIN_EMAIL = "admin@rill.test";

    private KnowledgeBase() {
    }

    /** Uploads text as JSON and returns the created document. */
    static Map<String, Object> uploadText(WebTestClient client, String bearer, String title, String content,
                                          String scope) {
        return json(client.post().uri("/api/documents").header("Authorization", bearer)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(scope == null ? Map.of("title", title, "content", content)
                        : Map.of("title", title, "content", content, "scope", scope))
                .exchange().expectStatus().isCreated());
    }

    /** Sends a multipart upload with one file part (and the given form fields) and returns the response. */
    static WebTestClient.ResponseSpec uploadFile(WebTestClient client, String bearer, String filename,
                                                 MediaType type, byte[] bytes, Map<String, String> fields) {
        Form form = new Form();
        form.file("file", filename, type, bytes);
        fields.forEach(form::field);
        return form.post(client, bearer);
    }

    /**
     * A multipart/form-data body written by hand with a fixed boundary. Spring's writer makes a random boundary
     * with a SecureRandom that reads /dev/urandom on the client's event loop, which BlockHound rightly refuses.
     */
    static final class Form {

        private static final String BOUNDARY = "rill-test-boundary-7MA4YWxkTrZu0gW";
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Form file(String name, String filename, MediaType type, byte[] bytes) {
            head("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n"
                    + (type == null ? "" : "Content-Type: " + type + "\r\n"));
            body.writeBytes(bytes);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Form field(String name, String value) {
            head("Content-Disposition: form-data; name=\"" + name + "\"\r\n");
            body.writeBytes((value + "\r\n").getBytes(StandardCharsets.UTF_8));
            return this;
        }

        WebTestClient.ResponseSpec post(WebTestClient client, String bearer) {
            body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return client.post().uri("/api/documents").header("Authorization", bearer)
                    .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY))
                    .bodyValue(body.toByteArray()).exchange();
        }

        private void head(String headers) {
            body.writeBytes(("--" + BOUNDARY + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> search(WebTestClient client, String bearer, String query, int limit) {
        Map<String, Object> body = json(client.get()
                .uri(uri -> uri.path("/api/documents/search").queryParam("q", query).queryParam("limit", limit)
                        .build())
                .header("Authorization", bearer).exchange().expectStatus().isOk());
        return (List<Map<String, Object>>) body.get("search_result");
    }

    /** The bearer header of the admin named in the test profile, signing up on first use. */
    @SuppressWarnings("unchecked")
    static String adminBearer(WebTestClient client) {
        var signup = client.post().uri("/api/auth/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", ADMIN_EMAIL, "password", HttpTest.PASSWORD, "nickname", "Admin"))
                .exchange().returnResult(Map.class);
        if (signup.getStatus().value() == HttpStatus.CREATED.value()) {
            return "Bearer " + signup.getResponseBody().blockFirst().get("access_token");
        }
        // Another test class, or a database kept from an earlier run, already has the account.
        return "Bearer " + client.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", ADMIN_EMAIL, "password", HttpTest.PASSWORD))
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("access_token");
    }

    /** A real one-page PDF with these lines of text, made with PDFBox (on the class path through the parser). */
    static byte[] pdf(String... lines) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.setLeading(16);
                content.newLineAtOffset(72, 720);
                for (String line : lines) {
                    content.showText(line);
                    content.newLine();
                }
                content.endText();
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(WebTestClient.ResponseSpec response) {
        return response.expectBody(Map.class).returnResult().getResponseBody();
    }
}
