package dev.rill.llm;

import java.util.Objects;

/**
 * Where an OpenAI-compatible server lives and the key it accepts. Rill's own come from {@code rill.llm.*}; a request
 * may carry others (a user's own key, later).
 *
 * @param baseUrl e.g. {@code https://api.openai.com/v1}; {@code /chat/completions} is appended
 * @param apiKey  sent as a bearer token; never logged
 */
public record Credentials(String baseUrl, String apiKey) {

    public Credentials {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        // One server, one cache entry, whether or not the URL was written with a trailing slash.
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** Keeps the key out of logs and exception messages that print a request. */
    @Override
    public String toString() {
        return "Credentials[baseUrl=" + baseUrl + ", apiKey=***]";
    }
}
