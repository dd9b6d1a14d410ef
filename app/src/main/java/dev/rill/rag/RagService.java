package dev.rill.rag;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import dev.rill.chat.Cursor;
import dev.rill.chat.Page;
import dev.rill.embedding.EmbeddingProperties;
import dev.rill.embedding.EmbeddingService;
import dev.rill.rag.internal.ChunkRepository;
import dev.rill.rag.internal.DocumentRepository;
import dev.rill.rag.internal.DocumentRow;
import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The knowledge base: documents that users (their own) and admins (global ones) upload, and the search over them.
 *
 * <p><b>Visibility.</b> A user sees, lists and searches the global documents and their own, never another user's. A
 * document of another user fails with the same 404 {@code not-found} as one that does not exist. Only admins add
 * or delete global documents (403 {@code forbidden} for others, who can see them).
 *
 * <p><b>Uploads.</b> Text, Markdown or PDF, recognised by their bytes ({@link DocumentFormats}); each is split into
 * chunks of about {@code rill.rag.chunk-tokens} estimated tokens, embedded by {@link EmbeddingService}, and stored
 * with its chunks in one transaction. The call returns when the document is searchable.
 *
 * <p><b>Search.</b> The query is embedded and compared by cosine similarity with every visible chunk: through
 * pgvector's HNSW index when the database has pgvector, exactly in SQL otherwise ({@link #searchMode()}; see
 * {@link ChunkRepository}).
 */
@Service
public class RagService {

    private static final Logger log = LoggerFactory.getLogger(RagService.class);

    private final DocumentRepository documents;
    private final ChunkRepository chunks;
    private final DocumentIngestion ingestion;
    private final EmbeddingService embeddings;
    private final RagProperties properties;
    private final TransactionalOperator transaction;

    RagService(DocumentRepository documents, ChunkRepository chunks, DocumentIngestion ingestion,
               EmbeddingService embeddings, RagProperties properties, ReactiveTransactionManager transactionManager) {
        if (embeddings.dimensions() != EmbeddingProperties.IN_PROCESS_DIMENSIONS) {
            throw new IllegalStateException("The knowledge base stores " + EmbeddingProperties.IN_PROCESS_DIMENSIONS
                    + "-dimensional vectors, but rill.embedding.dimensions is " + embeddings.dimensions()
                    + ": set it to " + EmbeddingProperties.IN_PROCESS_DIMENSIONS);
        }
        this.documents = documents;
        this.chunks = chunks;
        this.ingestion = ingestion;
        this.embeddings = embeddings;
        this.properties = properties;
        this.transaction = TransactionalOperator.create(transactionManager);
    }

    /**
     * Adds a document: the uploader's own, or a global one if {@code upload.scope()} says so and the actor is an
     * admin (403 otherwise). Refuses what is not text, Markdown or PDF (415), an empty or too large file (400, 413),
     * a document without text (422) or with too many chunks (413).
     */
    public Mono<KnowledgeDocument> upload(Actor actor, DocumentUpload upload) {
        return Mono.defer(() -> {
            if (upload.scope() == DocumentScope.GLOBAL && !actor.admin()) {
                return Mono.error(new RillException(ProblemType.FORBIDDEN, "Only admins can add global documents"));
            }
            if (upload.bytes().length == 0) {
                return Mono.error(RillException.invalid("file", "must not be empty"));
            }
            if (upload.bytes().length > properties.maxDocumentSize().toBytes()) {
                return Mono.error(tooLarge(properties));
            }
            String title = upload.title() == null ? null
                    : Titles.validate("title", upload.title(), properties.maxTitleLength());
            UUID owner = upload.scope() == DocumentScope.GLOBAL ? null : actor.userId();
            return ingestion.prepare(title, upload.filename(), upload.declaredType(), upload.bytes())
                    .flatMap(prepared -> ingestion.store(prepared, owner, actor.userId(),
                            DocumentIngestion.SOURCE_UPLOAD).as(transaction::transactional));
        });
    }

    /**
     * One page of the documents the user sees, newest first: their own and the global ones, or only those of
     * {@code scope} when it is not {@code null}.
     *
     * @param limit documents per page, 1 to {@link RagProperties#maxPageSize()}
     */
    public Mono<Page<KnowledgeDocument>> list(UUID userId, DocumentScope scope, Cursor cursor, int limit) {
        return Mono.defer(() -> {
            requireLimit(limit, properties.maxPageSize());
            Flux<DocumentRow> rows = scope == null
                    ? documents.findVisiblePage(userId, cursor.createdAt(), cursor.id(), limit + 1)
                    : scope == DocumentScope.USER
                    ? documents.findOwnPage(userId, cursor.createdAt(), cursor.id(), limit + 1)
                    : documents.findGlobalPage(cursor.createdAt(), cursor.id(), limit + 1);
            return rows.map(RagService::toDocument).collectList()
                    .map(found -> page(found, limit, document -> Cursor.after(document.createdAt(), document.id())));
        });
    }

    /** A document the user sees, with its text; 404 otherwise. */
    public Mono<DocumentText> get(UUID userId, UUID documentId) {
        return documents.findVisible(userId, documentId)
                .switchIfEmpty(Mono.error(RagService::documentNotFound))
                .flatMap(row -> documents.findContent(row.id()).defaultIfEmpty("")
                        .map(content -> new DocumentText(toDocument(row), content)));
    }

    /**
     * Deletes a document and its chunks: the actor's own, or a global one if the actor is an admin (403 for
     * others). Another user's document is 404, as if it did not exist.
     */
    public Mono<Void> delete(Actor actor, UUID documentId) {
        return documents.findVisible(actor.userId(), documentId)
                .switchIfEmpty(Mono.error(RagService::documentNotFound))
                .flatMap(row -> {
                    if (row.ownerId() != null) {
                        return documents.deleteOwned(actor.userId(), documentId);
                    }
                    if (!actor.admin()) {
                        return Mono.error(new RillException(ProblemType.FORBIDDEN,
                                "Only admins can delete global documents"));
                    }
                    return documents.deleteGlobal(documentId);
                })
                // Deleted by someone else in between: the outcome the caller wanted.
                .then();
    }

    /**
     * The {@code limit} chunks most similar to {@code query} among the global documents and the user's own, most
     * similar first, whatever their score; callers apply their own relevance threshold
     * ({@link RagProperties#relevanceThreshold()} for the RAG flow).
     *
     * @param limit 1 to {@link RagProperties#maxSearchLimit()}
     * @throws RillException (as an error signal) 400 on field {@code q} when the query is blank or too long
     */
    public Mono<List<SearchHit>> search(UUID userId, String query, int limit) {
        return Mono.defer(() -> {
            requireLimit(limit, properties.maxSearchLimit());
            String text = query == null ? "" : query.strip();
            if (text.isEmpty()) {
                return Mono.error(RillException.invalid("q", "must not be blank"));
            }
            if (text.codePointCount(0, text.length()) > properties.maxQueryLength()) {
                return Mono.error(RillException.invalid("q", "must be at most " + properties.maxQueryLength()
                        + " characters"));
            }
            return embeddings.embed(text)
                    .flatMapMany(vector -> chunks.search(userId, vector, limit, properties.hnswEfSearch()))
                    .map(match -> new SearchHit(match.documentId(), match.title(), match.content(), match.score()))
                    .collectList();
        });
    }

    /** Whether searches use pgvector's HNSW index or an exact scan, as found in the database. */
    public Mono<SearchMode> searchMode() {
        return chunks.mode();
    }

    /** Finds the search mode once at start-up, which logs it (a WARN without pgvector), and checks old vectors. */
    @EventListener(ApplicationReadyEvent.class)
    void reportSearchMode() {
        chunks.mode()
                .then(documents.countEmbeddedByOtherModels(embeddings.model()))
                .subscribe(stale -> {
                    if (stale > 0) {
                        log.warn("Knowledge base: {} documents were embedded by another model than {}; their chunks"
                                + " score poorly against new queries until they are uploaded again", stale,
                                embeddings.model());
                    }
                }, failure -> log.warn("Knowledge base: could not inspect the schema at start-up ({})",
                        failure.toString()));
    }

    static RillException tooLarge(RagProperties properties) {
        return new RillException(ProblemType.BODY_TOO_LARGE, "A document may be at most "
                + properties.maxDocumentSize().toKilobytes() + " KiB")
                .with("max_bytes", properties.maxDocumentSize().toBytes());
    }

    /** {@code found} holds up to {@code limit + 1} items: the extra one only says that another page exists. */
    static <T> Page<T> page(List<T> found, int limit, Function<T, Cursor> positionOf) {
        if (found.size() <= limit) {
            return new Page<>(found, null);
        }
        List<T> results = found.subList(0, limit);
        return new Page<>(results, positionOf.apply(results.get(limit - 1)));
    }

    /** Clients' limits are checked by the web layer, with the parameter's name; this guards other callers. */
    static void requireLimit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw new IllegalArgumentException("limit must be from 1 to " + max + ", was " + limit);
        }
    }

    private static RillException documentNotFound() {
        return RillException.notFound("The document");
    }

    private static KnowledgeDocument toDocument(DocumentRow row) {
        return new KnowledgeDocument(row.id(), row.ownerId(), row.title(), row.mediaType(), row.source(),
                row.sizeBytes(), row.chunkCount(), row.embeddingModel(), row.createdAt());
    }
}
