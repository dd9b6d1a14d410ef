package dev.rill.llm;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Asks the model to answer with one JSON object that follows a schema (OpenAI's {@code response_format} of type
 * {@code json_schema}). The reply still streams as {@link ReplyChunk.Token}s; their concatenation is the JSON.
 * Servers that ignore the format may still answer with anything, so callers parse and validate what comes back.
 *
 * @param name   the schema's name, as OpenAI requires one: letters, digits, {@code _} and {@code -}
 * @param schema a JSON Schema object as parsed JSON, with {@code type: object} at the top
 */
public record ResponseSchema(String name, Map<String, Object> schema) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ResponseSchema {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Schema name must match " + NAME.pattern() + ": " + name);
        }
        schema = Map.copyOf(Objects.requireNonNull(schema, "schema"));
    }
}
