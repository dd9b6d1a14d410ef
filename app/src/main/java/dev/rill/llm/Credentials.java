package dev.rill.llm;

import java.util.Objects;

import dev.rill.platform.PublicAddressResolver;

/**
 * Where an OpenAI-compatible server lives, the key it accepts and, optionally, which model to ask there. Rill's own
 * come from {@code rill.llm.*}; a turn may carry a user's own.
 *
 * @param baseUrl      e.g. {@code https://api.openai.com/v1}; {@code /chat/completions} is appended
 * @param apiKey       sent as a bearer token; never logged
 * @param model        the model to ask at that server, or {@code null} for {@code rill.llm.model}
 * @param addressGuard when set, how the server's host is resolved: a user-chosen URL must not reach Rill's own
 *                     network, so its connections go through a resolver that refuses non-public addresses
 */
public record Credentials(String baseUrl, String apiKey, String model, PublicAddressResolver addressGuard) {

    public Credentials {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        // One server, one cache entry, whether or not the URL was written with a trailing slash.
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        model = model == null || model.isBlank() ? null : model.strip();
    }

    /** Credentials the operator configured: any address, the configured model. */
    public Credentials(String baseUrl, String apiKey) {
        this(baseUrl, apiKey, null, null);
    }

    /** Keeps the key out of logs and exception messages that print a request. */
    @Override
    public String toString() {
        return "Credentials[baseUrl=" + baseUrl + ", apiKey=***, model=" + model + ", guarded="
                + (addressGuard != null) + "]";
    }
}
