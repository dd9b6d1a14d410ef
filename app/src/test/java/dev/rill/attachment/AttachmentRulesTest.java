package dev.rill.attachment;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static dev.rill.attachment.Attachments.createRoom;
import static dev.rill.attachment.Attachments.image;
import static dev.rill.attachment.Attachments.json;
import static dev.rill.attachment.Attachments.upload;
import static dev.rill.support.Problems.expectProblem;
import static dev.rill.support.Problems.expectValidation;
import static org.assertj.core.api.Assertions.assertThat;

/** Every way an attachment request can be wrong gets its problem, and nothing is stored. */
class AttachmentRulesTest extends HttpTest {

    @Test
    void textRenamedToPngIs415WhateverItDeclares() {
        Session ada = signUp();
        String chat = createRoom(client, ada.bearer());
        byte[] script = "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
        byte[] gif = "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1);

        for (byte[] bytes : new byte[][] {script, gif}) {
            expectProblem(upload(client, ada.bearer(), chat, "cat.png", MediaType.IMAGE_PNG, bytes),
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
        }
        assertThat(count(chat, ada)).isZero();
    }

    @Test
    void bodyThatIsNotAFormIs415() {
        Session ada = signUp();
        String chat = createRoom(client, ada.bearer());

        expectProblem(client.post().uri("/api/chats/{chat}/attachments", chat).header("Authorization", ada.bearer())
                .contentType(MediaType.IMAGE_PNG).bodyValue(image("png")).exchange(),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
    }

    @Test
    void imageLargerThanTheLimitIs413() {
        Session ada = signUp();
        String chat = createRoom(client, ada.bearer());
        byte[] big = new byte[10 * 1024 * 1024 + 1];
        byte[] png = image("png");
        System.arraycopy(png, 0, big, 0, png.length);
        Arrays.fill(big, png.length, big.length, (byte) 7);

        Map<String, Object> problem = expectProblem(upload(client, ada.bearer(), chat, "big.png", MediaType.IMAGE_PNG,
                big), HttpStatus.CONTENT_TOO_LARGE, "body-too-large");

        assertThat(problem).containsEntry("max_bytes", 10 * 1024 * 1024);
        assertThat(count(chat, ada)).isZero();
    }

    @Test
    void emptyOrMissingFileIs400() {
        Session ada = signUp();
        String chat = createRoom(client, ada.bearer());

        expectValidation(upload(client, ada.bearer(), chat, "empty.png", MediaType.IMAGE_PNG, new byte[0]), "file");
        expectValidation(new Attachments.Form().field("analysis", "true").post(client, ada.bearer(), chat), "file");
        expectValidation(new Attachments.Form().file("file", "a.png", MediaType.IMAGE_PNG, image("png"))
                .field("analysis", "maybe").post(client, ada.bearer(), chat), "analysis");
        expectProblem(new Attachments.Form().file("file", "a.png", MediaType.IMAGE_PNG, image("png"))
                .field("path", "/etc").post(client, ada.bearer(), chat), HttpStatus.BAD_REQUEST, "unknown-field");
        assertThat(count(chat, ada)).isZero();
    }

    @Test
    void malformedIdsAre400() {
        Session ada = signUp();
        String chat = createRoom(client, ada.bearer());

        expectProblem(client.get().uri("/api/chats/{chat}/attachments", "nope").header("Authorization", ada.bearer())
                .exchange(), HttpStatus.BAD_REQUEST, "malformed-id");
        expectProblem(client.get().uri("/api/chats/{chat}/attachments/{id}", chat, chat)
                .header("Authorization", ada.bearer()).exchange(), HttpStatus.BAD_REQUEST, "malformed-id");
        expectProblem(client.get().uri("/api/chats/{chat}/attachments/{id}/content", chat, "att-123")
                .header("Authorization", ada.bearer()).exchange(), HttpStatus.BAD_REQUEST, "malformed-id");
        expectProblem(client.delete().uri("/api/chats/{chat}/attachments/{id}", chat, "att-not-a-uuid")
                .header("Authorization", ada.bearer()).exchange(), HttpStatus.BAD_REQUEST, "malformed-id");
    }

    @Test
    void anotherUsersRoomOrAttachmentIs404() {
        Session ada = signUp();
        Session bob = signUp();
        String adasChat = createRoom(client, ada.bearer());
        String bobsChat = createRoom(client, bob.bearer());
        String adasImage = (String) json(upload(client, ada.bearer(), adasChat, "a.png", MediaType.IMAGE_PNG,
                image("png")).expectStatus().isCreated()).get("id");

        expectProblem(upload(client, bob.bearer(), adasChat, "b.png", MediaType.IMAGE_PNG, image("png")),
                HttpStatus.NOT_FOUND, "not-found");
        expectProblem(client.get().uri("/api/chats/{chat}/attachments", adasChat).header("Authorization", bob.bearer())
                .exchange(), HttpStatus.NOT_FOUND, "not-found");
        for (String chat : List.of(adasChat, bobsChat)) {
            for (String path : List.of("/api/chats/{chat}/attachments/{id}", "/api/chats/{chat}/attachments/{id}/content")) {
                expectProblem(client.get().uri(path, chat, adasImage).header("Authorization", bob.bearer()).exchange(),
                        HttpStatus.NOT_FOUND, "not-found");
            }
            expectProblem(client.delete().uri("/api/chats/{chat}/attachments/{id}", chat, adasImage)
                    .header("Authorization", bob.bearer()).exchange(), HttpStatus.NOT_FOUND, "not-found");
        }
        // Ada's own image through her other room is not found either: an attachment belongs to one room.
        String adasOtherChat = createRoom(client, ada.bearer());
        client.get().uri("/api/chats/{chat}/attachments/{id}", adasOtherChat, adasImage)
                .header("Authorization", ada.bearer()).exchange().expectStatus().isNotFound();

        assertThat(count(adasChat, ada)).isEqualTo(1);
    }

    @Test
    void withoutATokenIs401() {
        Session ada = signUp();
        String chat = createRoom(client, ada.bearer());

        client.get().uri("/api/chats/{chat}/attachments", chat).exchange().expectStatus().isUnauthorized();
    }

    @SuppressWarnings("unchecked")
    private int count(String chat, Session session) {
        Map<String, Object> list = json(client.get().uri("/api/chats/{chat}/attachments", chat)
                .header("Authorization", session.bearer()).exchange().expectStatus().isOk());
        return ((List<Object>) list.get("results")).size();
    }
}
