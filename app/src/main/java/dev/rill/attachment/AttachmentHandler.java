package dev.rill.attachment;

import java.net.URI;
import java.util.Set;
import java.util.UUID;

import dev.rill.shared.IdKind;
import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import dev.rill.shared.web.SingleFileUploads;
import dev.rill.shared.web.CurrentUser;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;

/** Maps the attachment routes onto {@link AttachmentService}. */
@Component
class AttachmentHandler {

    /** Room for multipart framing and small fields around the file, when checking a declared Content-Length. */

    private final AttachmentService attachments;
    private final AttachmentProperties properties;

    AttachmentHandler(AttachmentService attachments, AttachmentProperties properties) {
        this.attachments = attachments;
        this.properties = properties;
    }

    Mono<ServerResponse> upload(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> {
                    UUID chatId = chatId(request);
                    return form(request).flatMap(upload -> attachments.upload(user.id(), chatId, upload));
                })
                .flatMap(attachment -> ServerResponse.created(URI.create(AttachmentResponses.path(attachment)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(AttachmentResponses.AttachmentView.of(attachment)));
    }

    Mono<ServerResponse> list(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> attachments.list(user.id(), chatId(request)).collectList())
                .flatMap(found -> json(AttachmentResponses.AttachmentList.of(found)));
    }

    Mono<ServerResponse> get(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> attachments.get(user.id(), chatId(request), attachmentId(request)))
                .flatMap(attachment -> json(AttachmentResponses.AttachmentView.of(attachment)));
    }

    Mono<ServerResponse> content(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> attachments.content(user.id(), chatId(request), attachmentId(request)))
                .flatMap(content -> ServerResponse.ok()
                        .contentType(MediaType.parseMediaType(content.attachment().mediaType()))
                        .contentLength(content.bytes().length)
                        .header("X-Content-Type-Options", "nosniff")
                        // The name is Rill's own ID, never the client's file name.
                        .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\""
                                + IdKind.ATTACHMENT.format(content.attachment().id()) + "\"")
                        .cacheControl(CacheControl.noStore().cachePrivate())
                        .bodyValue(content.bytes()));
    }

    Mono<ServerResponse> delete(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> attachments.delete(user.id(), chatId(request), attachmentId(request)))
                .then(ServerResponse.noContent().build());
    }

    /**
     * Reads the form part by part as it arrives, without temporary files, and stops reading (413) as soon as the
     * file passes {@code rill.attachments.max-bytes}. The same reading as the knowledge base's uploads.
     */
    private Mono<AttachmentUpload> form(ServerRequest request) {
        MediaType type = request.headers().contentType().orElse(null);
        if (type == null || !MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
            return Mono.error(new RillException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Send the image as multipart/form-data with a file part named file"));
        }
        boolean analysisQuery = request.queryParam("analysis").map(AttachmentHandler::flag).orElse(false);
        return SingleFileUploads.read(request, properties.maxBytes().toBytes(), Set.of("analysis"),
                        () -> AttachmentService.tooLarge(properties))
                .map(form -> {
                    if (!form.hasFile()) {
                        throw RillException.invalid(SingleFileUploads.FILE,
                                "is required: send the image as a file part named file");
                    }
                    String analysisPart = form.fields().get("analysis");
                    return new AttachmentUpload(form.filename(), form.bytes(),
                            analysisQuery || (analysisPart != null && flag(analysisPart)));
                });
    }

    private static boolean flag(String raw) {
        String value = raw == null ? "" : raw.strip();
        if (value.isEmpty() || "false".equalsIgnoreCase(value)) {
            return false;
        }
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        throw RillException.invalid("analysis", "must be true or false");
    }

    private static UUID chatId(ServerRequest request) {
        return IdKind.CHAT.parse(request.pathVariable("chatId"));
    }

    private static UUID attachmentId(ServerRequest request) {
        return IdKind.ATTACHMENT.parse(request.pathVariable("attachmentId"));
    }

    private static Mono<ServerResponse> json(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
