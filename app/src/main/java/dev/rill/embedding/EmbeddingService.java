package dev.rill.embedding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Turns text into L2-normalised vectors, so that a dot product is the cosine similarity.
 *
 * <p>By default the in-process all-MiniLM-L6-v2 model answers (langchain4j over ONNX Runtime, 384 dimensions): it
 * needs no network and no key. It is trained on English; other languages, Korean included, get weak vectors. With
 * {@code rill.embedding.base-url} set, an OpenAI-compatible {@code /embeddings} endpoint answers instead.
 *
 * <p><b>Threads.</b> Inference is CPU-bound and the remote client blocks, so both run on the {@code rill-embedding}
 * scheduler: {@code rill.embedding.threads} threads (one per CPU by default) and a queue of
 * {@value #QUEUE_LIMIT} tasks. Work beyond that waits in the queue instead of starving the event loops. A call is
 * split into batches of {@code rill.embedding.batch-size} texts, each its own task, so a long document yields
 * between batches to the short queries that a chat turn waits on.
 *
 * <p><b>Loading.</b> The ONNX model (90 MB, 1 to 3 s) is loaded once per JVM, on that scheduler, when the
 * application is ready; calls made before then wait for it. langchain4j keeps the loaded model in a static field,
 * so every application context of a test JVM shares one copy.
 */
@Service
public class EmbeddingService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingService.class);
    private static final int QUEUE_LIMIT = 10_000;
    private static final int RECENT_TEXTS = 512;

    private final EmbeddingProperties properties;
    private final Scheduler scheduler;
    private final Mono<EmbeddingModel> model;
    /** Single texts embedded lately, least recently used first. */
    private final Map<String, float[]> recent = new LinkedHashMap<>(RECENT_TEXTS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > RECENT_TEXTS;
        }
    };

    EmbeddingService(EmbeddingProperties properties) {
        this.properties = properties;
        this.scheduler = Schedulers.newBoundedElastic(properties.effectiveThreads(), QUEUE_LIMIT, "rill-embedding");
        this.model = Mono.fromCallable(this::load).subscribeOn(scheduler).cache();
    }

    /**
     * The vector of {@code text}, L2-normalised; {@code text} must not be blank. The vector is shared: do not modify
     * it. A turn's message is embedded by the router and again by the RAG flow's search a moment later, so the
     * latest few hundred single texts are remembered and the second call costs nothing.
     */
    public Mono<float[]> embed(String text) {
        return Mono.defer(() -> {
            float[] known;
            synchronized (recent) {
                known = recent.get(text);
            }
            if (known != null) {
                return Mono.just(known);
            }
            return embedAll(List.of(text)).map(vectors -> {
                float[] vector = vectors.get(0);
                synchronized (recent) {
                    recent.put(text, vector);
                }
                return vector;
            });
        });
    }

    /**
     * The vectors of {@code texts}, in the same order, each L2-normalised. No text may be blank. An empty list gives
     * an empty list. A remote failure is an {@link EmbeddingFailure}.
     */
    public Mono<List<float[]>> embedAll(List<String> texts) {
        return Mono.defer(() -> {
            for (String text : texts) {
                if (text == null || text.isBlank()) {
                    return Mono.error(new IllegalArgumentException("Cannot embed a blank text"));
                }
            }
            if (texts.isEmpty()) {
                return Mono.just(List.of());
            }
            List<List<String>> batches = new ArrayList<>();
            for (int from = 0; from < texts.size(); from += properties.batchSize()) {
                batches.add(List.copyOf(texts.subList(from, Math.min(texts.size(), from + properties.batchSize()))));
            }
            return model.flatMap(loaded -> Flux.fromIterable(batches)
                    // One task per batch, each queued behind whatever else is waiting for the scheduler.
                    .concatMap(batch -> Mono.fromCallable(() -> run(loaded, batch)).subscribeOn(scheduler))
                    .collectList()
                    .map(EmbeddingService::flatten));
        });
    }

    /** Length of every vector. */
    public int dimensions() {
        return properties.remote() ? properties.dimensions() : EmbeddingProperties.IN_PROCESS_DIMENSIONS;
    }

    /** The model's name, stored with what it embedded so that vectors of different models are never compared. */
    public String model() {
        return properties.remote() ? properties.model() : EmbeddingProperties.IN_PROCESS_MODEL;
    }

    /** Loads the model in the background once the application is up, so the first real call does not wait. */
    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        long started = System.nanoTime();
        model.flatMap(loaded -> properties.remote() ? Mono.just(List.of())
                        : Mono.fromCallable(() -> run(loaded, List.of("warm-up"))).subscribeOn(scheduler))
                .subscribe(
                        ignored -> log.info("Embeddings: {} ({} dimensions, {} threads), ready after {} ms", model(),
                                dimensions(), properties.effectiveThreads(), (System.nanoTime() - started) / 1_000_000),
                        failure -> log.error("Embedding model {} failed to load", model(), failure));
    }

    private EmbeddingModel load() {
        if (properties.remote()) {
            return OpenAiEmbeddingModel.builder()
                    .baseUrl(properties.baseUrl())
                    // Some OpenAI-compatible servers need no key; langchain4j still wants a value.
                    .apiKey(properties.apiKey() == null ? "none" : properties.apiKey())
                    .modelName(properties.model())
                    .dimensions(properties.dimensions())
                    .timeout(properties.timeout())
                    .maxRetries(1)
                    .maxSegmentsPerBatch(properties.batchSize())
                    .httpClientBuilder(JdkHttpClient.builder()
                            .connectTimeout(properties.timeout())
                            .readTimeout(properties.timeout()))
                    .build();
        }
        // langchain4j reads the model through the context class loader; a pooled thread's may not see the app jar.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(EmbeddingService.class.getClassLoader());
        try {
            // A direct executor: inference runs on this scheduler's thread, which is the concurrency limit. The
            // default would start a second, unbounded-queue pool per model instance.
            return new AllMiniLmL6V2EmbeddingModel(Runnable::run);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private List<float[]> run(EmbeddingModel loaded, List<String> batch) {
        List<Embedding> embeddings;
        try {
            embeddings = loaded.embedAll(batch.stream().map(TextSegment::from).toList()).content();
        } catch (RuntimeException e) {
            if (properties.remote()) {
                throw new EmbeddingFailure("The embedding server failed", e);
            }
            throw e;
        }
        if (embeddings == null || embeddings.size() != batch.size()) {
            throw unusable("expected " + batch.size() + " vectors, got "
                    + (embeddings == null ? "none" : embeddings.size()));
        }
        List<float[]> vectors = new ArrayList<>(batch.size());
        for (Embedding embedding : embeddings) {
            float[] vector = embedding.vector();
            if (vector.length != dimensions()) {
                throw unusable("expected " + dimensions() + " dimensions, got " + vector.length);
            }
            float[] unit = normalised(vector);
            if (unit == null) {
                throw unusable("a zero or non-finite vector");
            }
            vectors.add(unit);
        }
        return vectors;
    }

    private RuntimeException unusable(String what) {
        String detail = "The embedding model returned an unusable answer: " + what;
        return properties.remote() ? new EmbeddingFailure(detail, null) : new IllegalStateException(detail);
    }

    /**
     * A copy scaled to length 1, or {@code null} for a zero or non-finite vector. Both models already normalise;
     * this makes it a guarantee, not a hope.
     */
    static float[] normalised(float[] vector) {
        double sum = 0;
        for (float value : vector) {
            sum += (double) value * value;
        }
        if (sum == 0 || Double.isNaN(sum) || Double.isInfinite(sum)) {
            return null;
        }
        double norm = Math.sqrt(sum);
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = (float) (vector[i] / norm);
        }
        return unit;
    }

    private static List<float[]> flatten(List<List<float[]>> batches) {
        List<float[]> all = new ArrayList<>();
        batches.forEach(all::addAll);
        return List.copyOf(all);
    }

    @Override
    public void close() {
        scheduler.dispose();
    }
}
