package dev.rill.attachment;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.imageio.ImageIO;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Helpers for the attachment tests: tiny images made on the test thread, rooms, and hand-written upload forms. */
final class Attachments {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    private Attachments() {
    }

    /** A real 4×3 image in {@code format} ("png" or "jpeg"), written by javax.imageio on the calling (test) thread. */
    static byte[] image(String format) {
        BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0xCC3344);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String createRoom(WebTestClient client, String bearer) {
        return (String) json(client.post().uri("/api/chats").header("Authorization", bearer)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "Lab results"))
                .exchange().expectStatus().isCreated()).get("id");
    }

    static WebTestClient.ResponseSpec upload(WebTestClient client, String bearer, String chatId, String filename,
                                            MediaType declared, byte[] bytes) {
        return new Form().file("file", filename, declared, bytes).post(client, bearer, chatId);
    }

    static Map<String, Object> json(WebTestClient.ResponseSpec response) {
        return response.expectBody(MAP).returnResult().getResponseBody();
    }

    /**
     * A multipart/form-data body written by hand with a fixed boundary: Spring's writer makes a random boundary with
     * a SecureRandom that reads /dev/urandom on the client's event loop, which BlockHound rightly refuses.
     */
    static final class Form {

        private static final String BOUNDARY = "rill-test-boundary-attach-9f2Kq";
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

        WebTestClient.ResponseSpec post(WebTestClient client, String bearer, String chatId) {
            return send(client, bearer, "/api/chats/" + chatId + "/attachments");
        }

        WebTestClient.ResponseSpec post(WebTestClient client, String bearer, String chatId, String query) {
            return send(client, bearer, "/api/chats/" + chatId + "/attachments?" + query);
        }

        private WebTestClient.ResponseSpec send(WebTestClient client, String bearer, String uri) {
            body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return client.post().uri(uri).header("Authorization", bearer)
                    .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY))
                    .bodyValue(body.toByteArray()).exchange();
        }

        private void head(String headers) {
            body.writeBytes(("--" + BOUNDARY + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
