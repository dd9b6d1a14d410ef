package dev.rill.rag.internal;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.rill.rag.SearchMode;
import io.r2dbc.spi.Readable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Chunks and their embeddings, written and searched over R2DBC with SQL of its own: r2dbc-postgresql has no codec
 * for pgvector's type, so vectors travel as text literals and are cast in SQL ({@code '[0.1,…]'::vector} or
 * {@code '{0.1,…}'::real[]}).
 *
 * <p>Which of the two the column holds depends on whether migration V5_2 found pgvector; {@link #mode()} reads it
 * from the catalogue once and logs it. With pgvector, a search is a nearest-neighbour scan of the HNSW index
 * (cosine distance), run in a transaction that sets {@code hnsw.ef_search} and, from pgvector 0.8 on,
 * {@code hnsw.iterative_scan}, so that filtering by owner after the scan still fills the limit. Without it, every
 * visible chunk is scored in SQL by a dot product of the stored unit vectors: exact, but linear in the chunks.
 *
 * <p>A search sees chunks of global documents ({@code owner_id IS NULL}) and of the user's own, never another
 * user's: the filter is in the SQL, on a column copied from the document.
 */
@Component
public class ChunkRepository {

    /** A chunk a search found, with its document's title and its cosine similarity to the query. */
    public record Match(UUID documentId, int ordinal, String title, String content, double score) {
    }

    private static final Logger log = LoggerFactory.getLogger(ChunkRepository.class);

    /** Rows per INSERT statement: 5 parameters each, well under PostgreSQL's 65,535 per statement. */
    private static final int ROWS_PER_INSERT = 100;

    private static final String DETECT = """
            SELECT t.typname AS type,
                   (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS version
            FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = 'rag_chunks'::regclass AND a.attname = 'embedding' AND NOT a.attisdropped""";

    static final String SEARCH_HNSW = """
            SELECT n.document_id, n.ordinal, d.title, n.content, 1 - n.distance AS score
            FROM (SELECT c.document_id, c.ordinal, c.content, c.embedding <=> CAST(:query AS vector) AS distance
                  FROM rag_chunks c
                  WHERE c.owner_id IS NULL OR c.owner_id = :userId
                  ORDER BY distance
                  LIMIT :limit) n
            JOIN rag_documents d ON d.id = n.document_id
            ORDER BY n.distance, n.document_id, n.ordinal""";

    static final String SEARCH_EXACT = """
            SELECT n.document_id, n.ordinal, d.title, n.content, n.score
            FROM (SELECT c.document_id, c.ordinal, c.content,
                         (SELECT sum(x::float8 * y) FROM unnest(c.embedding, CAST(:query AS real[])) AS v (x, y))
                             AS score
                  FROM rag_chunks c
                  WHERE c.owner_id IS NULL OR c.owner_id = :userId
                  ORDER BY score DESC
                  LIMIT :limit) n
            JOIN rag_documents d ON d.id = n.document_id
            ORDER BY n.score DESC, n.document_id, n.ordinal""";

    /** What the schema offers: the search mode, and whether pgvector is new enough for iterative index scans. */
    private record Schema(SearchMode mode, boolean iterativeScan, String version) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final Mono<Schema> schema;

    ChunkRepository(DatabaseClient db, ReactiveTransactionManager transactionManager) {
        this.db = db;
        this.transaction = TransactionalOperator.create(transactionManager);
        // Read once; a failed read (database briefly away) is tried again by the next caller.
        this.schema = db.sql(DETECT).map(ChunkRepository::schemaOf).one()
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("rag_chunks.embedding does not exist")))
                .doOnNext(ChunkRepository::report)
                .cache(found -> Duration.ofMillis(Long.MAX_VALUE), failed -> Duration.ZERO, () -> Duration.ZERO);
    }

    /** How searches run in this database; read from the catalogue on first use, then remembered. */
    public Mono<SearchMode> mode() {
        return schema.map(Schema::mode);
    }

    /**
     * Stores a document's chunks, numbered from 0 in the order given. Runs in the caller's transaction if there is
     * one.
     *
     * @param vectors unit vectors, one per chunk, of the column's dimensions
     */
    public Mono<Void> insert(UUID documentId, UUID ownerId, List<String> contents, List<float[]> vectors) {
        if (contents.size() != vectors.size()) {
            return Mono.error(new IllegalArgumentException(contents.size() + " chunks but " + vectors.size()
                    + " vectors"));
        }
        return schema.flatMap(found -> Flux.range(0, (contents.size() + ROWS_PER_INSERT - 1) / ROWS_PER_INSERT)
                .concatMap(batch -> insertBatch(found.mode(), documentId, ownerId, contents, vectors,
                        batch * ROWS_PER_INSERT, Math.min(contents.size(), (batch + 1) * ROWS_PER_INSERT)))
                .then());
    }

    private Mono<Long> insertBatch(SearchMode mode, UUID documentId, UUID ownerId, List<String> contents,
                                   List<float[]> vectors, int from, int to) {
        String type = mode == SearchMode.HNSW ? "vector" : "real[]";
        StringBuilder sql = new StringBuilder(
                "INSERT INTO rag_chunks (document_id, ordinal, owner_id, content, embedding) VALUES ");
        for (int i = from; i < to; i++) {
            sql.append(i == from ? "" : ", ").append("(:documentId, :ordinal").append(i).append(", :ownerId, :content")
                    .append(i).append(", CAST(:embedding").append(i).append(" AS ").append(type).append("))");
        }
        DatabaseClient.GenericExecuteSpec insert = db.sql(sql.toString()).bind("documentId", documentId);
        insert = ownerId == null ? insert.bindNull("ownerId", UUID.class) : insert.bind("ownerId", ownerId);
        for (int i = from; i < to; i++) {
            insert = insert.bind("ordinal" + i, i)
                    .bind("content" + i, contents.get(i))
                    .bind("embedding" + i, literal(mode, vectors.get(i)));
        }
        return insert.fetch().rowsUpdated();
    }

    /**
     * The {@code limit} chunks closest to {@code query} (a unit vector) among the global documents and the user's
     * own, closest first.
     *
     * @param efSearch candidates the HNSW scan keeps (raised to {@code limit} if lower); ignored by exact search
     */
    public Flux<Match> search(UUID userId, float[] query, int limit, int efSearch) {
        return schema.flatMapMany(found -> {
            if (found.mode() == SearchMode.EXACT) {
                return nearest(SEARCH_EXACT, userId, literal(SearchMode.EXACT, query), limit);
            }
            // SET LOCAL lasts until the end of the transaction, so the settings never leak to a pooled connection.
            Mono<Void> settings = db.sql("SET LOCAL hnsw.ef_search = " + Math.max(efSearch, limit)).then()
                    .then(found.iterativeScan()
                            ? db.sql("SET LOCAL hnsw.iterative_scan = relaxed_order").then() : Mono.empty());
            return settings.thenMany(nearest(SEARCH_HNSW, userId, literal(SearchMode.HNSW, query), limit))
                    .as(transaction::transactional);
        });
    }

    private Flux<Match> nearest(String sql, UUID userId, String query, int limit) {
        return db.sql(sql).bind("query", query).bind("userId", userId).bind("limit", limit)
                .map(row -> new Match(row.get("document_id", UUID.class), row.get("ordinal", Integer.class),
                        row.get("title", String.class), row.get("content", String.class),
                        score(row)))
                .all();
    }

    private static double score(Readable row) {
        Double score = row.get("score", Double.class);
        return score == null ? 0 : score;
    }

    /** pgvector's text form {@code [a,b,…]}, or PostgreSQL's array form {@code {a,b,…}}. */
    static String literal(SearchMode mode, float[] vector) {
        StringBuilder text = new StringBuilder(vector.length * 12);
        text.append(mode == SearchMode.HNSW ? '[' : '{');
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw new IllegalArgumentException("A vector must be finite");
            }
            text.append(i == 0 ? "" : ",").append(vector[i]);
        }
        return text.append(mode == SearchMode.HNSW ? ']' : '}').toString();
    }

    private static Schema schemaOf(Readable row) {
        String type = row.get("type", String.class);
        String version = row.get("version", String.class);
        SearchMode mode = "vector".equals(type) ? SearchMode.HNSW : SearchMode.EXACT;
        return new Schema(mode, mode == SearchMode.HNSW && atLeast(version, 0, 8), version);
    }

    private static void report(Schema schema) {
        if (schema.mode() == SearchMode.HNSW) {
            log.info("Knowledge base: pgvector {} with an HNSW index (cosine){}", schema.version(),
                    schema.iterativeScan() ? ", iterative scans" : "");
        } else if (schema.version() != null) {
            log.warn("Knowledge base: pgvector {} is installed but rag_chunks.embedding is real[] (the extension was"
                    + " created after the migration ran): searches compute an exact cosine over every visible chunk."
                    + " See docs/rag.md to convert the column.", schema.version());
        } else {
            log.warn("Knowledge base: the vector extension (pgvector) is not installed in this database: searches"
                    + " compute an exact cosine over every visible chunk, which slows down as documents grow."
                    + " See docs/rag.md.");
        }
    }

    /** Whether a version such as {@code 0.8.0} is at least {@code major.minor}. */
    static boolean atLeast(String version, int major, int minor) {
        if (version == null) {
            return false;
        }
        String[] parts = version.split("\\.");
        try {
            int foundMajor = Integer.parseInt(parts[0]);
            int foundMinor = parts.length > 1 ? Integer.parseInt(parts[1].replaceAll("[^0-9].*$", "")) : 0;
            return foundMajor > major || (foundMajor == major && foundMinor >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
