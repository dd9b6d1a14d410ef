package dev.rill.rag;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.rill.chat.Cursor;
import dev.rill.chat.Page;
import dev.rill.rag.internal.KnowledgeRequestRepository;
import dev.rill.rag.internal.KnowledgeRequestRow;
import dev.rill.shared.IdKind;
import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Mono;

/**
 * The submissions board: users propose knowledge for the global knowledge base, with a reason, and admins apply or
 * reject each proposal.
 *
 * <p>A user submits, lists, reads, edits and deletes their own requests; another user's request is 404, as if it
 * did not exist. Only a pending request can be edited (409 {@code request-not-pending} after review). Admins list
 * every user's requests and review pending ones; everyone else gets 403 there. Applying a request makes its text a
 * global document (chunked and embedded like an upload) and marks the request applied, in one transaction; two
 * admins reviewing the same request at once cannot both succeed.
 */
@Service
public class KnowledgeRequestService {

    private final KnowledgeRequestRepository requests;
    private final R2dbcEntityTemplate template;
    private final DocumentIngestion ingestion;
    private final RagProperties properties;
    private final TransactionalOperator transaction;

    KnowledgeRequestService(KnowledgeRequestRepository requests, R2dbcEntityTemplate template,
                            DocumentIngestion ingestion, RagProperties properties,
                            ReactiveTransactionManager transactionManager) {
        this.requests = requests;
        this.template = template;
        this.ingestion = ingestion;
        this.properties = properties;
        this.transaction = TransactionalOperator.create(transactionManager);
    }

    /**
     * Submits a request. {@code content} and {@code reason} must not be blank; {@code title} may be {@code null}
     * (the document is then named after the content's first line). 400 {@code validation} naming the field
     * otherwise.
     */
    public Mono<KnowledgeRequest> submit(UUID userId, String title, String content, String reason) {
        return Mono.defer(() -> {
            Instant now = now();
            KnowledgeRequestRow row = new KnowledgeRequestRow(IdKind.newUuid(), userId, checkedTitle(title),
                    checkedContent(content), checkedReason(reason), KnowledgeRequestStatus.PENDING.wire(), null,
                    null, null, null, now, now);
            return template.insert(row);
        }).map(KnowledgeRequestService::toRequest);
    }

    /**
     * One page of the user's own requests, newest first, optionally only those with {@code status}.
     *
     * @param limit requests per page, 1 to {@link RagProperties#maxPageSize()}
     */
    public Mono<Page<KnowledgeRequest>> listOwn(UUID userId, KnowledgeRequestStatus status, Cursor cursor,
                                               int limit) {
        return Mono.defer(() -> {
            RagService.requireLimit(limit, properties.maxPageSize());
            return requests.findOwnPage(userId, status == null ? null : status.wire(), cursor.createdAt(),
                            cursor.id(), limit + 1)
                    .map(KnowledgeRequestService::toRequest).collectList()
                    .map(found -> RagService.page(found, limit, r -> Cursor.after(r.createdAt(), r.id())));
        });
    }

    /** A request of the actor's own, or any request for an admin; 404 otherwise. */
    public Mono<KnowledgeRequest> get(Actor actor, UUID requestId) {
        Mono<KnowledgeRequestRow> row = actor.admin() ? requests.findById(requestId)
                : requests.findOwned(actor.userId(), requestId);
        return row.map(KnowledgeRequestService::toRequest)
                .switchIfEmpty(Mono.error(KnowledgeRequestService::requestNotFound));
    }

    /**
     * Changes the non-null fields of a pending request of the user's. 404 if it is not theirs, 409
     * {@code request-not-pending} once it has been reviewed.
     */
    public Mono<KnowledgeRequest> edit(UUID userId, UUID requestId, String title, String content, String reason) {
        return Mono.defer(() -> requests.editPending(userId, requestId,
                        title == null ? null : checkedTitle(title),
                        content == null ? null : checkedContent(content),
                        reason == null ? null : checkedReason(reason), now()))
                .map(KnowledgeRequestService::toRequest)
                // Nothing changed: either it is not the user's, or it is no longer pending.
                .switchIfEmpty(Mono.defer(() -> requests.findOwned(userId, requestId)
                        .switchIfEmpty(Mono.error(KnowledgeRequestService::requestNotFound))
                        .flatMap(found -> Mono.error(notPending(found)))));
    }

    /** Deletes a request of the user's, in any state; an applied request's document stays. 404 otherwise. */
    public Mono<Void> delete(UUID userId, UUID requestId) {
        return requests.deleteOwned(userId, requestId)
                .switchIfEmpty(Mono.error(KnowledgeRequestService::requestNotFound))
                .then();
    }

    /**
     * One page of every user's requests, newest first, for admins (403 otherwise), optionally only those with
     * {@code status}.
     */
    public Mono<Page<KnowledgeRequest>> listAll(Actor actor, KnowledgeRequestStatus status, Cursor cursor,
                                               int limit) {
        return requireAdmin(actor).then(Mono.defer(() -> {
            RagService.requireLimit(limit, properties.maxPageSize());
            return requests.findPage(status == null ? null : status.wire(), cursor.createdAt(), cursor.id(),
                            limit + 1)
                    .map(KnowledgeRequestService::toRequest).collectList()
                    .map(found -> RagService.page(found, limit, r -> Cursor.after(r.createdAt(), r.id())));
        }));
    }

    /**
     * Applies a pending request (admins only, 403 otherwise): its text becomes a global document, and the request
     * records it with {@code applied_at}. 404 for no such request, 409 if it was already reviewed.
     */
    public Mono<KnowledgeRequest> apply(Actor actor, UUID requestId) {
        return requireAdmin(actor)
                .then(requests.findById(requestId))
                .switchIfEmpty(Mono.error(KnowledgeRequestService::requestNotFound))
                .flatMap(row -> {
                    if (!KnowledgeRequestStatus.PENDING.wire().equals(row.status())) {
                        return Mono.error(notPending(row));
                    }
                    // The slow part (chunking, embedding) happens before the transaction, which then only writes.
                    return ingestion.prepare(row.title(), null, DocumentFormats.Format.TEXT.mediaType(),
                                    row.content().getBytes(StandardCharsets.UTF_8))
                            .flatMap(prepared -> ingestion.store(prepared, null, actor.userId(),
                                            DocumentIngestion.SOURCE_KNOWLEDGE_REQUEST)
                                    .flatMap(document -> requests.markApplied(requestId, actor.userId(),
                                            document.id(), now()))
                                    // Reviewed by someone else meanwhile: roll the new document back.
                                    .switchIfEmpty(Mono.error(() -> notPending(null)))
                                    .as(transaction::transactional));
                })
                .map(KnowledgeRequestService::toRequest);
    }

    /** Rejects a pending request (admins only, 403 otherwise). 404 for no such request, 409 if already reviewed. */
    public Mono<KnowledgeRequest> reject(Actor actor, UUID requestId) {
        return requireAdmin(actor)
                .then(Mono.defer(() -> requests.markRejected(requestId, actor.userId(), now())))
                .switchIfEmpty(Mono.defer(() -> requests.findById(requestId)
                        .switchIfEmpty(Mono.error(KnowledgeRequestService::requestNotFound))
                        .flatMap(found -> Mono.error(notPending(found)))))
                .map(KnowledgeRequestService::toRequest);
    }

    private static Mono<Void> requireAdmin(Actor actor) {
        return actor.admin() ? Mono.empty()
                : Mono.error(new RillException(ProblemType.FORBIDDEN, "Only admins review knowledge requests"));
    }

    private String checkedTitle(String title) {
        return title == null ? null : Titles.validate("title", title, properties.maxTitleLength());
    }

    private String checkedContent(String content) {
        return checkedText("content", content, properties.maxRequestLength());
    }

    private String checkedReason(String reason) {
        return checkedText("reason", reason, properties.maxReasonLength());
    }

    private static String checkedText(String field, String text, int max) {
        String stripped = text == null ? "" : text.strip();
        if (stripped.isEmpty()) {
            throw RillException.invalid(field, "must not be blank");
        }
        if (stripped.codePointCount(0, stripped.length()) > max) {
            throw RillException.invalid(field, "must be at most " + max + " characters");
        }
        if (stripped.indexOf('\u0000') >= 0) {
            throw RillException.invalid(field, "must not contain NUL characters");
        }
        return stripped;
    }

    private static RillException notPending(KnowledgeRequestRow row) {
        if (row == null) {
            return new RillException(RagProblems.REQUEST_NOT_PENDING, "The knowledge request was reviewed meanwhile");
        }
        return new RillException(RagProblems.REQUEST_NOT_PENDING, "The knowledge request was already "
                + row.status()).with("request_status", row.status());
    }

    private static RillException requestNotFound() {
        return RillException.notFound("The knowledge request");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static KnowledgeRequest toRequest(KnowledgeRequestRow row) {
        return new KnowledgeRequest(row.id(), row.userId(), row.title(), row.content(), row.reason(),
                KnowledgeRequestStatus.fromWire(row.status()), row.documentId(), row.reviewedAt(), row.appliedAt(),
                row.createdAt(), row.updatedAt());
    }
}
