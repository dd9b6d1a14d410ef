package dev.rill.keys;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the key routes. The base URL's rules depend on configuration, so {@link KeyService} checks it. */
final class KeyRequests {

    static final String LABEL_RULE = "^[^\\p{Cntrl}]*$";
    static final String MODEL_RULE = "^[\\x21-\\x7E]+$";

    private KeyRequests() {
    }

    record Add(
            @Schema(description = "openai, or openai-compatible (any server speaking OpenAI's API; needs base_url)",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @NotNull @Pattern(regexp = "^(openai|openai-compatible)$",
                    message = "must be openai or openai-compatible") String provider,
            @Schema(description = "A name for the key, shown in lists", requiredMode = Schema.RequiredMode.REQUIRED)
            @NotBlank @Size(max = 100) @Pattern(regexp = LABEL_RULE, message = "must be one line") String label,
            @Schema(description = "The provider's API key; checked with the provider, stored encrypted, never shown"
                    + " again", requiredMode = Schema.RequiredMode.REQUIRED)
            // Printable ASCII only: the key becomes an HTTP header, where a line break would start a new header.
            @NotNull @Size(min = 8, max = 512) @Pattern(regexp = "^[\\x21-\\x7E]+$",
                    message = "must be printable ASCII without spaces") String key,
            @Schema(description = "API root such as https://api.openai.com/v1; defaults to that for openai."
                    + " https only, except hosts listed in rill.keys.http-hosts")
            @Size(max = 500) String baseUrl,
            @Schema(description = "The model this key's turns ask for, e.g. llama3.1:8b on an Ollama server;"
                    + " defaults to Rill's configured model")
            @Size(min = 1, max = 200) @Pattern(regexp = MODEL_RULE, message = "must be printable ASCII without spaces")
            String model) {

        /** Keeps the key out of any log line that prints a request body. */
        @Override
        public String toString() {
            return "Add[provider=" + provider + ", label=" + label + ", baseUrl=" + baseUrl + ", model=" + model
                    + ", key=***]";
        }
    }

    record Update(
            @Schema(description = "A new label") @Size(min = 1, max = 100)
            @Pattern(regexp = LABEL_RULE, message = "must be one line") String label,
            @Schema(description = "true makes this the key turns use when they name none (the previous default stops"
                    + " being one); false makes it an ordinary key")
            @JsonProperty("default") Boolean makeDefault,
            @Schema(description = "The model this key's turns ask for; an empty string goes back to Rill's model")
            @Size(max = 200) @Pattern(regexp = "^$|" + MODEL_RULE, message = "must be printable ASCII without spaces")
            String model) {
    }
}
