package dev.rill.attachment;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import dev.rill.attachment.internal.AttachmentRepository;
import dev.rill.attachment.internal.AttachmentRow;
import dev.rill.chat.ChatService;
import dev.rill.shared.IdKind;
import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import org.springframework.stereotype.Service;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Images attached to a user's rooms: upload, list, read, delete. The room must be the user's
 * ({@link ChatService#requireOwned}, 404 otherwise), and an attachment is found only through its own room.
 */
@Service
public class AttachmentService {

    private static final int MAX_FILENAME_LENGTH = 200;

    private final ChatService chats;
    private final AttachmentRepository attachments;
    private final AttachmentProperties properties;
    private final JsonMapper json;

    AttachmentService(ChatService chats, AttachmentRepository attachments, AttachmentProperties properties,
                      JsonMapper json) {
        this.chats = chats;
        this.attachments = attachments;
        this.properties = properties;
        this.json = json;
    }

    /**
     * Stores an image in the user's room: 400 when it is empty, 413 when larger than
     * {@code rill.attachments.max-bytes}, 415 when its bytes are not PNG or JPEG, 409 when the room is full.
     */
    public Mono<Attachment> upload(UUID userId, UUID chatId, AttachmentUpload upload) {
        return Mono.defer(() -> {
            if (upload.bytes().length == 0) {
                return Mono.error(RillException.invalid("file", "must not be empty"));
            }
            if (upload.bytes().length > properties.maxBytes().toBytes()) {
                return Mono.error(tooLarge(properties));
            }
            String mediaType = ImageFormats.detect(upload.bytes());
            return chats.requireOwned(userId, chatId)
                    .then(attachments.countInRoom(userId, chatId))
                    .flatMap(count -> {
                        if (count >= properties.maxPerRoom()) {
                            return Mono.error(new RillException(AttachmentProblems.TOO_MANY_ATTACHMENTS,
                                    "A room holds at most " + properties.maxPerRoom() + " attachments; delete one"
                                            + " first").with("max_per_room", properties.maxPerRoom()));
                        }
                        // PostgreSQL keeps microseconds; a finer Instant would not survive a round trip.
                        AttachmentRow row = new AttachmentRow(IdKind.newUuid(), chatId, userId, mediaType,
                                displayName(upload.filename()), upload.bytes().length, upload.analysis(),
                                Instant.now().truncatedTo(ChronoUnit.MICROS));
                        return attachments.insert(row, upload.bytes()).thenReturn(toAttachment(row));
                    });
        });
    }

    /** The room's attachments, oldest first (at most {@code rill.attachments.max-per-room}). */
    public Flux<Attachment> list(UUID userId, UUID chatId) {
        return chats.requireOwned(userId, chatId)
                .thenMany(attachments.findInRoom(userId, chatId, properties.maxPerRoom()))
                .map(AttachmentService::toAttachment);
    }

    public Mono<Attachment> get(UUID userId, UUID chatId, UUID attachmentId) {
        return chats.requireOwned(userId, chatId)
                .then(attachments.findOwned(userId, chatId, attachmentId))
                .map(AttachmentService::toAttachment)
                .switchIfEmpty(Mono.error(AttachmentService::notFound));
    }

    /** An attachment's metadata with its bytes. */
    public Mono<AttachmentContent> content(UUID userId, UUID chatId, UUID attachmentId) {
        return get(userId, chatId, attachmentId)
                .flatMap(attachment -> attachments.findContent(userId, chatId, attachmentId)
                        .map(bytes -> new AttachmentContent(attachment, bytes)))
                .switchIfEmpty(Mono.error(AttachmentService::notFound));
    }

    public Mono<Void> delete(UUID userId, UUID chatId, UUID attachmentId) {
        return chats.requireOwned(userId, chatId)
                .then(attachments.deleteOwned(userId, chatId, attachmentId))
                .switchIfEmpty(Mono.error(AttachmentService::notFound))
                .then();
    }

    static RillException tooLarge(AttachmentProperties properties) {
        return new RillException(ProblemType.BODY_TOO_LARGE, "An attachment may be at most "
                + properties.maxBytes().toKilobytes() + " KiB")
                .with("max_bytes", properties.maxBytes().toBytes());
    }

    private static RillException notFound() {
        return RillException.notFound("Attachment");
    }

    /** The last path segment of what the client sent, printable and bounded; {@code null} when nothing is left. */
    static String displayName(String filename) {
        if (filename == null) {
            return null;
        }
        String name = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1)
                .replaceAll("\\p{Cntrl}", "").strip();
        if (name.length() > MAX_FILENAME_LENGTH) {
            name = name.substring(0, MAX_FILENAME_LENGTH);
        }
        return name.isEmpty() ? null : name;
    }

    /**
     * The room's attachments that no turn has sent yet (the oldest {@code rill.attachments.max-per-turn}), with their
     * bytes, now marked as sent by {@code runId}. For the streaming feature, which has checked the room already.
     */
    public Flux<AttachmentContent> takePending(UUID userId, UUID chatId, UUID runId) {
        return attachments.takePending(userId, chatId, runId, properties.maxPerTurn())
                .map(pending -> new AttachmentContent(toAttachment(pending.row()), pending.content()));
    }

    /**
     * Makes the attachments {@code runId} took pending again, for a turn that ended without any answer (the model
     * failed before its first token, or the user stopped it): the next turn sends them instead of losing them.
     */
    public Mono<Void> release(UUID runId) {
        return attachments.release(runId).then();
    }

    /** Stores what {@code runId} extracted from the attachment it sent; {@code result} must be JSON-serialisable. */
    public Mono<Void> saveAnalysis(UUID attachmentId, UUID runId, Map<String, Object> result) {
        return Mono.fromCallable(() -> json.writeValueAsString(result))
                .flatMap(text -> attachments.saveAnalysis(attachmentId, runId, text));
    }

    private static Attachment toAttachment(AttachmentRow row) {
        return new Attachment(row.id(), row.chatId(), row.userId(), row.mediaType(), row.filename(), row.sizeBytes(),
                row.analysis(), row.createdAt(), row.runId(), row.analysisResult());
    }
}
