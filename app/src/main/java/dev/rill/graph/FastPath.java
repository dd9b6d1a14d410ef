package dev.rill.graph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.rill.embedding.EmbeddingService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * The router's fast path: scores a message against every flow's examples without an LLM round trip. A flow's
 * score is its best example's, and an example's is the mean of two similarities in [0, 1]: lexical overlap
 * ({@link LexicalProfile}, which reads Korean through syllable bigrams) and sentence-embedding cosine (the
 * configured {@link EmbeddingService}; the offline model knows English far better than Korean, which is why the
 * lexical half is there). If embeddings fail, the lexical score alone counts.
 */
@Component
class FastPath {

    private static final Logger log = LoggerFactory.getLogger(FastPath.class);

    /**
     * Cosines of all-MiniLM sentence embeddings: unrelated sentences land around 0.0–0.2 and paraphrases from 0.6
     * up, so 0.15 maps to 0 and 0.75 to 1.
     */
    private static final double COSINE_FLOOR = 0.15;
    private static final double COSINE_SPAN = 0.60;

    /** How well a message fits each flow, best first. */
    record Scores(List<Score> ranked) {

        Score best() {
            return ranked.get(0);
        }

        /** How far the best flow is ahead of the runner-up; the best's own score when there is only one flow. */
        double margin() {
            return ranked.size() < 2 ? ranked.get(0).score() : ranked.get(0).score() - ranked.get(1).score();
        }
    }

    record Score(Flow flow, double score) {
    }

    private final List<Flow> flows;
    private final LexicalProfile lexical;
    private final List<List<Map<String, Double>>> exampleVectors;
    private final EmbeddingService embeddings;
    /** Each flow's examples embedded, once; empty when embeddings are unavailable. */
    private final Mono<List<List<float[]>>> exampleEmbeddings;

    FastPath(FlowRegistry registry, EmbeddingService embeddings) {
        this.flows = registry.flows();
        this.embeddings = embeddings;
        List<List<String>> examples = flows.stream().map(Flow::examples).toList();
        this.lexical = LexicalProfile.learn(examples);
        this.exampleVectors = examples.stream()
                .map(list -> list.stream().map(lexical::vector).toList())
                .toList();
        List<String> all = examples.stream().flatMap(List::stream).toList();
        this.exampleEmbeddings = (all.isEmpty() ? Mono.just(List.<float[]>of()) : embeddings.embedAll(all))
                .map(vectors -> {
                    List<List<float[]>> perFlow = new ArrayList<>();
                    int next = 0;
                    for (List<String> list : examples) {
                        perFlow.add(vectors.subList(next, next + list.size()));
                        next += list.size();
                    }
                    return perFlow;
                })
                .onErrorResume(e -> {
                    log.warn("Cannot embed the flows' examples ({}); the router's fast path goes by words alone",
                            e.getClass().getSimpleName());
                    return Mono.just(List.of());
                })
                .cache();
        // Embedded in the background at start-up, so that the first message does not wait for it.
        exampleEmbeddings.subscribe();
    }

    Mono<Scores> score(String message) {
        Map<String, Double> words = lexical.vector(message);
        return exampleEmbeddings.flatMap(examples -> examples.isEmpty()
                ? Mono.just(rank(words, null, examples))
                : embeddings.embed(message)
                        .map(vector -> rank(words, vector, examples))
                        .onErrorResume(e -> Mono.just(rank(words, null, List.of()))));
    }

    /** The lexical half alone, as the fast path scores when embeddings are unavailable. */
    Scores scoreByWords(String message) {
        return rank(lexical.vector(message), null, List.of());
    }

    private Scores rank(Map<String, Double> words, float[] meaning, List<List<float[]>> examples) {
        List<Score> ranked = new ArrayList<>(flows.size());
        for (int i = 0; i < flows.size(); i++) {
            double best = 0;
            List<Map<String, Double>> lexicalExamples = exampleVectors.get(i);
            for (int j = 0; j < lexicalExamples.size(); j++) {
                double lexicalScore = LexicalProfile.cosine(words, lexicalExamples.get(j));
                double score = meaning == null || examples.isEmpty() ? lexicalScore
                        : (lexicalScore + semantic(meaning, examples.get(i).get(j))) / 2;
                best = Math.max(best, score);
            }
            ranked.add(new Score(flows.get(i), best));
        }
        ranked.sort(Comparator.comparingDouble(Score::score).reversed());
        return new Scores(List.copyOf(ranked));
    }

    private static double semantic(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return Math.max(0, Math.min(1, (dot - COSINE_FLOOR) / COSINE_SPAN));
    }
}
