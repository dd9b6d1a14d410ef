package dev.rill.llm;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The language model Rill answers with ({@code rill.llm.*}).
 *
 * @param baseUrl           an OpenAI-compatible API root ({@code RILL_LLM_BASE_URL}); {@code /chat/completions} is
 *                          appended. Empty counts as unset, as for the model: {@code compose.yaml} passes empty
 *                          values for variables the operator did not set
 * @param apiKey            its key ({@code RILL_LLM_API_KEY}, from the environment only); unset or empty means the
 *                          offline demo model answers
 * @param model             the model name sent with each request ({@code RILL_LLM_MODEL})
 * @param connectTimeout    how long a TCP/TLS connection may take
 * @param firstTokenTimeout how long from sending a request to the first token or tool-call fragment; this also
 *                          bounds the wait for the response headers
 * @param idleTimeout       the longest pause between two pieces of output once the reply has started
 * @param overallTimeout    the longest a whole reply may take
 * @param maxRetries        attempts after the first when the upstream fails before any output (429, 5xx, timeouts,
 *                          refused connections); a failure after output is never retried
 * @param retryBackoff      the delay before the first retry; it doubles for each further one, with jitter
 * @param maxBufferedChunks chunks held for a subscriber that is behind; past this the stream fails with
 *                          {@code OVERRUN} instead of dropping tokens or growing without bound
 * @param temperature       sampling temperature sent upstream; unset leaves the server's default
 * @param maxTokens         {@code max_tokens} sent upstream; unset leaves the server's default
 * @param offline           the offline demo model
 */
@Validated
@ConfigurationProperties("rill.llm")
public record LlmProperties(
        @DefaultValue(DEFAULT_BASE_URL) @NotBlank @Pattern(regexp = "https?://.+") String baseUrl,
        String apiKey,
        @DefaultValue(DEFAULT_MODEL) @NotBlank String model,
        @DefaultValue("5s") @NotNull Duration connectTimeout,
        @DefaultValue("30s") @NotNull Duration firstTokenTimeout,
        @DefaultValue("30s") @NotNull Duration idleTimeout,
        @DefaultValue("5m") @NotNull Duration overallTimeout,
        @DefaultValue("2") @Min(0) @Max(5) int maxRetries,
        @DefaultValue("200ms") @NotNull Duration retryBackoff,
        @DefaultValue("16384") @Min(16) int maxBufferedChunks,
        @DecimalMin("0.0") @DecimalMax("2.0") Double temperature,
        @Positive Integer maxTokens,
        @DefaultValue @Valid Offline offline) {

    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    public static final String DEFAULT_MODEL = "gpt-4o-mini";

    public LlmProperties {
        baseUrl = baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl.strip();
        model = model == null || model.isBlank() ? DEFAULT_MODEL : model.strip();
    }

    /**
     * @param tokenDelay the pause before each token, so the demo streams at a pace a person can watch and a load
     *                   test sees realistic connection lifetimes
     */
    public record Offline(@DefaultValue("30ms") @NotNull Duration tokenDelay) {
    }

    /** An empty key (as {@code RILL_LLM_API_KEY=} leaves it) counts as none. */
    public boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    public Credentials credentials() {
        if (!hasApiKey()) {
            throw new IllegalStateException("RILL_LLM_API_KEY is not set");
        }
        return new Credentials(baseUrl, apiKey.strip());
    }

    /** Keeps the key out of logs and failure analyses that print the bound properties. */
    @Override
    public String toString() {
        return "LlmProperties[baseUrl=" + baseUrl + ", apiKey=" + (hasApiKey() ? "***" : "unset") + ", model="
                + model + ", connectTimeout=" + connectTimeout + ", firstTokenTimeout=" + firstTokenTimeout
                + ", idleTimeout=" + idleTimeout + ", overallTimeout=" + overallTimeout + ", maxRetries=" + maxRetries
                + ", retryBackoff=" + retryBackoff + ", maxBufferedChunks=" + maxBufferedChunks + ", temperature="
                + temperature + ", maxTokens=" + maxTokens + ", offline=" + offline + "]";
    }
}
