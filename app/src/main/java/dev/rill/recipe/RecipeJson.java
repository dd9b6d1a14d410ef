package dev.rill.recipe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON text of the recipe documents for the jsonb columns. A mapper of its own, not the web layer's: the stored
 * form must not change when someone changes the API's naming or null-inclusion settings, and every key is already
 * written out by the code that builds the documents.
 */
final class RecipeJson {

    static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final TypeReference<List<Object>> ARRAY = new TypeReference<>() {
    };

    static {
        // Jackson builds a (de)serializer the first time it meets a type, under a lock; meeting every type used
        // here now keeps that from happening later on an event loop, where BlockHound would rightly object.
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("text", "x");
        sample.put("int", 1);
        sample.put("double", 0.5);
        sample.put("flag", true);
        sample.put("none", null);
        sample.put("list", new ArrayList<>(List.of(Map.of("k", "v"), List.of("s"))));
        sample.put("map", Map.of("k", 1.5));
        sample.put("immutable", List.of(1));
        MAPPER.readValue(MAPPER.writeValueAsString(sample), OBJECT);
        MAPPER.readValue(MAPPER.writeValueAsString(List.of(sample)), ARRAY);
    }

    private RecipeJson() {
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    static Map<String, Object> readObject(String json) {
        return MAPPER.readValue(json, OBJECT);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> readObjects(String json) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object item : MAPPER.readValue(json, ARRAY)) {
            objects.add((Map<String, Object>) item);
        }
        return objects;
    }

    static List<String> readStrings(String json) {
        return MAPPER.readValue(json, ARRAY).stream().map(String::valueOf).toList();
    }
}
