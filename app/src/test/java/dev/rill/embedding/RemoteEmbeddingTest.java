package dev.rill.embedding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * An OpenAI-compatible embedding endpoint, through langchain4j's client over real HTTP. Calls start on Reactor's
 * parallel threads, so BlockHound fails the test if the blocking HTTP call ran there.
 */
class RemoteEmbeddingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private MockWebServer server;
    private EmbeddingService embeddings;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        embeddings = new EmbeddingService(new EmbeddingProperties(server.url("/v1").toString(), "sk-test",
                "text-embedding-3-small", 3, 2, 16, Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        embeddings.close();
        server.close();
    }

    @Test
    void vectorsComeBackNormalisedInOrderAndTheRequestAsksForTheConfiguredModel() throws InterruptedException {
        server.enqueue(json("""
                {"object":"list","model":"text-embedding-3-small","usage":{"prompt_tokens":4,"total_tokens":4},
                 "data":[{"object":"embedding","index":0,"embedding":[3.0,4.0,0.0]},
                         {"object":"embedding","index":1,"embedding":[0.0,0.0,2.0]}]}"""));

        List<float[]> vectors = onParallel(embeddings.embedAll(List.of("first", "second")));

        assertThat(vectors.get(0)).containsExactly(0.6f, 0.8f, 0.0f);
        assertThat(vectors.get(1)).containsExactly(0.0f, 0.0f, 1.0f);
        assertThat(embeddings.model()).isEqualTo("text-embedding-3-small");
        assertThat(embeddings.dimensions()).isEqualTo(3);
        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/embeddings");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer sk-test");
        assertThat(request.getBody().string(StandardCharsets.UTF_8).replaceAll("\\s", ""))
                .contains("\"model\":\"text-embedding-3-small\"").contains("\"dimensions\":3")
                .contains("\"input\":[\"first\",\"second\"]");
    }

    @Test
    void serverErrorBecomesAnEmbeddingFailure() {
        server.enqueue(new MockResponse.Builder().code(500).body("{\"error\":{\"message\":\"boom\"}}").build());
        server.enqueue(new MockResponse.Builder().code(500).body("{\"error\":{\"message\":\"boom\"}}").build());

        Throwable failure = catchThrowable(() -> onParallel(embeddings.embed("text")));

        assertThat(failure).isInstanceOf(EmbeddingFailure.class);
        assertThat(((EmbeddingFailure) failure).type().status().value()).isEqualTo(503);
    }

    @Test
    void vectorOfTheWrongLengthIsAnEmbeddingFailure() {
        server.enqueue(json("""
                {"object":"list","model":"m","usage":{"prompt_tokens":1,"total_tokens":1},
                 "data":[{"object":"embedding","index":0,"embedding":[1.0,0.0]}]}"""));

        Throwable failure = catchThrowable(() -> onParallel(embeddings.embed("text")));

        assertThat(failure).isInstanceOf(EmbeddingFailure.class).hasMessageContaining("expected 3 dimensions");
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    private static <T> T onParallel(Mono<T> call) {
        return Mono.defer(() -> call).subscribeOn(Schedulers.parallel()).block(WAIT);
    }
}
