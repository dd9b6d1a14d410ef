package dev.rill.llm;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A function the model may call instead of, or before, answering.
 *
 * @param name        what the model calls it by: letters, digits, {@code _} and {@code -}, at most 64 characters
 *                    (OpenAI's rule)
 * @param description when to call it; the model reads this to decide
 * @param parameters  a JSON Schema object, as parsed JSON ({@code Map}, {@code List}, {@code String}, numbers,
 *                    booleans): {@code {"type":"object","properties":{…},"required":[…]}}. Each property's schema is
 *                    sent verbatim; at the top level {@code properties}, {@code required}, {@code description}
 *                    and {@code $defs} are sent. {@code additionalProperties} is not: langchain4j 1.19 writes it
 *                    only for OpenAI's strict tools, which Rill does not enable.
 */
public record ToolSpec(String name, String description, Map<String, Object> parameters) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ToolSpec {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Tool name must match " + NAME.pattern() + ": " + name);
        }
        parameters = parameters == null ? Map.of("type", "object", "properties", Map.of()) : Map.copyOf(parameters);
    }
}
