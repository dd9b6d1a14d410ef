package dev.rill.rag.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import dev.rill.embedding.EmbeddingService;
import dev.rill.rag.RagService;
import dev.rill.rag.SearchMode;
import dev.rill.shared.IdKind;
import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Not a test: a measurement, run only with {@code -Drill.benchmark=true} (by {@code loadtest/rag-bench.sh}), with
 * no timing assertions. Against whatever database the run uses, through the application's own code:
 * <ul>
 *   <li>embedding time per sentence: 10,000 generated sentences through {@link EmbeddingService#embedAll} (batches
 *       on the bounded scheduler), and 200 single-sentence {@link EmbeddingService#embed} calls one after another;</li>
 *   <li>search time at 10,000 chunks: 100 documents of 100 chunks, half global and half the user's own, each chunk
 *       about 2,000 characters like a real one; 200 timed searches of the 5 nearest chunks through
 *       {@link ChunkRepository#search} (HNSW or exact, as the schema says), plus {@link RagService#search}
 *       end to end (embedding the query included); and, with pgvector, the recall of the HNSW search against an
 *       exact ordering of the same rows.</li>
 * </ul>
 * Writes a Markdown fragment to {@code rill.benchmark.out}. Vectors are cached in {@code rill.benchmark.vectors},
 * so a second run (the other database) skips embedding the corpus. Removes its documents afterwards.
 */
@EnabledIfSystemProperty(named = "rill.benchmark", matches = "true")
class RagSearchBenchmark extends HttpTest {

    private static final int CHUNKS = 10_000;
    private static final int DOCUMENTS = 100;
    private static final int QUERIES = 200;
    private static final int WARM_UP = 30;
    private static final int LIMIT = 5;
    private static final Duration WAIT = Duration.ofMinutes(10);

    private static final String[] SUBJECTS = {"adult dogs", "puppies", "senior dogs", "kittens", "adult cats",
            "senior cats", "rabbits", "guinea pigs", "hamsters", "ferrets", "parrots", "canaries", "horses", "goats",
            "tortoises", "bearded dragons", "goldfish", "pregnant dogs", "working dogs", "indoor cats"};
    private static final String[] NUTRIENTS = {"protein", "fat", "fibre", "calcium", "phosphorus", "vitamin A",
            "vitamin D", "vitamin E", "vitamin B12", "taurine", "omega-3 fatty acids", "zinc", "iron", "iodine",
            "magnesium", "sodium", "potassium", "copper", "selenium", "water"};
    private static final String[] TEMPLATES = {
            "%s need a steady supply of %s, about %d units per kilogram of body weight each day.",
            "Too much %2$s can harm %1$s over time; keep it under %3$d units a day.",
            "A diet low in %2$s leaves %1$s tired and prone to illness within %3$d weeks.",
            "Vets often check the %2$s intake of %1$s during the yearly visit number %3$d.",
            "Commercial food for %s usually lists %s on the label, at %d percent of dry matter.",
            "Home-cooked meals for %s rarely contain enough %s unless a supplement adds %d milligrams.",
            "Signs that %s lack %s include a dull coat and weight loss of %d percent.",
            "%s absorb %s better when it comes with food, taking about %d minutes.",
            "Growing %s need more %s than grown ones, roughly %d percent more.",
            "Fresh vegetables give %s some %s, but only %d grams per cup.",
            "Ask a vet before giving %s extra %s; an overdose starts near %d units.",
            "In hot weather %s lose %s faster and need %d percent more of it.",
            "Studies on %s show that %s needs change with age, peaking at %d years.",
            "Treats should not provide more than %3$d percent of the %2$s that %1$s eat.",
            "When %s are ill their need for %s can rise by %d percent for a while.",
            "Shelter guidelines for %s set a minimum of %s at %d units per meal.",
            "Raw diets for %s are often unbalanced in %s, off by %d percent or more.",
            "Blood tests reveal the %2$s status of %1$s within %3$d hours.",
            "Breeders feeding %s track %s closely across %d litters.",
            "Water bowls for %s do not replace the %s found in food, about %d millilitres.",
            "Labels for %s food must state %s as a guaranteed minimum of %d percent.",
            "Older guidance for %s underestimated %s by about %d percent.",
            "Active %s burn through %s quickly and need %d extra units on busy days.",
            "Pet insurers see more claims for %s whose diet lacks %s, about %d a year.",
            "Feeding trials with %s measured %s digestibility at %d percent."};
    private static final String FILLER = " This paragraph stands in for the rest of a chunk of a real document,"
            + " which runs to about five hundred tokens of guidance, tables and caveats that the search returns"
            + " along with the sentence that matched.";

    @Autowired
    EmbeddingService embeddings;

    @Autowired
    ChunkRepository chunks;

    @Autowired
    DocumentRepository documents;

    @Autowired
    RagService rag;

    @Autowired
    DatabaseClient db;

    @Autowired
    ReactiveTransactionManager transactionManager;

    @Test
    void measure() throws IOException {
        StringBuilder out = new StringBuilder();
        SearchMode mode = chunks.mode().block(WAIT);
        List<String> sentences = sentences();
        Path cache = Path.of(System.getProperty("rill.benchmark.vectors", "target/rag-benchmark/vectors.bin"));

        List<float[]> vectors;
        if (Files.exists(cache)) {
            vectors = read(cache);
        } else {
            embeddings.embedAll(sentences.subList(0, 200)).block(WAIT);
            long started = System.nanoTime();
            vectors = embeddings.embedAll(sentences).block(WAIT);
            double batchMs = (System.nanoTime() - started) / 1e6;
            write(cache, vectors);
            double[] single = new double[QUERIES];
            for (int i = 0; i < QUERIES; i++) {
                long t = System.nanoTime();
                embeddings.embed("How much " + NUTRIENTS[i % NUTRIENTS.length] + " do " + SUBJECTS[(i * 7)
                        % SUBJECTS.length] + " need, question " + i + "?").block(WAIT);
                single[i] = (System.nanoTime() - t) / 1e6;
            }
            out.append("### Embedding time (").append(embeddings.model()).append(", in process)\n\n")
                    .append("| measure | value |\n|---|---:|\n")
                    .append(row("corpus: " + CHUNKS + " sentences through `embedAll` (batches of 16, "
                            + "`rill-embedding` threads = cores)", fmt(batchMs / 1000) + " s"))
                    .append(row("per sentence, batched (wall time / sentences)", fmt(batchMs / CHUNKS) + " ms"))
                    .append(row("throughput, batched", fmt(CHUNKS / (batchMs / 1000)) + " sentences/s"))
                    .append(row("single `embed` call, p50 (" + QUERIES + " calls, one at a time)",
                            fmt(percentile(single, 50)) + " ms"))
                    .append(row("single `embed` call, p99", fmt(percentile(single, 99)) + " ms"))
                    .append('\n');
        }

        UUID user = IdKind.USER.parse(signUp().userId());
        List<UUID> created = new ArrayList<>();
        long insertStarted = System.nanoTime();
        int perDocument = CHUNKS / DOCUMENTS;
        for (int d = 0; d < DOCUMENTS; d++) {
            UUID owner = d % 2 == 0 ? null : user;
            UUID id = IdKind.newUuid();
            List<String> contents = new ArrayList<>(perDocument);
            for (int c = 0; c < perDocument; c++) {
                contents.add(sentences.get(d * perDocument + c) + FILLER.repeat(8));
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            documents.insert(id, owner, user, "Benchmark document " + d, "text/plain", "upload", 0, "", perDocument,
                            embeddings.model(), now)
                    .then(chunks.insert(id, owner, contents, vectors.subList(d * perDocument, (d + 1) * perDocument)))
                    .as(TransactionalOperator.create(transactionManager)::transactional)
                    .block(WAIT);
            created.add(id);
        }
        double insertS = (System.nanoTime() - insertStarted) / 1e9;
        db.sql("ANALYZE rag_chunks").then().block(WAIT);
        long visible = db.sql("SELECT count(*) AS n FROM rag_chunks WHERE owner_id IS NULL OR owner_id = :u")
                .bind("u", user).map(r -> r.get("n", Long.class)).one().block(WAIT);

        try {
            Random random = new Random(42);
            List<String> questions = new ArrayList<>();
            for (int i = 0; i < QUERIES + WARM_UP; i++) {
                questions.add("How much " + NUTRIENTS[random.nextInt(NUTRIENTS.length)] + " do "
                        + SUBJECTS[random.nextInt(SUBJECTS.length)] + " need?");
            }
            List<float[]> queryVectors = embeddings.embedAll(questions).block(WAIT);
            for (int i = 0; i < WARM_UP; i++) {
                chunks.search(user, queryVectors.get(i), LIMIT, 100).collectList().block(WAIT);
            }
            double[] search = new double[QUERIES];
            List<List<ChunkRepository.Match>> results = new ArrayList<>();
            for (int i = 0; i < QUERIES; i++) {
                long t = System.nanoTime();
                results.add(chunks.search(user, queryVectors.get(WARM_UP + i), LIMIT, 100).collectList()
                        .block(WAIT));
                search[i] = (System.nanoTime() - t) / 1e6;
            }
            double[] endToEnd = new double[50];
            for (int i = 0; i < endToEnd.length; i++) {
                long t = System.nanoTime();
                rag.search(user, questions.get(WARM_UP + i), LIMIT).block(WAIT);
                endToEnd[i] = (System.nanoTime() - t) / 1e6;
            }
            String plan = plan(mode, user, queryVectors.get(WARM_UP));

            out.append("### Search at ").append(String.format(Locale.ROOT, "%,d", visible))
                    .append(" visible chunks: ").append(mode == SearchMode.HNSW
                            ? "pgvector HNSW (cosine, `ef_search` 100, iterative scan)"
                            : "exact fallback (`real[]`, cosine computed in SQL)").append("\n\n")
                    .append("| measure | value |\n|---|---:|\n")
                    .append(row("insert " + CHUNKS + " chunks (" + DOCUMENTS + " documents, one transaction each)",
                            fmt(insertS) + " s (" + fmt(CHUNKS / insertS) + " chunks/s)"))
                    .append(row("`ChunkRepository.search`, 5 nearest, p50 (" + QUERIES + " queries, one at a time)",
                            fmt(percentile(search, 50)) + " ms"))
                    .append(row("p95", fmt(percentile(search, 95)) + " ms"))
                    .append(row("p99", fmt(percentile(search, 99)) + " ms"))
                    .append(row("`RagService.search` end to end (embed the query + search), p50",
                            fmt(percentile(endToEnd, 50)) + " ms"))
                    .append(row("plan", "`" + plan + "`"));
            if (mode == SearchMode.HNSW) {
                out.append(row("recall@5 against an exact ordering of the same rows (" + QUERIES + " queries)",
                        fmt(recall(user, queryVectors.subList(WARM_UP, WARM_UP + QUERIES), results))));
            }
            out.append('\n');
        } finally {
            for (UUID id : created) {
                db.sql("DELETE FROM rag_documents WHERE id = :id").bind("id", id).then().block(WAIT);
            }
        }
        Path target = Path.of(System.getProperty("rill.benchmark.out", "target/rag-benchmark/result.md"));
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, out.toString());
    }

    /** The top plan nodes the planner chose for one search, in one line. */
    private String plan(SearchMode mode, UUID user, float[] query) {
        String sql = mode == SearchMode.HNSW ? ChunkRepository.SEARCH_HNSW : ChunkRepository.SEARCH_EXACT;
        List<String> lines = db.sql("EXPLAIN " + sql).bind("query", ChunkRepository.literal(mode, query))
                .bind("userId", user).bind("limit", LIMIT)
                .map(row -> row.get(0, String.class)).all().collectList().block(WAIT);
        return lines.stream().map(String::strip).filter(l -> l.startsWith("->") || !l.contains(":"))
                .map(l -> l.replaceFirst("^->\\s*", "").replaceAll("\\s*\\(cost=.*$", ""))
                .filter(l -> l.contains("Scan") || l.contains("Sort") || l.contains("Limit"))
                .distinct().reduce((a, b) -> a + " > " + b).orElse("?");
    }

    /** Share of the exact 5 nearest chunks that the search returned, over all queries. */
    private double recall(UUID user, List<float[]> queries, List<List<ChunkRepository.Match>> results) {
        int hits = 0;
        int total = 0;
        for (int i = 0; i < queries.size(); i++) {
            List<String> exact = db.sql("SET LOCAL enable_indexscan = off").then()
                    .thenMany(db.sql(ChunkRepository.SEARCH_HNSW)
                            .bind("query", ChunkRepository.literal(SearchMode.HNSW, queries.get(i)))
                            .bind("userId", user).bind("limit", LIMIT)
                            .map(row -> row.get("document_id", UUID.class) + "/" + row.get("ordinal", Integer.class))
                            .all())
                    .as(TransactionalOperator.create(transactionManager)::transactional)
                    .collectList().block(WAIT);
            Set<String> found = new HashSet<>();
            results.get(i).forEach(m -> found.add(m.documentId() + "/" + m.ordinal()));
            for (String key : exact) {
                hits += found.contains(key) ? 1 : 0;
                total++;
            }
        }
        return total == 0 ? 0 : (double) hits / total;
    }

    private static List<String> sentences() {
        List<String> all = new ArrayList<>(CHUNKS);
        int i = 0;
        for (String template : TEMPLATES) {
            for (String subject : SUBJECTS) {
                for (String nutrient : NUTRIENTS) {
                    String sentence = String.format(Locale.ROOT, template, subject, nutrient, 5 + (i * 37) % 90);
                    all.add(Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1));
                    i++;
                }
            }
        }
        return all;
    }

    private static void write(Path file, List<float[]> vectors) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(vectors.size());
            out.writeInt(vectors.get(0).length);
            for (float[] vector : vectors) {
                for (float value : vector) {
                    out.writeFloat(value);
                }
            }
        }
    }

    private static List<float[]> read(Path file) {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            int count = in.readInt();
            int dimensions = in.readInt();
            List<float[]> vectors = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                float[] vector = new float[dimensions];
                for (int j = 0; j < dimensions; j++) {
                    vector[j] = in.readFloat();
                }
                vectors.add(vector);
            }
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String row(String measure, String value) {
        return "| " + measure + " | " + value + " |\n";
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%,.0f" : "%.2f", value);
    }
}
