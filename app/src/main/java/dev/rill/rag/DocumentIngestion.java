package dev.rill.rag;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import dev.langchain4j.data.document.BlankDocumentException;
import dev.langchain4j.data.document.parser.apache.pdfbox.ApachePdfBoxDocumentParser;
import dev.rill.embedding.EmbeddingService;
import dev.rill.rag.DocumentFormats.Format;
import dev.rill.rag.internal.ChunkRepository;
import dev.rill.rag.internal.DocumentRepository;
import dev.rill.shared.IdKind;
import dev.rill.shared.RillException;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Turns an accepted upload into a stored document: text out of it, chunks, vectors, rows. Shared by uploads and by
 * applied knowledge requests.
 *
 * <p>Preparing (PDF parsing with langchain4j's PDFBox parser, decoding and chunking text) is CPU work in proportion
 * to the document, so it runs on the {@code rill-document-parse} scheduler ({@code rill.rag.parse-threads}
 * threads, a queue of {@value #QUEUE_LIMIT}); embedding runs on the embedding feature's own bounded scheduler.
 * Storing runs in the caller's transaction, so a document never exists without all of its chunks.
 */
@Component
class DocumentIngestion implements AutoCloseable {

    /** A document ready to store: its text, chunks and their vectors. */
    record Prepared(String title, Format format, long sizeBytes, String text, List<String> chunks,
                    List<float[]> vectors) {
    }

    static final String SOURCE_UPLOAD = "upload";
    static final String SOURCE_KNOWLEDGE_REQUEST = "knowledge_request";

    private static final int QUEUE_LIMIT = 1_000;

    private final EmbeddingService embeddings;
    private final DocumentRepository documents;
    private final ChunkRepository chunks;
    private final RagProperties properties;
    private final Chunker chunker;
    private final Scheduler parser;

    DocumentIngestion(EmbeddingService embeddings, DocumentRepository documents, ChunkRepository chunks,
                      RagProperties properties) {
        this.embeddings = embeddings;
        this.documents = documents;
        this.chunks = chunks;
        this.properties = properties;
        this.chunker = new Chunker(properties.chunkTokens(), properties.chunkOverlapTokens());
        this.parser = Schedulers.newBoundedElastic(properties.effectiveParseThreads(), QUEUE_LIMIT,
                "rill-document-parse");
    }

    /**
     * Reads the text out of {@code bytes}, splits and embeds it. 422 {@code unreadable-document} when there is no
     * text in it, 413 {@code document-too-long} when it splits into too many chunks.
     *
     * Recognising the format (415 if it is not text, Markdown or PDF, see {@link DocumentFormats}) happens here as
     * well: checking 10 MB for valid UTF-8 is not work for an event loop.
     *
     * @param title        the checked title, or {@code null} to use {@code filename} or else the text's first line
     * @param filename     the uploaded file's name, or {@code null}
     * @param declaredType the media type the client declared, or {@code null}
     */
    Mono<Prepared> prepare(String title, String filename, String declaredType, byte[] bytes) {
        return Mono.fromCallable(() -> {
                    Format format = DocumentFormats.detect(bytes, declaredType, filename);
                    String text = format == Format.PDF ? pdfText(bytes) : DocumentFormats.text(bytes);
                    List<String> pieces = chunker.split(text);
                    if (pieces.isEmpty()) {
                        throw new RillException(RagProblems.UNREADABLE_DOCUMENT, "The document contains no text");
                    }
                    if (pieces.size() > properties.maxChunksPerDocument()) {
                        throw new RillException(RagProblems.DOCUMENT_TOO_LONG, "The document's text splits into "
                                + pieces.size() + " chunks; at most " + properties.maxChunksPerDocument()
                                + " are allowed").with("max_chunks", properties.maxChunksPerDocument());
                    }
                    String resolved = title != null ? title
                            : Titles.fromFilename(filename, properties.maxTitleLength());
                    if (resolved == null) {
                        resolved = Titles.fromText(text, properties.maxTitleLength());
                    }
                    return new Prepared(resolved, format, bytes.length, text, pieces, null);
                })
                .subscribeOn(parser)
                .flatMap(prepared -> embeddings.embedAll(prepared.chunks())
                        .map(vectors -> new Prepared(prepared.title(), prepared.format(), prepared.sizeBytes(),
                                prepared.text(), prepared.chunks(), vectors)));
    }

    /** Stores a prepared document and its chunks; run it in a transaction. */
    Mono<KnowledgeDocument> store(Prepared prepared, UUID ownerId, UUID createdBy, String source) {
        return Mono.defer(() -> {
            UUID id = IdKind.newUuid();
            // PostgreSQL keeps microseconds; a finer Instant would not survive a round trip through a cursor.
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            KnowledgeDocument document = new KnowledgeDocument(id, ownerId, prepared.title(),
                    prepared.format().mediaType(), source, prepared.sizeBytes(), prepared.chunks().size(),
                    embeddings.model(), now);
            return documents.insert(id, ownerId, createdBy, document.title(), document.mediaType(), source,
                            document.sizeBytes(), prepared.text(), document.chunkCount(), document.embeddingModel(),
                            now)
                    .then(chunks.insert(id, ownerId, prepared.chunks(), prepared.vectors()))
                    .thenReturn(document);
        });
    }

    private static String pdfText(byte[] bytes) {
        String text;
        try {
            text = new ApachePdfBoxDocumentParser().parse(new ByteArrayInputStream(bytes)).text();
        } catch (BlankDocumentException e) {
            throw new RillException(RagProblems.UNREADABLE_DOCUMENT,
                    "The PDF has no text layer to read (a scanned PDF needs OCR first)");
        } catch (RuntimeException e) {
            // PDFBox's own exceptions arrive wrapped; none of them is the client's to see.
            throw new RillException(RagProblems.UNREADABLE_DOCUMENT,
                    "The PDF could not be read: it is damaged, encrypted or not a PDF after all");
        }
        // PostgreSQL's text cannot hold U+0000, which some PDFs' text contains.
        return (text == null ? "" : text).replace('\u0000', ' ').replace("\r\n", "\n").replace('\r', '\n');
    }

    @Override
    public void close() {
        parser.dispose();
    }
}
