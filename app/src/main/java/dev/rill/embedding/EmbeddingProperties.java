package dev.rill.embedding;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Rill turns text into vectors ({@code rill.embedding.*}).
 *
 * @param baseUrl    an OpenAI-compatible API root ({@code RILL_EMBEDDING_BASE_URL}); {@code /embeddings} is appended.
 *                   Unset or empty: the in-process all-MiniLM-L6-v2 model answers, which needs no network
 * @param apiKey     the key for {@code baseUrl} ({@code RILL_EMBEDDING_API_KEY}, from the environment only); may be
 *                   empty for servers that need none (a local Ollama or vLLM)
 * @param model      the remote model's name ({@code RILL_EMBEDDING_MODEL}); ignored by the in-process model
 * @param dimensions length of every vector. The in-process model has exactly 384; a remote model is asked for this
 *                   many (OpenAI's {@code dimensions} parameter), and a reply of another length is an error
 * @param threads    inference threads; 0 means one per CPU. Inference is CPU-bound, so more threads than cores only
 *                   adds contention. For a remote model these threads wait on HTTP instead
 * @param batchSize  texts per inference call (or per HTTP request); between batches other callers get their turn,
 *                   so a long document cannot hold every thread for its whole length
 * @param timeout    how long one remote request may take
 */
@Validated
@ConfigurationProperties("rill.embedding")
public record EmbeddingProperties(
        String baseUrl,
        String apiKey,
        @DefaultValue(DEFAULT_REMOTE_MODEL) String model,
        @DefaultValue("384") @Min(1) @Max(8192) int dimensions,
        @DefaultValue("0") @Min(0) @Max(256) int threads,
        @DefaultValue("16") @Min(1) @Max(2048) int batchSize,
        @DefaultValue("30s") @NotNull Duration timeout) {

    public static final String IN_PROCESS_MODEL = "all-minilm-l6-v2";
    public static final int IN_PROCESS_DIMENSIONS = 384;
    public static final String DEFAULT_REMOTE_MODEL = "text-embedding-3-small";

    public EmbeddingProperties {
        baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.strip();
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        model = model == null || model.isBlank() ? DEFAULT_REMOTE_MODEL : model.strip();
    }

    /** Whether a remote, OpenAI-compatible server embeds instead of the in-process model. */
    public boolean remote() {
        return baseUrl != null;
    }

    public int effectiveThreads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    @AssertTrue(message = "dimensions must be 384 for the in-process model; set base-url to use another model")
    boolean isInProcessDimensionsFixed() {
        return remote() || dimensions == IN_PROCESS_DIMENSIONS;
    }

    @AssertTrue(message = "base-url must start with http:// or https://")
    boolean isBaseUrlHttp() {
        return baseUrl == null || baseUrl.startsWith("http://") || baseUrl.startsWith("https://");
    }

    @AssertTrue(message = "timeout must be positive")
    boolean isTimeoutPositive() {
        return timeout == null || !(timeout.isNegative() || timeout.isZero());
    }

    /** Keeps the key out of logs and failure analyses that print the bound properties. */
    @Override
    public String toString() {
        return "EmbeddingProperties[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "unset" : "***")
                + ", model=" + model + ", dimensions=" + dimensions + ", threads=" + threads + ", batchSize="
                + batchSize + ", timeout=" + timeout + "]";
    }
}
