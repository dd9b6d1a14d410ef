package dev.rill.rag;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.rill.chat.Page;
import dev.rill.chat.PagingParameters;
import dev.rill.shared.IdKind;
import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import dev.rill.shared.web.SingleFileUploads;
import dev.rill.shared.web.CurrentUser;
import dev.rill.shared.web.JsonBodies;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;

/** Maps the knowledge-base and submissions-board routes onto {@link RagService} and {@link KnowledgeRequestService}. */
@Component
class RagHandler {

    /** Room for multipart framing and small fields around the file, when checking a declared Content-Length. */
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    private final RagService rag;
    private final KnowledgeRequestService knowledge;
    private final JsonBodies bodies;
    private final RagProperties properties;

    RagHandler(RagService rag, KnowledgeRequestService knowledge, JsonBodies bodies, RagProperties properties) {
        this.rag = rag;
        this.knowledge = knowledge;
        this.bodies = bodies;
        this.properties = properties;
    }

    Mono<ServerResponse> uploadDocument(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> upload(request).flatMap(upload -> rag.upload(actor(user), upload)))
                .flatMap(document -> ServerResponse
                        .created(URI.create("/api/documents/" + IdKind.DOCUMENT.format(document.id())))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(RagResponses.DocumentView.of(document)));
    }

    Mono<ServerResponse> listDocuments(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> {
                    PagingParameters.Paging paging = PagingParameters.read(request, "cursor", "limit",
                            properties.defaultPageSize(), properties.maxPageSize());
                    return rag.list(user.id(), scope(request), paging.cursor(), paging.limit());
                })
                .flatMap(page -> {
                    return PagingParameters.okPage(request, page, RagResponses.DocumentList.of(page));
                });
    }

    Mono<ServerResponse> searchDocuments(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> {
                    String query = request.queryParam("q").orElse("");
                    int limit = limit(request, properties.searchLimit(), properties.maxSearchLimit());
                    return rag.search(user.id(), query, limit)
                            .map(hits -> RagResponses.SearchResults.of(query.strip(), hits));
                })
                .flatMap(RagHandler::json);
    }

    Mono<ServerResponse> getDocument(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> rag.get(user.id(), documentId(request)))
                .flatMap(text -> json(RagResponses.DocumentWithContent.of(text)));
    }

    Mono<ServerResponse> deleteDocument(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> rag.delete(actor(user), documentId(request)))
                .then(ServerResponse.noContent().build());
    }

    Mono<ServerResponse> submitKnowledge(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> bodies.read(request, RagRequests.SubmitKnowledge.class)
                        .flatMap(body -> knowledge.submit(user.id(), body.title(), body.content(), body.reason())))
                .flatMap(submitted -> ServerResponse
                        .created(URI.create("/api/knowledge-requests/"
                                + IdKind.KNOWLEDGE_REQUEST.format(submitted.id())))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(RagResponses.KnowledgeRequestView.of(submitted)));
    }

    Mono<ServerResponse> listOwnKnowledge(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> {
                    PagingParameters.Paging paging = PagingParameters.read(request, "cursor", "limit",
                            properties.defaultPageSize(), properties.maxPageSize());
                    return knowledge.listOwn(user.id(), status(request, null), paging.cursor(), paging.limit());
                })
                .flatMap(page -> knowledgeList(request, page));
    }

    Mono<ServerResponse> getKnowledge(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> knowledge.get(actor(user), requestId(request)))
                .flatMap(found -> json(RagResponses.KnowledgeRequestView.of(found)));
    }

    Mono<ServerResponse> editKnowledge(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> {
                    UUID id = requestId(request);
                    return bodies.read(request, RagRequests.EditKnowledge.class)
                            .flatMap(body -> knowledge.edit(user.id(), id, body.title(), body.content(),
                                    body.reason()));
                })
                .flatMap(edited -> json(RagResponses.KnowledgeRequestView.of(edited)));
    }

    Mono<ServerResponse> deleteKnowledge(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> knowledge.delete(user.id(), requestId(request)))
                .then(ServerResponse.noContent().build());
    }

    Mono<ServerResponse> listAllKnowledge(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> {
                    PagingParameters.Paging paging = PagingParameters.read(request, "cursor", "limit",
                            properties.defaultPageSize(), properties.maxPageSize());
                    return knowledge.listAll(actor(user), status(request, KnowledgeRequestStatus.PENDING),
                            paging.cursor(), paging.limit());
                })
                .flatMap(page -> knowledgeList(request, page));
    }

    Mono<ServerResponse> applyKnowledge(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> knowledge.apply(actor(user), requestId(request)))
                .flatMap(applied -> json(RagResponses.KnowledgeRequestView.of(applied)));
    }

    Mono<ServerResponse> rejectKnowledge(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> knowledge.reject(actor(user), requestId(request)))
                .flatMap(rejected -> json(RagResponses.KnowledgeRequestView.of(rejected)));
    }

    /** The upload in either form this route accepts: a multipart form with a file, or JSON with the text. */
    private Mono<DocumentUpload> upload(ServerRequest request) {
        MediaType type = request.headers().contentType().orElse(null);
        if (type != null && MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
            return multipartUpload(request);
        }
        if (type != null && (type.isCompatibleWith(MediaType.APPLICATION_JSON)
                || "json".equals(type.getSubtypeSuffix()))) {
            return bodies.read(request, RagRequests.CreateDocument.class).map(RagHandler::jsonUpload);
        }
        return Mono.error(new RillException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                "Send the document as multipart/form-data with a file part, or as application/json"));
    }

    private static DocumentUpload jsonUpload(RagRequests.CreateDocument body) {
        return new DocumentUpload(body.title(), null, "markdown".equals(body.format()) ? "text/markdown" : "text/plain",
                body.content().getBytes(StandardCharsets.UTF_8),
                "global".equals(body.scope()) ? DocumentScope.GLOBAL : DocumentScope.USER);
    }

    /**
     * Reads the form part by part as it arrives, without temporary files, and stops reading (413) as soon as the
     * file passes {@code rill.rag.max-document-size}.
     */
    private Mono<DocumentUpload> multipartUpload(ServerRequest request) {
        return SingleFileUploads.read(request, properties.maxDocumentSize().toBytes(), Set.of("title", "scope"),
                        () -> RagService.tooLarge(properties))
                .map(RagHandler::fileUpload);
    }

    private static DocumentUpload fileUpload(SingleFileUploads.Upload form) {
        if (!form.hasFile()) {
            throw RillException.invalid(SingleFileUploads.FILE,
                    "is required: send the document as a file part named file");
        }
        if (form.bytes().length == 0) {
            throw RillException.invalid(SingleFileUploads.FILE, "must not be empty");
        }
        String title = form.fields().get("title");
        String scope = form.fields().get("scope");
        DocumentScope parsed = scope == null || scope.isBlank() ? DocumentScope.USER
                : DocumentScope.fromWire(scope.strip());
        if (parsed == null) {
            throw RillException.invalid("scope", "must be user or global");
        }
        return new DocumentUpload(title == null || title.isBlank() ? null : title, form.filename(),
                form.declaredType() == null ? null : form.declaredType().toString(), form.bytes(), parsed);
    }

    private static Actor actor(CurrentUser user) {
        return new Actor(user.id(), user.isAdmin());
    }

    private static DocumentScope scope(ServerRequest request) {
        String raw = request.queryParam("scope").orElse("").strip();
        if (raw.isEmpty()) {
            return null;
        }
        DocumentScope scope = DocumentScope.fromWire(raw);
        if (scope == null) {
            throw RillException.invalid("scope", "must be user or global");
        }
        return scope;
    }

    private static KnowledgeRequestStatus status(ServerRequest request, KnowledgeRequestStatus fallback) {
        String raw = request.queryParam("status").orElse("").strip();
        if (raw.isEmpty()) {
            return fallback;
        }
        KnowledgeRequestStatus status = KnowledgeRequestStatus.fromWire(raw);
        if (status == null) {
            throw RillException.invalid("status", "must be pending, applied or rejected");
        }
        return status;
    }

    private static int limit(ServerRequest request, int fallback, int max) {
        String raw = request.queryParam("limit").orElse("").strip();
        if (raw.isEmpty()) {
            return fallback;
        }
        int limit = DIGITS.matcher(raw).matches() ? Integer.parseInt(raw) : -1;
        if (limit < 1 || limit > max) {
            throw RillException.invalid("limit", "must be a whole number from 1 to " + max);
        }
        return limit;
    }

    private static Mono<ServerResponse> knowledgeList(ServerRequest request,
                                                      Page<KnowledgeRequest> page) {
        return PagingParameters.okPage(request, page, RagResponses.KnowledgeRequestList.of(page));
    }

    private static UUID documentId(ServerRequest request) {
        return IdKind.DOCUMENT.parse(request.pathVariable("documentId"));
    }

    private static UUID requestId(ServerRequest request) {
        return IdKind.KNOWLEDGE_REQUEST.parse(request.pathVariable("requestId"));
    }

    private static Mono<ServerResponse> json(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
