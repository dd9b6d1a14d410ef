package dev.rill.rag.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import dev.rill.rag.SearchMode;
import dev.rill.shared.IdKind;
import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Both search paths against the database the suite runs on: the embedded PostgreSQL (no pgvector: exact cosine over
 * {@code real[]}) or one with pgvector (HNSW index), as in CI. The path-specific tests are skipped, with the reason,
 * on the other kind of database; the ranking test runs on both.
 */
class ChunkSearchTest extends HttpTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    ChunkRepository chunks;

    @Autowired
    DocumentRepository documents;

    @Autowired
    DatabaseClient db;

    @Autowired
    ReactiveTransactionManager transactionManager;

    @Test
    void searchModeFollowsWhetherTheDatabaseHasPgvector() {
        boolean pgvector = db.sql("SELECT count(*) AS n FROM pg_extension WHERE extname = 'vector'")
                .map(row -> row.get("n", Long.class)).one().block(WAIT) > 0;

        assertThat(chunks.mode().block(WAIT)).isEqualTo(pgvector ? SearchMode.HNSW : SearchMode.EXACT);
    }

    @Test
    void nearestChunksComeFirstWithTheirCosineAndOtherUsersChunksNever() {
        UUID ada = IdKind.USER.parse(signUp().userId());
        UUID bob = IdKind.USER.parse(signUp().userId());
        float[] query = unit(axis(0, 1f), axis(1, 0.1f));
        UUID adaDoc = document(ada, List.of("near", "middle", "far"),
                List.of(unit(axis(0, 1f)), unit(axis(0, 1f), axis(1, 1f)), unit(axis(2, 1f))));
        UUID bobDoc = document(bob, List.of("identical"), List.of(query));

        List<ChunkRepository.Match> found = chunks.search(ada, query, 50, 100).collectList().block(WAIT);

        assertThat(found).extracting(ChunkRepository.Match::documentId).doesNotContain(bobDoc);
        assertThat(found.subList(0, 2)).extracting(ChunkRepository.Match::content).containsExactly("near", "middle");
        assertThat(found.get(0).documentId()).isEqualTo(adaDoc);
        assertThat(found.get(0).score()).isCloseTo(dot(query, unit(axis(0, 1f))), within(1e-4));
        assertThat(found.get(1).score()).isCloseTo(dot(query, unit(axis(0, 1f), axis(1, 1f))), within(1e-4));
        assertThat(chunks.search(bob, query, 1, 100).blockFirst(WAIT).documentId()).isEqualTo(bobDoc);
    }

    @Test
    void withPgvectorTheSearchUsesTheHnswIndex() {
        assumeThat(chunks.mode().block(WAIT))
                .as("pgvector is not installed in this database (the embedded PostgreSQL has none); CI runs this"
                        + " test against PostgreSQL 15 with pgvector")
                .isEqualTo(SearchMode.HNSW);
        UUID ada = IdKind.USER.parse(signUp().userId());
        document(ada, List.of("only"), List.of(unit(axis(3, 1f))));

        // With a handful of rows the planner rightly prefers scanning by owner and sorting; forbid that to see that
        // the HNSW index can serve the query as written.
        String plan = db.sql("SET LOCAL enable_seqscan = off").then()
                .then(db.sql("SET LOCAL enable_bitmapscan = off").then())
                .then(db.sql("EXPLAIN " + ChunkRepository.SEARCH_HNSW)
                        .bind("query", ChunkRepository.literal(SearchMode.HNSW, unit(axis(3, 1f))))
                        .bind("userId", ada).bind("limit", 5)
                        .map(row -> row.get(0, String.class)).all().collectList()
                        .map(lines -> String.join("\n", lines)))
                .as(TransactionalOperator.create(transactionManager)::transactional)
                .block(WAIT);

        assertThat(plan).contains("rag_chunks_embedding_hnsw_idx");
        assertThat(db.sql("SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute"
                        + " WHERE attrelid = 'rag_chunks'::regclass AND attname = 'embedding'")
                .map(row -> row.get("type", String.class)).one().block(WAIT)).isEqualTo("vector(384)");
    }

    @Test
    void withoutPgvectorEmbeddingsStayRealArraysWithoutAnIndex() {
        assumeThat(chunks.mode().block(WAIT))
                .as("this database has pgvector, so the exact fallback is not in use; the embedded PostgreSQL of"
                        + " ./mvnw verify without RILL_DB_URL runs this test")
                .isEqualTo(SearchMode.EXACT);

        assertThat(db.sql("SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute"
                        + " WHERE attrelid = 'rag_chunks'::regclass AND attname = 'embedding'")
                .map(row -> row.get("type", String.class)).one().block(WAIT)).isEqualTo("real[]");
        assertThat(db.sql("SELECT count(*) AS n FROM pg_indexes WHERE indexname = 'rag_chunks_embedding_hnsw_idx'")
                .map(row -> row.get("n", Long.class)).one().block(WAIT)).isZero();
    }

    @Test
    void vectorsTravelAsTheTextFormOfEachColumnType() {
        float[] vector = {0.5f, -0.25f, 1.0E-5f};

        assertThat(ChunkRepository.literal(SearchMode.HNSW, vector)).isEqualTo("[0.5,-0.25,1.0E-5]");
        assertThat(ChunkRepository.literal(SearchMode.EXACT, vector)).isEqualTo("{0.5,-0.25,1.0E-5}");
        assertThat(ChunkRepository.atLeast("0.8.0", 0, 8)).isTrue();
        assertThat(ChunkRepository.atLeast("0.7.4", 0, 8)).isFalse();
        assertThat(ChunkRepository.atLeast("1.0", 0, 8)).isTrue();
        assertThat(ChunkRepository.atLeast(null, 0, 8)).isFalse();
    }

    private UUID document(UUID owner, List<String> contents, List<float[]> vectors) {
        UUID id = IdKind.newUuid();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        documents.insert(id, owner, owner, "Synthetic", "text/plain", "upload", 1, String.join(" ", contents),
                        contents.size(), "all-minilm-l6-v2", now)
                .then(chunks.insert(id, owner, contents, vectors))
                .block(WAIT);
        return id;
    }

    /** A 384-dimensional vector with {@code value} at {@code index}. */
    private static float[] axis(int index, float value) {
        float[] vector = new float[384];
        vector[index] = value;
        return vector;
    }

    private static float[] unit(float[]... parts) {
        float[] sum = new float[384];
        for (float[] part : parts) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += part[i];
            }
        }
        double norm = Math.sqrt(dot(sum, sum));
        for (int i = 0; i < sum.length; i++) {
            sum[i] = (float) (sum[i] / norm);
        }
        return sum;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
