package dev.rill.embedding;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The in-process all-MiniLM-L6-v2 model. Calls are made from Reactor's parallel threads, which BlockHound treats as
 * non-blocking: loading the model or running inference there would fail the test.
 */
class EmbeddingServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static EmbeddingService embeddings;

    @BeforeAll
    static void start() {
        embeddings = new EmbeddingService(new EmbeddingProperties(null, null, null, 384, 0, 16,
                Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stop() {
        embeddings.close();
    }

    @Test
    void similarSentencesScoreHigherThanUnrelatedOnes() {
        List<float[]> vectors = onEventLoop(embeddings.embedAll(List.of(
                "How much protein does an adult dog need every day?",
                "What is the daily protein requirement for a grown dog?",
                "The train to Busan leaves from Seoul station at nine.")));

        double similar = dot(vectors.get(0), vectors.get(1));
        double unrelated = dot(vectors.get(0), vectors.get(2));
        assertThat(similar).isGreaterThan(0.6);
        assertThat(similar).isGreaterThan(unrelated + 0.3);
    }

    @Test
    void vectorsHaveTheModelsDimensionsAndUnitLength() {
        float[] vector = onEventLoop(embeddings.embed("Vitamin D helps the body absorb calcium."));

        assertThat(vector).hasSize(embeddings.dimensions());
        assertThat(embeddings.dimensions()).isEqualTo(384);
        assertThat(embeddings.model()).isEqualTo("all-minilm-l6-v2");
        assertThat(Math.sqrt(dot(vector, vector))).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void sameTextEmbeddedTwiceInARowIsComputedOnce() {
        String text = "Is garlic toxic to dogs? " + System.nanoTime();
        float[] first = onEventLoop(embeddings.embed(text));
        float[] second = onEventLoop(embeddings.embed(text));

        assertThat(second).isSameAs(first);
        assertThat(onEventLoop(embeddings.embedAll(List.of(text))).get(0)).containsExactly(first);
    }

    @Test
    void embedAllKeepsTheOrderAcrossBatches() {
        // More texts than one batch (16), so the result is stitched from several inference tasks.
        List<String> texts = java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> "Sentence number " + i + " is about " + (i % 2 == 0 ? "cats" : "the weather"))
                .toList();

        List<float[]> all = onEventLoop(embeddings.embedAll(texts));

        assertThat(all).hasSize(40);
        for (int i : new int[] {0, 17, 39}) {
            float[] alone = onEventLoop(embeddings.embed(texts.get(i)));
            assertThat(dot(all.get(i), alone)).as("text %d", i).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void concurrentCallersAllGetAnswers() {
        List<float[]> answers = Flux.range(0, 20)
                .flatMap(i -> Mono.defer(() -> embeddings.embed("question " + i))
                        .subscribeOn(Schedulers.parallel()))
                .collectList().block(WAIT);

        assertThat(answers).hasSize(20).allSatisfy(v -> assertThat(v).hasSize(384));
    }

    @Test
    void blankTextIsRefused() {
        StepVerifier.create(embeddings.embedAll(List.of("fine", " ")))
                .expectError(IllegalArgumentException.class).verify(WAIT);
        StepVerifier.create(embeddings.embedAll(List.of())).expectNext(List.of()).verifyComplete();
    }

    @Test
    void normalisingScalesToUnitLengthAndRejectsZero() {
        float[] unit = EmbeddingService.normalised(new float[] {3, 4});

        assertThat(unit).containsExactly(0.6f, 0.8f);
        assertThat(EmbeddingService.normalised(new float[] {0, 0})).isNull();
    }

    /** Subscribes on a parallel (non-blocking) thread, as a request handler would, and waits here. */
    private static <T> T onEventLoop(Mono<T> call) {
        return Mono.defer(() -> call).subscribeOn(Schedulers.parallel()).block(WAIT);
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
