package dev.rill.attachment;

import java.util.List;
import java.util.Map;

import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static dev.rill.attachment.Attachments.createRoom;
import static dev.rill.attachment.Attachments.image;
import static dev.rill.attachment.Attachments.json;
import static dev.rill.attachment.Attachments.upload;
import static org.assertj.core.api.Assertions.assertThat;

/** Images attached to a room over real HTTP: stored, listed, read back byte for byte, deleted. */
class AttachmentCrudTest extends HttpTest {

    @Test
    void pngIsStoredAndItsBytesComeBackWithItsTypeAndNosniff() {
        Session ada = signUp();
        String chat = createRoom(client, ada.bearer());
        byte[] png = image("png");

        Map<String, Object> created = json(upload(client, ada.bearer(), chat, "report.png", MediaType.IMAGE_PNG, png)
                .expectStatus().isCreated()
                .expectHeader().value("Location", location -> assertThat(location)
                        .startsWith("/api/chats/" + chat + "/attachments/att-")));

        String id = (String) created.get("id");
        assertThat(id).startsWith("att-");
        assertThat(created).containsEntry("chat_id", chat).containsEntry("media_type", "image/png")
                .containsEntry("filename", "report.png").containsEntry("size_bytes", png.length)
                .containsEntry("analysis", false)
                .containsEntry("content_url", "/api/chats/" + chat + "/attachments/" + id + "/content");

        byte[] served = client.get().uri("/api/chats/{chat}/attachments/{id}/content", chat, id)
                .header("Authorization", ada.bearer()).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.IMAGE_PNG)
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(served).isEqualTo(png);

        assertThat(json(client.get().uri("/api/chats/{chat}/attachments/{id}", chat, id)
                .header("Authorization", ada.bearer()).exchange().expectStatus().isOk()))
                .containsEntry("id", id).containsEntry("media_type", "image/png");
    }

    @Test
    void jpegDeclaredAsOctetStreamIsTakenForWhatItsBytesAre() {
        Session ada = signUp();
        String chat = createRoom(client, ada.bearer());
        byte[] jpeg = image("jpeg");

        Map<String, Object> created = json(upload(client, ada.bearer(), chat, "scan", MediaType.APPLICATION_OCTET_STREAM,
                jpeg).expectStatus().isCreated());

        assertThat(created).containsEntry("media_type", "image/jpeg").containsEntry("filename", "scan");
        client.get().uri("/api/chats/{chat}/attachments/{id}/content", chat, created.get("id"))
                .header("Authorization", ada.bearer()).exchange()
                .expectStatus().isOk().expectHeader().contentType(MediaType.IMAGE_JPEG);
    }

    @Test
    void analysisOptionIsRecordedFromTheFormOrTheQuery() {
        Session ada = signUp();
        String chat = createRoom(client, ada.bearer());

        Map<String, Object> byForm = json(new Attachments.Form().file("file", "a.png", MediaType.IMAGE_PNG, image("png"))
                .field("analysis", "true").post(client, ada.bearer(), chat).expectStatus().isCreated());
        Map<String, Object> byQuery = json(new Attachments.Form().file("file", "b.png", MediaType.IMAGE_PNG,
                image("png")).post(client, ada.bearer(), chat, "analysis=true").expectStatus().isCreated());

        assertThat(byForm).containsEntry("analysis", true);
        assertThat(byQuery).containsEntry("analysis", true);
    }

    @Test
    void fileNameKeepsOnlyItsLastSegment() {
        Session ada = signUp();
        String chat = createRoom(client, ada.bearer());

        Map<String, Object> created = json(upload(client, ada.bearer(), chat, "../../etc/passwd.png",
                MediaType.IMAGE_PNG, image("png")).expectStatus().isCreated());

        assertThat(created).containsEntry("filename", "passwd.png");
    }

    @Test
    void listShowsTheRoomsAttachmentsOldestFirstAndDeleteRemovesOne() {
        Session ada = signUp();
        String chat = createRoom(client, ada.bearer());
        String otherChat = createRoom(client, ada.bearer());
        String first = (String) json(upload(client, ada.bearer(), chat, "1.png", MediaType.IMAGE_PNG, image("png"))
                .expectStatus().isCreated()).get("id");
        String second = (String) json(upload(client, ada.bearer(), chat, "2.jpg", MediaType.IMAGE_JPEG,
                image("jpeg")).expectStatus().isCreated()).get("id");
        upload(client, ada.bearer(), otherChat, "3.png", MediaType.IMAGE_PNG, image("png")).expectStatus().isCreated();

        assertThat(ids(chat, ada)).containsExactly(first, second);

        client.delete().uri("/api/chats/{chat}/attachments/{id}", chat, first).header("Authorization", ada.bearer())
                .exchange().expectStatus().isNoContent();
        client.get().uri("/api/chats/{chat}/attachments/{id}", chat, first).header("Authorization", ada.bearer())
                .exchange().expectStatus().isNotFound();
        client.delete().uri("/api/chats/{chat}/attachments/{id}", chat, first).header("Authorization", ada.bearer())
                .exchange().expectStatus().isNotFound();
        assertThat(ids(chat, ada)).containsExactly(second);
    }

    @Test
    void deletingTheRoomDeletesItsAttachments() {
        Session ada = signUp();
        String chat = createRoom(client, ada.bearer());
        upload(client, ada.bearer(), chat, "1.png", MediaType.IMAGE_PNG, image("png")).expectStatus().isCreated();

        client.delete().uri("/api/chats/{chat}", chat).header("Authorization", ada.bearer()).exchange()
                .expectStatus().isNoContent();

        client.get().uri("/api/chats/{chat}/attachments", chat).header("Authorization", ada.bearer()).exchange()
                .expectStatus().isNotFound();
    }

    @SuppressWarnings("unchecked")
    private List<Object> ids(String chat, Session session) {
        Map<String, Object> list = json(client.get().uri("/api/chats/{chat}/attachments", chat)
                .header("Authorization", session.bearer()).exchange().expectStatus().isOk());
        return ((List<Map<String, Object>>) list.get("results")).stream().map(a -> a.get("id")).toList();
    }
}
