package dev.rill.keys;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Users' own provider keys ({@code rill.keys.*}).
 *
 * @param encryptionKeys    key-encryption keys, each an ID and 32 bytes in base64 (from the environment only). The
 *                          first encrypts new keys; every one listed decrypts, so an old one stays listed until
 *                          no row names it. Empty: a key made at start-up, with a warning (development only: stored
 *                          keys cannot be read after a restart)
 * @param httpHosts         hosts a base URL may name over plain {@code http}; every other base URL must be
 *                          {@code https}, so that a key never crosses the network in clear text. Empty by default:
 *                          a local model server ({@code localhost}, Ollama) must be listed on purpose, because a
 *                          key-checking call to a loopback address is also a way to probe the server's own ports
 * @param privateHosts      host names that a base URL may name although they resolve to a loopback, private or
 *                          link-local address (a model server on the LAN, such as {@code vllm.internal}). Every other
 *                          host must resolve to public addresses only, checked at each connection, so that a user's
 *                          base URL cannot reach Rill's own network or a cloud metadata service. Hosts in
 *                          {@code http-hosts} are listed on purpose already and count as listed here too
 * @param validationTimeout how long the provider may take to answer the check made when a key is added
 * @param prices            model name → price per million prompt and completion tokens, for estimated costs; a model
 *                          with no entry shows tokens without a cost. Names with dots need brackets in keys:
 *                          {@code rill.keys.prices.[gpt-4.1].prompt-per-million}
 */
@Validated
@ConfigurationProperties("rill.keys")
public record KeyProperties(
        @DefaultValue({}) @Valid List<EncryptionKey> encryptionKeys,
        @DefaultValue({}) List<String> httpHosts,
        @DefaultValue({}) List<String> privateHosts,
        @DefaultValue("10s") @NotNull Duration validationTimeout,
        @DefaultValue({}) Map<String, @Valid Price> prices) {

    /** Hosts a user's base URL may name whatever they resolve to: {@code private-hosts} and {@code http-hosts}. */
    public List<String> exemptHosts() {
        return java.util.stream.Stream.concat(privateHosts.stream(), httpHosts.stream()).distinct().toList();
    }

    /** What a million tokens of a model cost, in whatever currency the operator writes the table in. */
    public record Price(@NotNull @PositiveOrZero BigDecimal promptPerMillion,
                        @NotNull @PositiveOrZero BigDecimal completionPerMillion) {
    }

    /** One key-encryption key: {@code id} is stored next to each value it encrypts. */
    public record EncryptionKey(@NotBlank String id, @NotBlank String secret) {

        @Override
        public String toString() {
            return "EncryptionKey[id=" + id + ", secret=***]";
        }
    }
}
