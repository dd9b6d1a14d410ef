package dev.rill.attachment;

import java.util.Map;

import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import static dev.rill.attachment.Attachments.createRoom;
import static dev.rill.attachment.Attachments.image;
import static dev.rill.attachment.Attachments.upload;
import static dev.rill.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** A room holds at most {@code rill.attachments.max-per-room} attachments, and a smaller size limit is honoured. */
@TestPropertySource(properties = {"rill.attachments.max-per-room=2", "rill.attachments.max-bytes=2KB"})
class AttachmentRoomLimitTest extends HttpTest {

    @Test
    void oneMoreThanTheRoomHoldsIs409UntilOneIsDeleted() {
        Session ada = signUp();
        String chat = createRoom(client, ada.bearer());
        String first = (String) Attachments.json(upload(client, ada.bearer(), chat, "1.png", MediaType.IMAGE_PNG,
                image("png")).expectStatus().isCreated()).get("id");
        upload(client, ada.bearer(), chat, "2.png", MediaType.IMAGE_PNG, image("png")).expectStatus().isCreated();

        Map<String, Object> problem = expectProblem(upload(client, ada.bearer(), chat, "3.png", MediaType.IMAGE_PNG,
                image("png")), HttpStatus.CONFLICT, "too-many-attachments");
        assertThat(problem).containsEntry("max_per_room", 2);

        client.delete().uri("/api/chats/{chat}/attachments/{id}", chat, first).header("Authorization", ada.bearer())
                .exchange().expectStatus().isNoContent();
        upload(client, ada.bearer(), chat, "3.png", MediaType.IMAGE_PNG, image("png")).expectStatus().isCreated();
    }

    @Test
    void configuredSizeLimitIs413AboveIt() {
        Session ada = signUp();
        String chat = createRoom(client, ada.bearer());
        byte[] png = image("png");
        byte[] big = new byte[2049];
        System.arraycopy(png, 0, big, 0, png.length);

        Map<String, Object> problem = expectProblem(upload(client, ada.bearer(), chat, "big.png", MediaType.IMAGE_PNG,
                big), HttpStatus.CONTENT_TOO_LARGE, "body-too-large");
        assertThat(problem).containsEntry("max_bytes", 2048);
    }
}
