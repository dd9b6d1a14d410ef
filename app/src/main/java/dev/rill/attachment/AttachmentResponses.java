package dev.rill.attachment;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.rill.shared.IdKind;
import io.swagger.v3.oas.annotations.media.Schema;

/** What the attachment routes return. IDs are prefixed; every field is always present, {@code null} included. */
final class AttachmentResponses {

    private AttachmentResponses() {
    }

    static String path(Attachment attachment) {
        return "/api/chats/" + IdKind.CHAT.format(attachment.chatId()) + "/attachments/"
                + IdKind.ATTACHMENT.format(attachment.id());
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AttachmentView(@Schema(description = "att-…") String id,
                          @Schema(description = "chat-…") String chatId,
                          @Schema(allowableValues = {"image/png", "image/jpeg"},
                                  description = "Decided from the bytes, not from the declared type") String mediaType,
                          @Schema(description = "The uploaded file's name, for display; null when none was sent")
                          String filename,
                          long sizeBytes,
                          @Schema(description = "Whether a structured extraction was asked for") boolean analysis,
                          @Schema(description = "Where the image's bytes are read") String contentUrl,
                          Instant createdAt,
                          @Schema(description = "run-… of the turn that sent the image to the model; null while the"
                                  + " room's next turn is still to take it") String runId,
                          @Schema(description = "The extraction that turn made when analysis was asked for:"
                                  + " {\"rows\": [{\"name\", \"value\", \"unit\", \"range\"}]}; null otherwise",
                                  type = "object")
                          @JsonRawValue String analysisResult) {

        static AttachmentView of(Attachment attachment) {
            return new AttachmentView(IdKind.ATTACHMENT.format(attachment.id()),
                    IdKind.CHAT.format(attachment.chatId()), attachment.mediaType(), attachment.filename(),
                    attachment.sizeBytes(), attachment.analysis(), path(attachment) + "/content",
                    attachment.createdAt(),
                    attachment.runId() == null ? null : IdKind.RUN.format(attachment.runId()),
                    attachment.analysisResult());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AttachmentList(@Schema(description = "The room's attachments, oldest first") List<AttachmentView> results) {

        static AttachmentList of(List<Attachment> attachments) {
            return new AttachmentList(attachments.stream().map(AttachmentView::of).toList());
        }
    }

    /** The multipart form of an upload, for the OpenAPI document only: the handler reads the parts as a stream. */
    record UploadForm(
            @Schema(description = "The image: PNG or JPEG, recognised by its bytes", type = "string",
                    format = "binary", requiredMode = Schema.RequiredMode.REQUIRED) String file,
            @Schema(description = "true asks the next turn for a structured extraction (rows of name, value, unit,"
                    + " range); false when left out", allowableValues = {"true", "false"}) String analysis) {
    }
}
