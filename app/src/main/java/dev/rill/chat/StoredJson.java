package dev.rill.chat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts message content to and from the JSON text of the jsonb columns. It has a mapper of its own, not the web
 * layer's: the stored form must not change when someone changes the API's naming or null-inclusion settings.
 */
final class StoredJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final String NUL = "\u0000";
    private static final String REPLACEMENT = "\uFFFD";

    private StoredJson() {
    }

    /**
     * The JSON text of {@code value}, with every U+0000 in keys and strings replaced by U+FFFD: jsonb cannot hold
     * U+0000 and would refuse the whole message over one stray character pasted into a chat.
     */
    static String write(Map<String, Object> value) {
        return value == null ? null : MAPPER.writeValueAsString(withoutNul(value));
    }

    static Map<String, Object> read(String json) {
        return json == null ? null : Collections.unmodifiableMap(MAPPER.readValue(json, OBJECT));
    }

    private static Object withoutNul(Object value) {
        if (value instanceof String text) {
            return text.replace(NUL, REPLACEMENT);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(withoutNul(key), withoutNul(item)));
            return copy;
        }
        if (value instanceof Collection<?> items) {
            List<Object> copy = new ArrayList<>(items.size());
            items.forEach(item -> copy.add(withoutNul(item)));
            return copy;
        }
        return value;
    }
}
